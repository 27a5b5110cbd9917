//! A registration that succeeds: an unconfirmed account, a link built
//! from the public address, an Argon2id hash, and an email that waits
//! when it cannot be sent yet.

use crate::helpers::{
    Backend, PASSWORD, json, registration_form, spawn_app, spawn_app_with,
    spawn_app_with_public_url,
};
use crate::on_both_backends;

on_both_backends!(
    a_valid_registration_creates_an_unconfirmed_account_and_emails_a_link,
    the_link_is_built_from_the_public_url_not_the_host_header,
    the_password_is_stored_as_an_argon2id_hash,
    when_the_email_cannot_be_sent_yet_the_account_stands_and_its_email_waits,
);

async fn a_valid_registration_creates_an_unconfirmed_account_and_emails_a_link(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let res = app
        .register(" sir094701 ", "4821", "Marie@Example.FR")
        .await;
    assert_eq!(res.status(), 200);
    // The address travels in a cookie for the next page, never in its URL.
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/register/sent?id=SIR094701")
    );
    let remembered = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ro_registered="));
    assert!(
        remembered.is_some_and(|c| c.contains("HttpOnly")
            && c.contains("SameSite=Lax")
            && c.contains("Secure")),
        "{remembered:?}"
    );
    let body = json(res).await;
    assert_eq!(body["id_number"], "SIR094701");
    assert_eq!(body["email"], "Marie@example.fr");
    assert_eq!(app.count("accounts").await, 1);
    assert_eq!(
        app.count("accounts WHERE email_confirmed_at IS NULL").await,
        1
    );
    let mails = app.emails().await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("To: Marie@example.fr"), "{}", mails[0]);
    assert_eq!(app.last_confirmation_token().await.len(), 64);
}

async fn the_link_is_built_from_the_public_url_not_the_host_header(backend: Backend) {
    let app = spawn_app_with_public_url(backend, Some("https://results.example.org")).await;
    app.load_entries().await;
    let fields = registration_form("SIR094701", "4821", "marie@example.fr");
    let res = app
        .client
        .post(format!("{}/api/register", app.address))
        .header("origin", &app.origin)
        .header("host", "evil.example.com")
        .header("x-forwarded-host", "evil.example.com")
        .form(&fields)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let mail = app.emails().await.pop().expect("email");
    assert!(
        mail.contains("https://results.example.org/confirm?token="),
        "{mail}"
    );
    assert!(!mail.contains("evil.example.com"));
}

async fn the_password_is_stored_as_an_argon2id_hash(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    assert_eq!(
        app.register("SIR094701", "4821", "a@example.fr")
            .await
            .status(),
        200
    );
    assert_eq!(
        app.count("accounts WHERE password_hash LIKE '$argon2id$v=19$m=19456,t=2,p=1$%'")
            .await,
        1
    );
    assert_eq!(
        app.count(&format!("accounts WHERE password_hash LIKE '%{PASSWORD}%'"))
            .await,
        0
    );
}

async fn when_the_email_cannot_be_sent_yet_the_account_stands_and_its_email_waits(
    backend: Backend,
) {
    // Nothing listens on port 9 (discard): the SMTP connection is refused.
    let app = spawn_app_with(backend, |c| {
        c.smtp_url = Some("smtp://127.0.0.1:9".to_owned())
    })
    .await;
    app.load_entries().await;
    let res = app.register("SIR094701", "4821", "a@example.fr").await;
    assert_eq!(
        res.status(),
        200,
        "an SMTP outage does not turn candidates away"
    );
    assert_eq!(app.count("accounts").await, 1);
    assert_eq!(app.count("email_tokens").await, 1);
    app.wait_for_sql("SELECT COUNT(*) AS n FROM outbox WHERE attempts >= 1 AND last_error IS NOT NULL AND sent_at IS NULL", 1).await;
    assert_eq!(
        app.text_value("SELECT recipient AS v FROM outbox").await,
        "a@example.fr"
    );
}
