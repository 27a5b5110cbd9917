//! What the centre portal's tests share: a centre, invitations and their
//! emails, a staff session past both factors, and a file uploaded.

use app::domain::{CentreCode, Email, StaffRole};
use app::i18n::Locale;
use app::server::staff::audit::Actor;
use app::server::staff::invitations;

use crate::helpers::{STAFF_PASSWORD, TestApp, link_token, totp_code};

pub const ENTRIES_HEADER: &str =
    "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at";

pub async fn add_centre(app: &TestApp, code: &str) -> CentreCode {
    crate::helpers::add_centre(&app.db, code).await
}

/// Invites `email` through the services, and returns the link's token from the queued email.
pub async fn invite(app: &TestApp, centre: &CentreCode, email: &str) -> String {
    invite_as(app, centre, email, StaffRole::Officer).await
}

pub async fn invite_as(app: &TestApp, centre: &CentreCode, email: &str, role: StaffRole) -> String {
    let state = server::startup::app_state(&app.config)
        .await
        .expect("state");
    invitations::invite(
        &state,
        centre,
        &Email::parse(email).expect("email"),
        role,
        Locale::en,
        &Actor::operator(),
    )
    .await
    .expect("invited");
    invitation_mail(app, email).await
}

/// The newest email sent to `email`, once the server's worker has sent it.
pub async fn mail_to(app: &TestApp, email: &str) -> String {
    let mails = app.emails().await;
    mails
        .into_iter()
        .rev()
        .find(|m| m.lines().any(|l| l.starts_with("To:") && l.contains(email)))
        .unwrap_or_else(|| panic!("no email to {email}"))
}

pub async fn invitation_mail(app: &TestApp, email: &str) -> String {
    link_token(&mail_to(app, email).await, "/centre/invitation?token=")
}

pub fn staff_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__Host-ro_staff="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// The text between `start` and the next `<`.
pub fn text_after<'a>(html: &'a str, start: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {html}"))
        + start.len();
    html[from..].split('<').next().unwrap_or_default()
}

/// Invited, password chosen, signed in with both factors: the staff cookie.
pub async fn staff_session(app: &TestApp, centre: &CentreCode, email: &str) -> String {
    staff_session_as(app, centre, email, StaffRole::Officer).await
}

pub async fn staff_session_as(
    app: &TestApp,
    centre: &CentreCode,
    email: &str,
    role: StaffRole,
) -> String {
    let token = invite_as(app, centre, email, role).await;
    let path = format!("/centre/invitation?token={token}");
    let res = app
        .post_with(
            &path,
            &[
                ("token", &token),
                ("password", STAFF_PASSWORD),
                ("confirm_password", STAFF_PASSWORD),
            ],
            &[("accept", "text/html")],
        )
        .await;
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["location"].to_str().unwrap()
        ),
        (303, "/centre/login?invited=done")
    );
    let res = app
        .post(
            "/centre/login",
            &[("email", email), ("password", STAFF_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["location"].to_str().unwrap()
        ),
        (303, "/centre/second-factor")
    );
    let first = staff_cookie(&res).expect("a staff cookie");
    let res = app.get("/centre/second-factor", Some(&first)).await;
    let (status, location) = (res.status(), res.headers().get("location").cloned());
    let page = res.text().await.unwrap();
    assert_eq!(
        status, 200,
        "the second step's page, not {location:?}: {page}"
    );
    let secret = text_after(&page, "id=\"totp-secret\" class=\"secret\">").to_owned();
    let res = app
        .post(
            "/centre/second-factor",
            &[("code", &totp_code(&secret, chrono::Utc::now().timestamp()))],
            Some(&first),
        )
        .await;
    assert_eq!(res.status(), 200, "the recovery codes are shown");
    staff_cookie(&res).expect("a new staff cookie")
}

pub async fn upload(
    app: &TestApp,
    cookie: &str,
    kind: &str,
    name: &str,
    data: Vec<u8>,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("kind", kind.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(data)
                .file_name(name.to_owned())
                .mime_str("text/csv")
                .expect("mime"),
        );
    let url = format!("{}/centre/upload", app.address);
    app.client
        .post(url)
        .header("origin", &app.origin)
        .header("cookie", cookie)
        .multipart(form)
        .send()
        .await
        .expect("upload")
}
