use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;

/// The account page's view of the signed-in candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id_number: String,
    pub email: String,
    /// A new address waiting for its confirmation link to be followed.
    pub pending_email: Option<String>,
    pub wants_updates: bool,
}

#[server(endpoint = "account")]
pub async fn account() -> Result<AccountView, AppError> {
    use crate::server::request::{state, with_status};
    let result = match state() {
        Ok(state) => crate::server::account_settings::overview(&state).await,
        Err(e) => Err(e),
    };
    with_status(result)
}

/// Changes the password (the current one is required); other devices are signed out.
#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, password: String, confirm_password: String) -> Result<(), AppError> {
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let result = match state() {
        Ok(state) => crate::server::account_settings::change_password(&state, current_password, &password, &confirm_password).await,
        Err(e) => Err(e),
    };
    return_to_form_on_error::<_, ChangePassword>(&result, "/account", &[]);
    if result.is_ok() {
        leptos_axum::redirect("/account?done=password");
    }
    with_status(result)
}

/// Sends a confirmation link to a new address; returns that address.
#[server(endpoint = "change_email")]
pub async fn change_email(email: String, current_password: String) -> Result<String, AppError> {
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let result = match state() {
        Ok(state) => crate::server::account_settings::change_email(&state, &email, current_password).await,
        Err(e) => Err(e),
    };
    return_to_form_on_error::<_, ChangeEmail>(&result, "/account", &[("email", &email)]);
    if let Ok(new_email) = &result {
        let query = url::form_urlencoded::Serializer::new(String::new()).append_pair("done", "email").append_pair("email", new_email).finish();
        leptos_axum::redirect(&format!("/account?{query}"));
    }
    with_status(result)
}

/// Turns the updates opt-in on or off.
#[server(endpoint = "set_updates")]
pub async fn set_updates(updates: Option<String>) -> Result<(), AppError> {
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let result = match state() {
        Ok(state) => crate::server::account_settings::set_updates(&state, super::is_checked(updates.as_deref())).await,
        Err(e) => Err(e),
    };
    return_to_form_on_error::<_, SetUpdates>(&result, "/account", &[]);
    if result.is_ok() {
        leptos_axum::redirect("/account?done=updates");
    }
    with_status(result)
}

/// Ends every session of the account, this one included.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let result = match state() {
        Ok(state) => crate::server::account_settings::sign_out_everywhere(&state).await,
        Err(e) => Err(e),
    };
    return_to_form_on_error::<_, SignOutEverywhere>(&result, "/account", &[]);
    if result.is_ok() {
        leptos_axum::redirect("/login?session=everywhere");
    }
    with_status(result)
}

/// "Stay signed in": restarts the idle timeout.
#[server(endpoint = "keep_alive")]
pub async fn keep_alive() -> Result<(), AppError> {
    use crate::server::request::{state, with_status};
    let result = match state() {
        Ok(state) => crate::server::sessions::keep_alive(&state).await,
        Err(e) => Err(e),
    };
    with_status(result)
}

/// Whether the visitor is signed in, for the header's links, and how many
/// seconds a session may stay idle (for the warning before it ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub signed_in: bool,
    pub idle_timeout_seconds: i64,
}

#[server(endpoint = "session_info")]
pub async fn session_info() -> Result<SessionState, AppError> {
    use crate::server::request::{state, with_status};
    let result = async {
        let state = state()?;
        let signed_in = crate::server::sessions::current_candidate(&state).await?.is_some();
        Ok(SessionState { signed_in, idle_timeout_seconds: state.settings.session_idle_timeout.num_seconds() })
    }
    .await;
    with_status(result)
}
