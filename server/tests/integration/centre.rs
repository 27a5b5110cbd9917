//! The centre portal over the wire: plain form posts, cookies, statuses,
//! and one centre's staff kept to their own centre's data.

use app::domain::{CentreCode, Email, StaffRole};
use app::i18n::Locale;
use app::server::staff::audit::Actor;
use app::server::staff::invitations;

use crate::helpers::{Backend, TestApp, link_token, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(
    an_officer_signs_in_with_a_password_and_an_app_code_uploads_a_file_with_a_preview_and_imports_it,
    a_centres_staff_cannot_import_another_staff_members_upload_nor_reach_the_portal_without_both_factors,
    a_file_too_large_is_refused_beside_its_field_and_nothing_is_kept,
    staff_find_a_candidate_give_a_new_secret_number_and_move_a_release_time_through_plain_forms,
    an_admin_invites_a_colleague_from_the_portal_and_an_officer_cannot,
);

const PASSWORD: &str = "portail-2026-centre";
const ENTRIES_HEADER: &str =
    "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at";

async fn add_centre(app: &TestApp, code: &str) -> CentreCode {
    crate::helpers::add_centre(&app.db, code).await
}

/// Invites `email` through the services, and returns the link's token from the queued email.
async fn invite(app: &TestApp, centre: &CentreCode, email: &str) -> String {
    invite_as(app, centre, email, StaffRole::Officer).await
}

async fn invite_as(app: &TestApp, centre: &CentreCode, email: &str, role: StaffRole) -> String {
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
async fn mail_to(app: &TestApp, email: &str) -> String {
    let mails = app.emails().await;
    mails
        .into_iter()
        .rev()
        .find(|m| m.lines().any(|l| l.starts_with("To:") && l.contains(email)))
        .unwrap_or_else(|| panic!("no email to {email}"))
}

async fn invitation_mail(app: &TestApp, email: &str) -> String {
    link_token(&mail_to(app, email).await, "/centre/invitation?token=")
}

fn staff_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__Host-ro_staff="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

fn code_for(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.replace(' ', ""))
        .to_bytes()
        .expect("base 32");
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    )
    .expect("totp");
    totp.generate_current().expect("clock")
}

/// The text between `start` and the next `<`.
fn text_after<'a>(html: &'a str, start: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} in {html}"))
        + start.len();
    html[from..].split('<').next().unwrap_or_default()
}

/// Invited, password chosen, signed in with both factors: the staff cookie.
async fn staff_session(app: &TestApp, centre: &CentreCode, email: &str) -> String {
    staff_session_as(app, centre, email, StaffRole::Officer).await
}

async fn staff_session_as(
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
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
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
            &[("email", email), ("password", PASSWORD)],
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
    let page = app
        .get("/centre/second-factor", Some(&first))
        .await
        .text()
        .await
        .unwrap();
    let secret = text_after(&page, "id=\"totp-secret\" class=\"secret\">").to_owned();
    let res = app
        .post(
            "/centre/second-factor",
            &[("code", &code_for(&secret))],
            Some(&first),
        )
        .await;
    assert_eq!(res.status(), 200, "the recovery codes are shown");
    staff_cookie(&res).expect("a new staff cookie")
}

