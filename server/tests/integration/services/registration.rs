use app::domain::{Confirmed, TokenProblem};
use app::i18n::Locale;
use app::server::entities::account;
use app::server::{ServiceError, accounts};
use sea_orm::EntityTrait;

use super::support::{caller, services};
use crate::helpers::{Backend, PASSWORD, registration_form};
use crate::on_both_backends;

on_both_backends!(
    a_registration_queues_its_confirmation_in_the_callers_language,
    a_wrong_secret_number_and_an_unknown_id_number_get_the_same_answer,
    a_confirmation_link_works_once,
);

async fn a_registration_queues_its_confirmation_in_the_callers_language(backend: Backend) {
    let s = services(backend).await;
    let form = registration_form("SIR094701", "4821", "marie@example.fr");
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
            .unwrap_or_default()
    };
    let input = app::domain::RegistrationInput {
        id_number: field("id_number"),
        secret_number: field("secret_number"),
        email: field("email"),
        password: field("password"),
        confirm_password: field("confirm_password"),
        terms_accepted: true,
        wants_updates: true,
    };
    let french = app::server::Caller {
        locale: Locale::fr,
        ..caller()
    };
    let done = accounts::register_candidate(&s.state, &french, input.validate().expect("valid"))
        .await
        .expect("registered");
    assert_eq!(
        (done.id_number.as_str(), done.email.as_str()),
        ("SIR094701", "marie@example.fr")
    );
    let stored = app::server::exams::account_of(&s.state.db, "SIR094701")
        .await
        .expect("query")
        .expect("account");
    assert_eq!(stored.language, "fr");
    assert!(stored.wants_updates && stored.email_confirmed_at.is_none());
    assert!(
        stored.password_hash.starts_with("$argon2id$"),
        "never the password itself"
    );
    let email = s.last_email().await;
    assert_eq!(email.recipient, "marie@example.fr");
    assert!(
        email.subject.starts_with("Confirmez votre adresse e-mail"),
        "{}",
        email.subject
    );
    assert!(
        email
            .text_body
            .contains("https://results.example.org/confirm?token="),
        "{}",
        email.text_body
    );
}

async fn a_wrong_secret_number_and_an_unknown_id_number_get_the_same_answer(backend: Backend) {
    let s = services(backend).await;
    let wrong = s.register("SIR094701", "1234", PASSWORD).await;
    let unknown = s.register("SIR999999", "4821", PASSWORD).await;
    assert!(
        matches!(wrong, Err(ServiceError::EntryNotMatched)),
        "{wrong:?}"
    );
    assert!(
        matches!(unknown, Err(ServiceError::EntryNotMatched)),
        "{unknown:?}"
    );
    assert_eq!(
        account::Entity::find()
            .all(&s.state.db)
            .await
            .expect("query")
            .len(),
        0
    );
}

async fn a_confirmation_link_works_once(backend: Backend) {
    let s = services(backend).await;
    s.register("SIR094701", "4821", PASSWORD)
        .await
        .expect("registered");
    let token = s.last_link("/confirm?token=").await;
    assert_eq!(
        app::server::confirmation::confirm_email(&s.state, &token)
            .await
            .expect("confirmed"),
        Confirmed::Account
    );
    let again = app::server::confirmation::confirm_email(&s.state, &token).await;
    assert!(
        matches!(again, Err(ServiceError::TokenInvalid(TokenProblem::Used))),
        "{again:?}"
    );
    let forged = app::server::confirmation::confirm_email(&s.state, &"0".repeat(64)).await;
    assert!(
        matches!(
            forged,
            Err(ServiceError::TokenInvalid(TokenProblem::Unknown))
        ),
        "{forged:?}"
    );
}
