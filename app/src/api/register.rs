use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;

/// What the page shows after a successful registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    pub id_number: String,
    pub email: String,
}

/// What following a confirmation link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confirmed {
    /// A new account's address: the candidate may now log in.
    Account,
    /// A signed-in candidate's new address replaced the old one.
    NewEmail,
}

/// Creates an unconfirmed account and emails a confirmation link.
#[server(endpoint = "register")]
#[allow(clippy::too_many_arguments)] // one argument per form field
pub async fn register(
    id_number: String,
    secret_number: String,
    email: String,
    password: String,
    confirm_password: String,
    terms: Option<String>,
    updates: Option<String>,
) -> Result<Registered, AppError> {
    use crate::domain::RegistrationInput;
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let input = RegistrationInput {
        id_number: &id_number,
        secret_number: &secret_number,
        email: &email,
        password: &password,
        confirm_password: &confirm_password,
        terms_accepted: super::is_checked(terms.as_deref()),
        wants_updates: super::is_checked(updates.as_deref()),
    };
    let result = match input.validate() {
        Err(errors) => Err(AppError::Invalid(errors)),
        Ok(registration) => match state() {
            Ok(state) => {
                let language = crate::server::request::request_locale();
                crate::server::accounts::register_candidate(&state, registration, language).await
            }
            Err(e) => Err(e),
        },
    };
    let wants_updates = if super::is_checked(updates.as_deref()) { "on" } else { "" };
    return_to_form_on_error::<_, Register>(&result, "/register", &[("id_number", &id_number), ("email", &email), ("updates", wants_updates)]);
    if let Ok(done) = &result {
        // A page of its own, so that it works the same with and without JavaScript.
        let query = url::form_urlencoded::Serializer::new(String::new()).append_pair("id", &done.id_number).append_pair("email", &done.email).finish();
        leptos_axum::redirect(&format!("/register/sent?{query}"));
    }
    with_status(result)
}

/// Sends a new confirmation link and invalidates the previous one. Answers
/// the same whether or not the ID Number has an unconfirmed account.
#[server(endpoint = "resend_confirmation")]
pub async fn resend_confirmation(id_number: String) -> Result<(), AppError> {
    use crate::domain::{Field, FieldErrors, IdNumber};
    use crate::server::request::{state, with_status};
    let result = match IdNumber::parse(&id_number) {
        Err(e) => Err(AppError::Invalid(FieldErrors(vec![(Field::IdNumber, e)]))),
        Ok(id) => match state() {
            Ok(state) => crate::server::accounts::resend_confirmation(&state, &id).await,
            Err(e) => Err(e),
        },
    };
    if result.is_ok() {
        leptos_axum::redirect("/resent");
    }
    with_status(result)
}

/// Confirms the email address behind a link from a confirmation email.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<Confirmed, AppError> {
    use crate::server::request::{state, with_status};
    let result = match state() {
        Ok(state) => crate::server::accounts::confirm_email(&state, &token).await,
        Err(e) => Err(e),
    };
    with_status(result)
}