async fn upload(
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

async fn an_officer_signs_in_with_a_password_and_an_app_code_uploads_a_file_with_a_preview_and_imports_it(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let centre = add_centre(&app, "FR-LYON-02").await;
    let res = app.get("/centre", None).await;
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["location"].to_str().unwrap()
        ),
        (303, "/centre/login")
    );
    let login = app.get("/centre/login", None).await;
    assert_eq!(login.headers()["cache-control"], "no-store");
    let page = visible_text(&login.text().await.unwrap());
    assert!(
        page.contains("Email") && page.contains("Password") && page.contains("Sign in"),
        "{page}"
    );

    let token = invite(&app, &centre, "claire@lycee-ampere.fr").await;
    let page = visible_text(
        &app.get(&format!("/centre/invitation?token={token}"), None)
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(page.contains("claire@lycee-ampere.fr"), "{page}");
    let path = format!("/centre/invitation?token={token}");
    let weak = app
        .post_with(
            &path,
            &[
                ("token", &token),
                ("password", "court1"),
                ("confirm_password", "court1"),
            ],
            &[("accept", "text/html")],
        )
        .await;
    assert_eq!(weak.status(), 422);
    assert!(
        weak.text()
            .await
            .unwrap()
            .contains("id=\"password-error\" aria-live=\"polite\" class=\"error\">"),
        "the problem beside the field"
    );
    let res = app
        .post_with(
            &path,
            &[
                ("token", &token),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
            &[("accept", "text/html")],
        )
        .await;
    assert_eq!(res.status(), 303);

    let wrong = app
        .post(
            "/centre/login",
            &[
                ("email", "claire@lycee-ampere.fr"),
                ("password", "pas-le-bon-00"),
            ],
            None,
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert!(visible_text(&wrong.text().await.unwrap()).contains("Email or password incorrect"));
    let res = app
        .post(
            "/centre/login",
            &[("email", "claire@lycee-ampere.fr"), ("password", PASSWORD)],
            None,
        )
        .await;
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__Host-ro_staff="))
        .expect("cookie")
        .to_owned();
    for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(flag), "{flag} in {set_cookie}");
    }
    let first = staff_cookie(&res).expect("cookie");
    let res = app.get("/centre/upload", Some(&first)).await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/centre/second-factor",
        "the password alone opens no portal page"
    );
    let page = app
        .get("/centre/second-factor", Some(&first))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<svg"), "a QR code to scan");
    let secret = text_after(&page, "id=\"totp-secret\" class=\"secret\">").to_owned();
    let res = app
        .post("/centre/second-factor", &[("code", "12345")], Some(&first))
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text().await.unwrap().contains(
            "id=\"code-error\" aria-live=\"polite\" class=\"error\">Enter the 6-digit code"
        )
    );
    let res = app
        .post(
            "/centre/second-factor",
            &[("code", &code_for(&secret))],
            Some(&first),
        )
        .await;
    assert_eq!(res.status(), 200);
    let cookie = staff_cookie(&res).expect("a new session id after the second factor");
    let html = res.text().await.unwrap();
    assert_eq!(
        html.matches("<li><code>").count(),
        10,
        "ten recovery codes, shown once"
    );
    assert_eq!(
        app.get("/centre", Some(&first)).await.headers()["location"]
            .to_str()
            .unwrap(),
        "/centre/login",
        "the password-only session is over"
    );

    let home = app.get("/centre", Some(&cookie)).await;
    assert_eq!(home.status(), 200);
    let page = visible_text(&home.text().await.unwrap());
    assert!(
        page.contains("Lycée Ampère") && page.contains("claire@lycee-ampere.fr"),
        "{page}"
    );

    // One bad row: the preview says where and what, and nothing is written.
    let release = "2026-07-12T10:00:00+02:00";
    let bad = format!("{ENTRIES_HEADER}\r\nLYN000001;1111\r\n").replace(',', ";");
    let bad = format!("{bad}LYN000002;22;Hugo;Roux;B2 First;2026-06-13;{release}\r\n");
    let res = upload(
        &app,
        &cookie,
        "entries",
        "inscriptions.csv",
        bad.into_bytes(),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let page = visible_text(&res.text().await.unwrap());
    assert!(
        page.contains("2 rows: 0 new, 0 updated, 2 with problems"),
        "{page}"
    );
    assert!(
        page.contains("secret_number: Enter the four digits of your Secret Number."),
        "the rule's words beside the row: {page}"
    );
    assert!(!page.contains("Every row can be imported"), "{page}");
    assert_eq!(app.count("entries").await, 0, "the preview writes nothing");

    let good = format!(
        "\u{FEFF}{ENTRIES_HEADER}\r\nLYN000001,1111,Chloé,Girard,B2 First,2026-06-13,{release}\r\nLYN000002,2222,Hugo,Roux,B2 First,2026-06-13,{release}\r\n"
    );
    let res = upload(
        &app,
        &cookie,
        "entries",
        "inscriptions.csv",
        good.into_bytes(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(visible_text(&html).contains("2 rows: 2 new, 0 updated, 0 with problems"));
    assert_eq!(app.count("entries").await, 0, "still nothing before Import");
    let upload_id = text_after(&html, "name=\"upload\" value=\"")
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned();
    let res = app
        .post("/centre/import", &[("upload", &upload_id)], Some(&cookie))
        .await;
    assert_eq!(res.status(), 200);
    assert!(visible_text(&res.text().await.unwrap()).contains("2 rows imported: 2 new, 0 updated"));
    assert_eq!(
        app.count("entries WHERE centre_code = 'FR-LYON-02'").await,
        2
    );
    let again = app
        .post("/centre/import", &[("upload", &upload_id)], Some(&cookie))
        .await;
    assert_eq!(again.status(), 404, "an upload is imported once");

    let audit = visible_text(
        &app.get("/centre/audit", Some(&cookie))
            .await
            .text()
            .await
            .unwrap(),
    );
    for action in [
        "invitation",
        "invitation-accepted",
        "second-factor-added",
        "sign-in",
        "upload",
        "import",
    ] {
        assert!(audit.contains(action), "{action} in the log: {audit}");
    }
    let csv = app.get("/centre/audit.csv", Some(&cookie)).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers()["cache-control"], "no-store");
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with("at_utc,staff,action,detail,address\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",claire@lycee-ampere.fr,import,\"inscriptions.csv (entries): 2 rows, 2 new, 0 updated, 0 unchanged, 0 with problems\",127.0.0.1\n"),
        "{csv}"
    );
    assert!(
        csv.contains(",claire@lycee-ampere.fr,invitation-accepted,,127.0.0.1\n"),
        "from where, each time: {csv}"
    );

    let res = app.post("/centre/sign-out", &[], Some(&cookie)).await;
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        "/centre/login?signed_out=done"
    );
    assert_eq!(
        app.get("/centre", Some(&cookie)).await.headers()["location"]
            .to_str()
            .unwrap(),
        "/centre/login"
    );
}

