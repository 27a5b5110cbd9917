//! The account page: only for a session, showing the account, and
//! saving the updates choice.

use super::support::NEW_PASSWORD;
use crate::helpers::{Backend, PASSWORD, json, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    the_account_page_and_its_changes_need_a_session,
    the_account_page_shows_the_account,
    the_updates_choice_is_saved,
);

async fn the_account_page_and_its_changes_need_a_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/account", None).await;
    assert_eq!(page.status(), 303);
    assert_eq!(
        page.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    let calls: [(&str, &[(&str, &str)]); 8] = [
        ("/api/account", &[]),
        (
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        ),
        (
            "/api/change_email",
            &[("email", "new@example.fr"), ("current_password", PASSWORD)],
        ),
        ("/api/set_updates", &[("updates", "on")]),
        ("/api/sign_out_everywhere", &[]),
        ("/api/keep_alive", &[]),
        (
            "/api/add_exam",
            &[
                ("id_number", "SIR094702"),
                ("secret_number", "1907"),
                ("other_password", ""),
            ],
        ),
        (
            "/api/remove_exam",
            &[("exam", "SIR094701"), ("current_password", PASSWORD)],
        ),
    ];
    for (path, fields) in calls {
        let res = app.post(path, fields, None).await;
        assert_eq!(res.status(), 401, "{path}");
        assert_eq!(json(res).await, "NotSignedIn", "{path}");
    }
}

async fn the_account_page_shows_the_account(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let view = json(app.post("/api/account", &[], Some(&cookie)).await).await;
    assert_eq!(
        view,
        serde_json::json!({"id_number": "SIR094701", "exams": [{"id_number": "SIR094701", "exam": "B2 First", "exam_date": "2026-06-13"}], "email": "marie@example.fr", "pending_email": null, "wants_updates": false, "passkeys": [], "passkey_needs_password": false})
    );
    let page = app.get("/account", Some(&cookie)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("page");
    assert!(
        html.contains("marie@example.fr")
            && html.contains("Change your password")
            && html.contains("Sign out of all devices")
    );
}

async fn the_updates_choice_is_saved(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let wants = || async {
        json(app.post("/api/account", &[], Some(&cookie)).await).await["wants_updates"].clone()
    };
    let on = app
        .post("/api/set_updates", &[("updates", "on")], Some(&cookie))
        .await;
    assert_eq!(
        on.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/account?done=updates")
    );
    assert_eq!(wants().await, true);
    app.post("/api/set_updates", &[], Some(&cookie)).await;
    assert_eq!(
        wants().await,
        false,
        "an unticked box is absent from the form"
    );
}
