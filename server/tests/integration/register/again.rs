//! Registering again: a confirmed account says so, a mistyped address is
//! replaced with the Secret Number, and two at once leave one account.

use crate::helpers::{
    Backend, PASSWORD, confirmation_token, json, recipient, registration_form, spawn_app,
};
use crate::on_both_backends;

on_both_backends!(
    a_second_registration_of_a_confirmed_account_gets_a_clear_message,
    a_mistyped_address_is_replaced_by_registering_again_with_the_secret_number,
    two_concurrent_registrations_leave_one_account_and_one_working_link,
);

async fn a_second_registration_of_a_confirmed_account_gets_a_clear_message(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    assert_eq!(
        app.register("SIR094701", "4821", "a@example.fr")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.confirm(&app.last_confirmation_token().await)
            .await
            .status(),
        200
    );
    let again = app.register("SIR094701", "4821", "b@example.fr").await;
    assert_eq!(again.status(), 409);
    assert_eq!(json(again).await, "AlreadyRegistered");
    assert_eq!(app.count("accounts").await, 1);
    assert_eq!(
        app.text_value("SELECT email AS v FROM accounts").await,
        "a@example.fr"
    );
    assert_eq!(app.emails().await.len(), 1);
}

async fn a_mistyped_address_is_replaced_by_registering_again_with_the_secret_number(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    assert_eq!(
        app.register("SIR094701", "4821", "marie@exmaple.fr")
            .await
            .status(),
        200
    );
    let typo_link = app.last_confirmation_token().await;
    // Locked out as the old service left candidates: login waits for a confirmation that went astray.
    assert_eq!(
        json(app.login("SIR094701", PASSWORD).await).await,
        "EmailNotConfirmed"
    );
    // A wrong Secret Number replaces nothing.
    assert_eq!(
        app.register("SIR094701", "1111", "evil@example.org")
            .await
            .status(),
        401
    );
    let mut form = registration_form("SIR094701", "4821", "marie@example.fr");
    for (name, value) in &mut form {
        if name.ends_with("password") {
            *value = "autre-mot-2026";
        }
    }
    assert_eq!(app.post("/api/register", &form, None).await.status(), 200);
    assert_eq!(app.count("accounts").await, 1);
    let mails = app.emails().await;
    assert_eq!(
        mails.iter().map(|m| recipient(m)).collect::<Vec<_>>(),
        ["marie@exmaple.fr", "marie@example.fr"],
        "the old address is told nothing"
    );
    let stale = app.confirm(&typo_link).await;
    assert_eq!(stale.status(), 410);
    assert_eq!(
        json(stale).await,
        serde_json::json!({ "TokenInvalid": "Superseded" })
    );
    assert_eq!(
        app.confirm(&confirmation_token(&mails[1])).await.status(),
        200
    );
    assert_eq!(
        app.login("SIR094701", PASSWORD).await.status(),
        401,
        "the first password went with the first address"
    );
    assert_eq!(app.login("SIR094701", "autre-mot-2026").await.status(), 200);
}

async fn two_concurrent_registrations_leave_one_account_and_one_working_link(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let (a, b) = tokio::join!(
        app.register("SIR094701", "4821", "a@example.fr"),
        app.register("SIR094701", "4821", "b@example.fr")
    );
    // The later one replaces the earlier (neither address is confirmed yet).
    assert_eq!([a.status().as_u16(), b.status().as_u16()], [200, 200]);
    assert_eq!(app.count("accounts").await, 1);
    let owner = app.text_value("SELECT email AS v FROM accounts").await;
    let mails = app.emails().await;
    assert_eq!(mails.len(), 2);
    let mut working = Vec::new();
    for mail in &mails {
        if app.confirm(&confirmation_token(mail)).await.status() == 200 {
            working.push(recipient(mail).to_owned());
        }
    }
    assert_eq!(
        working,
        [owner],
        "only the link sent to the account's own address works"
    );
}
