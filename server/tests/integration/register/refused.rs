//! Registrations refused: every invalid field reported, one answer for an
//! unknown ID and a wrong Secret Number, the form back with what was
//! typed, and an internal failure that writes nothing.

use crate::helpers::{Backend, PASSWORD, json, registration_form, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    every_invalid_field_is_reported_and_nothing_is_written,
    an_unknown_id_and_a_wrong_secret_get_the_same_answer,
    a_failed_post_without_javascript_returns_to_the_form_with_what_was_typed_except_secrets,
    an_internal_failure_is_answered_with_a_reference_and_writes_nothing,
);

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
