use crate::helpers::{Backend, PASSWORD, json, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_link_confirms_the_account_once_and_then_reports_it_was_used,
    an_expired_link_is_refused_and_does_not_confirm,
    an_unknown_token_is_refused,
    tokens_are_stored_only_as_their_sha256,
    resending_invalidates_the_previous_link,
    resending_answers_the_same_for_any_id,
);

async fn a_link_confirms_the_account_once_and_then_reports_it_was_used(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    let token = app.last_confirmation_token().await;
    assert_eq!(app.confirm(&token).await.status(), 200);
    assert_eq!(
        app.count("accounts WHERE email_confirmed_at IS NOT NULL")
            .await,
        1
    );
    let again = app.confirm(&token).await;
    assert_eq!(again.status(), 410);
    assert_eq!(
        json(again).await,
        serde_json::json!({"TokenInvalid": "Used"})
    );
    // The page a candidate opens from the email says the same, without JavaScript.
    let page = app
        .get(&format!("/confirm?token={token}"), None)
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("already been used"), "{page}");
}

async fn an_expired_link_is_refused_and_does_not_confirm(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    let token = app.last_confirmation_token().await;
    // 48 hours and one minute later.
    let past = (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339();
    app.execute(&format!("UPDATE email_tokens SET expires_at = '{past}'"))
        .await;
    let res = app.confirm(&token).await;
    assert_eq!(res.status(), 410);
    assert_eq!(
        json(res).await,
        serde_json::json!({"TokenInvalid": "Expired"})
    );
    assert_eq!(
        app.count("accounts WHERE email_confirmed_at IS NULL").await,
        1
    );
    let page = app
        .get(&format!("/confirm?token={token}"), None)
        .await
        .text()
        .await
        .expect("page");
    assert!(
        page.contains("has expired") && page.contains("Resend confirmation email"),
        "{page}"
    );
}

async fn an_unknown_token_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let res = app.confirm(&"0".repeat(64)).await;
    assert_eq!(res.status(), 410);
    assert_eq!(
        json(res).await,
        serde_json::json!({"TokenInvalid": "Unknown"})
    );
    assert_eq!(app.confirm("").await.status(), 410);
}

async fn tokens_are_stored_only_as_their_sha256(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    let token = app.last_confirmation_token().await;
    assert_eq!(
        app.count(&format!("email_tokens WHERE token_hash = '{token}'"))
            .await,
        0
    );
    let hash = app::server::tokens::hash(&token);
    assert_eq!(
        app.count(&format!("email_tokens WHERE token_hash = '{hash}'"))
            .await,
        1
    );
}

async fn resending_invalidates_the_previous_link(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    let first = app.last_confirmation_token().await;
    // Resends are limited to one a minute: make the first email older than that.
    let earlier = (chrono::Utc::now() - chrono::Duration::minutes(2)).to_rfc3339();
    app.execute(&format!("UPDATE email_tokens SET created_at = '{earlier}'"))
        .await;
    let res = app
        .post(
            "/api/resend_confirmation",
            &[("id_number", "sir094701")],
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.wait_for_emails(2).await.len(), 2);
    let second = app.last_confirmation_token().await;
    assert_ne!(first, second);
    assert_eq!(
        json(app.confirm(&first).await).await,
        serde_json::json!({"TokenInvalid": "Superseded"})
    );
    assert_eq!(app.confirm(&second).await.status(), 200);
    let login = app.login("SIR094701", PASSWORD).await;
    assert_eq!(login.status(), 200);
}

async fn resending_answers_the_same_for_any_id(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    let existing = app
        .post(
            "/api/resend_confirmation",
            &[("id_number", "SIR094701")],
            None,
        )
        .await;
    let unknown = app
        .post(
            "/api/resend_confirmation",
            &[("id_number", "ZZZ999999")],
            None,
        )
        .await;
    let no_account = app
        .post(
            "/api/resend_confirmation",
            &[("id_number", "SIR094702")],
            None,
        )
        .await;
    for res in [existing, unknown, no_account] {
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers().get("location").and_then(|v| v.to_str().ok()),
            Some("/resent")
        );
        assert_eq!(res.text().await.expect("body"), "null");
    }
    // Within a minute of the first email, no second one is sent.
    assert_eq!(app.emails().await.len(), 1);
}
