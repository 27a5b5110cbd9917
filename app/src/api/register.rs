use leptos::prelude::*;

use super::AppError;
use crate::domain::{Confirmed, Registered};

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
    use super::adapter::{Form, redirect};
    use crate::domain::RegistrationInput;
    use crate::server::ServiceError;
    let wants_updates = super::is_checked(updates.as_deref());
    let input = RegistrationInput {
        id_number: &id_number,
        secret_number: &secret_number,
        email: &email,
        password: &password,
        confirm_password: &confirm_password,
        terms_accepted: super::is_checked(terms.as_deref()),
        wants_updates,
    };
    let form =
        Form::<Register>::back_to("/register").keep("id_number", &id_number).keep("email", &email).keep("updates", if wants_updates { "on" } else { "" });
    let done = form
        .call(async |state, caller| {
            let registration = input.validate().map_err(ServiceError::Invalid)?;
            crate::server::accounts::register_candidate(state, caller, registration).await
        })
        .await?;
    // A page of its own, so that it works the same with and without JavaScript.
    let query = url::form_urlencoded::Serializer::new(String::new()).append_pair("id", &done.id_number).append_pair("email", &done.email).finish();
    redirect(&format!("/register/sent?{query}"));
    Ok(done)
}

/// Sends a new confirmation link and invalidates the previous one. Answers
/// the same whether or not the ID Number has an unconfirmed account.
#[server(endpoint = "resend_confirmation")]
pub async fn resend_confirmation(id_number: String) -> Result<(), AppError> {
    super::adapter::call(async |state, caller| {
        let id = super::parse_id_number(&id_number)?;
        crate::server::accounts::resend_confirmation(state, caller, &id).await
    })
    .await?;
    super::adapter::redirect("/resent");
    Ok(())
}

/// Confirms the email address behind a link from a confirmation email.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<Confirmed, AppError> {
    super::adapter::call(async |state, _| crate::server::accounts::confirm_email(state, &token).await).await
}
