//! The hostile-input corpus against the live server functions: each input
//! in each field gets a 422 naming that field, nothing is written, no email
//! leaves, and the server keeps answering.

#[path = "../../../app/tests/support/hostile.rs"]
mod corpus;

use crate::helpers::{Backend, json, registration_form, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    every_hostile_input_in_every_field_is_refused_with_its_field_and_nothing_is_written
);

async fn every_hostile_input_in_every_field_is_refused_with_its_field_and_nothing_is_written(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    for (name, input) in corpus::hostile_inputs() {
        for (field, label) in [
            ("id_number", "IdNumber"),
            ("secret_number", "SecretNumber"),
            ("email", "Email"),
        ] {
            let mut form = registration_form("SIR094701", "4821", "marie@example.fr");
            for pair in &mut form {
                if pair.0 == field {
                    pair.1 = &input;
                }
            }
            let res = app.post("/api/register", &form, None).await;
            assert_eq!(res.status(), 422, "register, {field}: {name}");
            let body = json(res).await;
            let fields: Vec<&str> = body["Invalid"]
                .as_array()
                .expect("field errors")
                .iter()
                .filter_map(|e| e[0].as_str())
                .collect();
            assert_eq!(fields, [label], "register, {field}: {name}");
        }
        for path in [
            "/api/login",
            "/api/forgot_password",
            "/api/resend_confirmation",
        ] {
            let res = app
                .post(
                    path,
                    &[("id_number", &input), ("password", "resultats69")],
                    None,
                )
                .await;
            assert_eq!(res.status(), 422, "{path}: {name}");
            assert_eq!(
                json(res).await["Invalid"][0][0],
                "IdNumber",
                "{path}: {name}"
            );
        }
    }
    assert_eq!(app.count("accounts").await, 0);
    assert_eq!(app.count("email_tokens").await, 0);
    assert_eq!(
        app.count("failed_attempts").await,
        0,
        "malformed input is not even a guess"
    );
    assert!(app.emails().await.is_empty());
    // The padded valid values are accepted as the values they hold.
    let padded = corpus::padded_valid_inputs();
    let mut form = registration_form("SIR094701", "4821", "marie@example.fr");
    for pair in &mut form {
        if let Some((_, v)) = padded.iter().find(|(f, _)| *f == pair.0) {
            pair.1 = v;
        }
    }
    assert_eq!(app.post("/api/register", &form, None).await.status(), 200);
    assert_eq!(
        app.text_value("SELECT email AS v FROM accounts WHERE id = (SELECT account_id FROM account_entries WHERE id_number = 'SIR094701')")
            .await,
        "marie@example.fr"
    );
}
