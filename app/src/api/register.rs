use leptos::prelude::*;

use super::AppError;
use crate::domain::{Confirmed, Registered};

/// Creates an unconfirmed account and emails a confirmation link.
#[server(endpoint = "register")]
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
    let wants_updates = super::fields::is_checked(updates.as_deref());
    let input = RegistrationInput {
        id_number: &id_number,
        secret_number: &secret_number,
        email: &email,
        password: &password,
        confirm_password: &confirm_password,
        terms_accepted: super::fields::is_checked(terms.as_deref()),
        wants_updates,
    };
    let form = Form::<Register>::back_to(crate::routes::REGISTER)
        .keep("id_number", &id_number)
        .keep("email", &email)
        .keep("updates", if wants_updates { "on" } else { "" });
    let done = form
        .call(async |state, caller| {
            let registration = input.validate().map_err(ServiceError::Invalid)?;
            crate::server::accounts::register_candidate(state, caller, registration).await
        })
        .await?;
    // A page of its own, so that it works the same with and without
    // JavaScript. The address it names comes from this cookie, never from
    // its URL: a link cannot make our page say "we have sent an email to"
    // whatever text an attacker chose.
    if let Some(state) = leptos::prelude::use_context::<crate::server::AppState>() {
        let cookie = super::cookies::site_cookie(
            &state.settings,
            REGISTERED_COOKIE,
            hex::encode(&done.email),
            chrono::Duration::hours(1),
        );
        super::cookies::set_cookie(&cookie);
    }
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("id", &done.id_number)
        .finish();
    redirect(&format!("{}?{query}", crate::routes::REGISTERED));
    Ok(done)
}

/// Remembers, for the page shown after registering, the address this
/// browser registered with (hex, so that any address fits a cookie).
#[cfg(feature = "ssr")]
const REGISTERED_COOKIE: &str = "ro_registered";

/// The address this browser just registered with, if it did: what the page
/// after registering names.
#[server(endpoint = "registered_address")]
pub async fn registered_address() -> Result<Option<String>, AppError> {
    let parts = super::http::request_parts();
    let hex = parts.and_then(|p| super::cookies::cookie_in(&p.headers, REGISTERED_COOKIE));
    Ok(hex
        .and_then(|h| hex::decode(h).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok()))
}

/// Sends a new confirmation link and invalidates the previous one. Answers
/// the same whether or not the ID Number has an unconfirmed account.
#[server(endpoint = "resend_confirmation")]
pub async fn resend_confirmation(id_number: String) -> Result<(), AppError> {
    super::adapter::call(async |state, caller| {
        let id = super::fields::parse_id_number(&id_number)?;
        crate::server::confirmation::resend_confirmation(state, caller, &id).await
    })
    .await?;
    super::adapter::redirect(crate::routes::RESENT);
    Ok(())
}

/// Confirms the email address behind a link from a confirmation email.
#[server(endpoint = "confirm_email")]
pub async fn confirm_email(token: String) -> Result<Confirmed, AppError> {
    super::adapter::call(async |state, _| {
        crate::server::confirmation::confirm_email(state, &token).await
    })
    .await
}
