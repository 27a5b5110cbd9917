//! An officer's first visit over the wire: the invitation, a password,
//! the app code, an upload with its preview, the import, the audit log
//! and signing out.

use super::support::{ENTRIES_HEADER, add_centre, invite, staff_cookie, text_after, upload};
use crate::helpers::{Backend, STAFF_PASSWORD, spawn_app, totp_code, visible_text};
use crate::on_both_backends;

on_both_backends!(
    an_officer_signs_in_with_a_password_and_an_app_code_uploads_a_file_with_a_preview_and_imports_it,
);

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
                ("password", STAFF_PASSWORD),
                ("confirm_password", STAFF_PASSWORD),
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
            &[
                ("email", "claire@lycee-ampere.fr"),
                ("password", STAFF_PASSWORD),
            ],
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
            &[("code", &totp_code(&secret, chrono::Utc::now().timestamp()))],
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
