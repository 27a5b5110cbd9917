use crate::helpers::{
    Backend, PASSWORD, confirmation_token, json, recipient, registration_form, spawn_app,
    spawn_app_with, spawn_app_with_public_url,
};
use crate::on_both_backends;

on_both_backends!(
    a_valid_registration_creates_an_unconfirmed_account_and_emails_a_link,
    every_invalid_field_is_reported_and_nothing_is_written,
    an_unknown_id_and_a_wrong_secret_get_the_same_answer,
    a_second_registration_of_a_confirmed_account_gets_a_clear_message,
    a_mistyped_address_is_replaced_by_registering_again_with_the_secret_number,
    two_concurrent_registrations_leave_one_account_and_one_working_link,
    the_link_is_built_from_the_public_url_not_the_host_header,
    the_password_is_stored_as_an_argon2id_hash,
    a_failed_post_without_javascript_returns_to_the_form_with_what_was_typed_except_secrets,
    when_the_email_cannot_be_sent_yet_the_account_stands_and_its_email_waits,
    an_internal_failure_is_answered_with_a_reference_and_writes_nothing,
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

async fn every_invalid_field_is_reported_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let long = "x".repeat(10_000);
    // (fields changed from a valid form, the field refused, its problem)
    type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec![("id_number", "SIR09470")],
            "IdNumber",
            "IdNumberFormat",
        ),
        (vec![("id_number", "")], "IdNumber", "Required"),
        (
            vec![("id_number", "SIR094701\u{0}")],
            "IdNumber",
            "IdNumberFormat",
        ),
        (
            vec![("secret_number", "48a1")],
            "SecretNumber",
            "SecretNumberFormat",
        ),
        (vec![("email", "marie@")], "Email", "EmailFormat"),
        (vec![("email", &long)], "Email", "EmailTooLong"),
        (
            vec![("password", "short1"), ("confirm_password", "short1")],
            "Password",
            "PasswordTooShort",
        ),
        (
            vec![
                ("password", "longenough1"),
                ("confirm_password", "longenough1"),
            ],
            "Password",
            "PasswordTooFewDigits",
        ),
        (
            vec![
                ("password", "SIR094701ab"),
                ("confirm_password", "SIR094701ab"),
            ],
            "Password",
            "PasswordContainsIdNumber",
        ),
        (
            vec![
                ("password", "Marie2026!!"),
                ("confirm_password", "Marie2026!!"),
            ],
            "Password",
            "PasswordContainsEmail",
        ),
        (
            vec![("confirm_password", "resultats68")],
            "ConfirmPassword",
            "PasswordsDiffer",
        ),
        (vec![("terms", "")], "Terms", "TermsNotAccepted"),
        (
            vec![("email", "<script>alert(1)</script>@x.fr")],
            "Email",
            "EmailFormat",
        ),
    ];
    for (overrides, field, problem) in cases {
        let mut fields = registration_form("SIR094701", "4821", "marie@example.fr");
        for (k, v) in &overrides {
            fields.retain(|(name, _)| name != k);
            if !v.is_empty() || *k != "terms" {
                fields.push((k, v));
            }
        }
        let res = app.post("/api/register", &fields, None).await;
        assert_eq!(res.status(), 422, "{overrides:?}");
        let body = json(res).await;
        let errors = body["Invalid"].as_array().expect("field errors");
        assert!(
            errors.iter().any(|e| e[0] == field && e[1] == problem),
            "{overrides:?} should give {field}/{problem}, got {body}"
        );
    }
    assert_eq!(app.count("accounts").await, 0);
    assert!(app.emails().await.is_empty());
}

async fn an_unknown_id_and_a_wrong_secret_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let unknown = app.register("ABC123456", "4821", "a@example.fr").await;
    let wrong = app.register("SIR094701", "4820", "a@example.fr").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.status(), 401);
    assert_eq!(json(unknown).await, json(wrong).await);
    assert_eq!(app.count("accounts").await, 0);
}

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

async fn a_failed_post_without_javascript_returns_to_the_form_with_what_was_typed_except_secrets(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let mut fields = registration_form("SIR094701", "9999", "marie@example.fr");
    fields.push(("updates", "on"));
    let res = app
        .client
        .post(format!("{}/api/register", app.address))
        .header("accept", "text/html")
        .header("origin", &app.origin)
        .header("referer", format!("{}/register", app.origin))
        .form(&fields)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 302);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_owned();
    assert!(location.starts_with("/register?__path="), "{location}");
    assert!(
        location.contains("id_number=SIR094701")
            && location.contains("email=marie%40example.fr")
            && location.contains("updates=on"),
        "{location}"
    );
    assert!(
        !location.contains("9999") && !location.contains(PASSWORD),
        "secrets must not travel in the URL: {location}"
    );
    let page = app.get(&location, None).await.text().await.expect("page");
    assert!(page.contains("do not match our records"), "{page}");
    assert!(
        page.contains("value=\"SIR094701\"") && page.contains("value=\"marie@example.fr\""),
        "{page}"
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

async fn an_internal_failure_is_answered_with_a_reference_and_writes_nothing(backend: Backend) {
    // A registration writes the account, its link's token and its email in
    // one transaction: whichever write fails, none of them stays.
    for (broken, intact) in [("email_tokens", "outbox"), ("outbox", "email_tokens")] {
        let app = spawn_app(backend).await;
        app.load_entries().await;
        app.execute(&format!("DROP TABLE {broken}")).await;
        let res = app.register("SIR094701", "4821", "a@example.fr").await;
        assert_eq!(res.status(), 500);
        let body = res.text().await.expect("body");
        assert!(
            body.contains("Internal") && !body.contains(broken),
            "no internals leak: {body}"
        );
        assert_eq!(
            app.count("accounts").await,
            0,
            "no account without its {broken}"
        );
        assert_eq!(
            app.count(intact).await,
            0,
            "no {intact} row without its {broken}"
        );
    }
}