async fn a_centres_staff_cannot_import_another_staff_members_upload_nor_reach_the_portal_without_both_factors(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let claire = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    let other = staff_session(&app, &CentreCode::default_centre(), "paul@example.org").await;

    // Lyon cannot load the default centre's candidate.
    let file = format!(
        "{ENTRIES_HEADER}\nSIR094701,9999,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n"
    );
    let page = visible_text(
        &upload(&app, &claire, "entries", "a.csv", file.clone().into_bytes())
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(page.contains("belongs to another centre"), "{page}");
    // Paul (the default centre) may, but Claire cannot import Paul's upload.
    let html = upload(&app, &other, "entries", "b.csv", file.into_bytes())
        .await
        .text()
        .await
        .unwrap();
    let upload_id = text_after(&html, "name=\"upload\" value=\"")
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned();
    let res = app
        .post("/centre/import", &[("upload", &upload_id)], Some(&claire))
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(app.count("entries WHERE secret_number = '9999'").await, 0);
    // Each sees only their own centre's log.
    let log = app
        .get("/centre/audit.csv", Some(&claire))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        log.contains("claire@lycee-ampere.fr") && !log.contains("paul@example.org"),
        "{log}"
    );
    // A cross-site post is refused, as everywhere.
    let res = app
        .post_with(
            "/centre/import",
            &[("upload", &upload_id)],
            &[("cookie", &other), ("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(res.status(), 403);
    // Candidates' sessions open nothing here.
    let candidate = app.signed_in("SIR094701", "4821").await;
    assert_eq!(
        app.get("/centre/audit", Some(&candidate)).await.headers()["location"]
            .to_str()
            .unwrap(),
        "/centre/login"
    );
}

async fn a_file_too_large_is_refused_beside_its_field_and_nothing_is_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let cookie = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    // Twice the limit: the answer still comes back as a page.
    let big = vec![b'a'; 2 * app::domain::MAX_UPLOAD_BYTES];
    let res = upload(&app, &cookie, "entries", "big.csv", big).await;
    let status = res.status();
    let html = res.text().await.unwrap();
    assert_eq!(status, 422, "{}", visible_text(&html));
    let error = &html[html.find("id=\"file-error\"").expect("the field's error")..];
    assert!(
        visible_text(&error[..error.find("</p>").expect("end")])
            .contains("This file is larger than 4 MB"),
        "{}",
        visible_text(&html)
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(app.count("centre_uploads").await, 0);
}

async fn staff_find_a_candidate_give_a_new_secret_number_and_move_a_release_time_through_plain_forms(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let release = (chrono::Utc::now() + chrono::Duration::days(3)).format("%Y-%m-%dT%H:%M:%SZ");
    let csv = format!(
        "{ENTRIES_HEADER}\nLYN000001,1111,Chloé,Girard,B2 First,2026-06-13,{release}\nLYN000002,2222,Hugo,Roux,B2 First,2026-06-13,{release}\n"
    );
    crate::helpers::import_entries(&app.db, &lyon, csv.as_bytes())
        .await
        .expect("entries");
    let cookie = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;

    let res = app.get("/centre/candidates?q=roux", Some(&cookie)).await;
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["cache-control"].to_str().unwrap()
        ),
        (200, "no-store")
    );
    let page = visible_text(&res.text().await.unwrap());
    assert!(
        page.contains("LYN000002") && page.contains("Hugo Roux") && page.contains("Not registered"),
        "{page}"
    );
    assert!(
        !page.contains("LYN000001") && !page.contains("SIR094701"),
        "{page}"
    );

    let res = app
        .post(
            "/centre/candidates/secret",
            &[("id_number", "LYN000002")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    let shown = text_after(&html, "class=\"secret-number\"><strong>").to_owned();
    assert_eq!(
        app.text_value("SELECT secret_number AS v FROM entries WHERE id_number = 'LYN000002'")
            .await,
        shown
    );
    let res = app
        .post(
            "/centre/candidates/secret",
            &[("id_number", "SIR094701")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status(), 404, "another centre's candidate");
    assert_eq!(
        app.text_value("SELECT secret_number AS v FROM entries WHERE id_number = 'SIR094701'")
            .await,
        "4821"
    );

    let page = app
        .get("/centre/release", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        visible_text(&page).contains("2 candidates; results visible from"),
        "{}",
        visible_text(&page)
    );
    let current = text_after(&page, "name=\"current\" value=\"")
        .split('"')
        .next()
        .unwrap_or_default()
        .replace("&#x2B;", "+");
    let fields = |when: &str| {
        vec![
            ("exam", "B2 First".to_owned()),
            ("exam_date", "2026-06-13".to_owned()),
            ("current", current.clone()),
            ("release_at", when.to_owned()),
        ]
    };
    let app_ref = &app;
    let post = |f: Vec<(&'static str, String)>| {
        let c = cookie.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app_ref.post("/centre/release", &pairs, Some(&c)).await
        }
    };
    let res = post(fields("2020-01-01T10:00")).await;
    assert_eq!(res.status(), 422);
    assert!(
        visible_text(&res.text().await.unwrap()).contains("Choose a time that has not passed yet.")
    );
    let target = (chrono::Utc::now() + chrono::Duration::days(9)).date_naive();
    let res = post(fields(&format!("{target}T09:30"))).await;
    assert_eq!(res.status(), 200);
    let page = visible_text(&res.text().await.unwrap());
    assert!(
        page.contains(&format!(
            "B2 First: 2 candidates; results will be visible from {target} 09:30 (Europe/Paris)."
        )),
        "{page}"
    );
    assert_eq!(
        app.count(
            "entries WHERE centre_code = 'FR-LYON-02' AND results_release_at > CURRENT_TIMESTAMP"
        )
        .await,
        2
    );
    let csv = app
        .get("/centre/audit.csv", Some(&cookie))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(",secret-number-reissued,LYN000002,")
            && csv.contains(",release-time-changed,"),
        "{csv}"
    );
}

async fn an_admin_invites_a_colleague_from_the_portal_and_an_officer_cannot(backend: Backend) {
    let app = spawn_app(backend).await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let admin = staff_session_as(&app, &lyon, "direction@lycee-ampere.fr", StaffRole::Admin).await;
    let home = visible_text(&app.get("/centre", Some(&admin)).await.text().await.unwrap());
    assert!(home.contains("Invite a colleague"), "{home}");
    let res = app
        .post(
            "/centre/invite",
            &[("email", "nouveau@lycee-ampere.fr"), ("language", "fr")],
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        visible_text(&res.text().await.unwrap())
            .contains("Invitation sent to nouveau@lycee-ampere.fr.")
    );
    let mail = mail_to(&app, "nouveau@lycee-ampere.fr").await;
    assert!(mail.contains("/centre/invitation?token="), "{mail}");
    let again = app
        .post(
            "/centre/invite",
            &[("email", "nouveau@lycee-ampere.fr"), ("language", "fr")],
            Some(&admin),
        )
        .await;
    assert_eq!(
        again.status(),
        200,
        "inviting again sends a new link, which replaces the old one"
    );
    let taken = app
        .post(
            "/centre/invite",
            &[("email", "direction@lycee-ampere.fr"), ("language", "fr")],
            Some(&admin),
        )
        .await;
    assert_eq!(taken.status(), 422);
    assert!(
        visible_text(&taken.text().await.unwrap())
            .contains("This address already has a staff account")
    );

    let officer = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    let home = visible_text(
        &app.get("/centre", Some(&officer))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert!(!home.contains("Invite a colleague"), "{home}");
    let res = app
        .post(
            "/centre/invite",
            &[("email", "autre@lycee-ampere.fr"), ("language", "en")],
            Some(&officer),
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        app.count("staff WHERE email = 'autre@lycee-ampere.fr'")
            .await,
        0
    );
    let csv = app
        .get("/centre/audit.csv", Some(&admin))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(
            ",direction@lycee-ampere.fr,invitation,nouveau@lycee-ampere.fr (officer),127.0.0.1"
        ),
        "{csv}"
    );
}
