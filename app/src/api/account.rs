use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::AccountView;

#[server(endpoint = "account")]
pub async fn account() -> Result<AccountView, AppError> {
    super::adapter::call(crate::server::account_settings::overview).await
}

/// Changes the password (the current one is required); other devices are signed out.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    use crate::server::account_settings;
    Form::<ChangePassword>::back_to(crate::routes::ACCOUNT)
        .call(async |state, caller| {
            account_settings::change_password(
                state,
                caller,
                current_password,
                &password,
                &confirm_password,
            )
            .await
        })
        .await?;
    redirect(&format!("{}?done=password", crate::routes::ACCOUNT));
    Ok(())
}

/// Sends a confirmation link to a new address; returns that address.
#[server(endpoint = "change_email")]
pub async fn change_email(email: String, current_password: String) -> Result<String, AppError> {
    use super::adapter::{Form, redirect};
    let form = Form::<ChangeEmail>::back_to(crate::routes::ACCOUNT).keep("email", &email);
    let new_email = form
        .call(async |state, caller| {
            crate::server::account_settings::change_email(state, caller, &email, current_password)
                .await
        })
        .await?;
    // The page names the new address as the server has it, not from the URL.
    redirect(&format!("{}?done=email", crate::routes::ACCOUNT));
    Ok(new_email)
}

/// Turns the updates opt-in on or off.
#[server(endpoint = "set_updates")]
pub async fn set_updates(updates: Option<String>) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    let wants_updates = super::fields::is_checked(updates.as_deref());
    Form::<SetUpdates>::back_to(crate::routes::ACCOUNT)
        .call(async |state, caller| {
            crate::server::account_settings::set_updates(state, caller, wants_updates).await
        })
        .await?;
    redirect(&format!("{}?done=updates", crate::routes::ACCOUNT));
    Ok(())
}

/// Ends every session of the account, this one included.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use super::adapter::{Form, clear_session, redirect};
    Form::<SignOutEverywhere>::back_to(crate::routes::ACCOUNT)
        .call(crate::server::account_settings::sign_out_everywhere)
        .await?;
    clear_session();
    redirect(&format!("{}?session=everywhere", crate::routes::LOGIN));
    Ok(())
}

/// "Stay signed in": restarts the idle timeout.
#[server(endpoint = "keep_alive")]
pub async fn keep_alive() -> Result<(), AppError> {
    super::adapter::call(crate::server::sessions::keep_alive).await
}

/// Whether the visitor is signed in, for the header's links, and how many
/// seconds a session may stay idle (for the warning before it ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub signed_in: bool,
    pub idle_timeout_seconds: i64,
}

/// The visitor of the page being drawn. Known before drawing (the guard
/// checked the session), so the header awaits nothing and the page asks
/// the database one question fewer than when the header asked a server
/// function of its own.
pub fn visitor() -> SessionState {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        let signed_in = super::http::request_parts()
            .is_some_and(|p| p.extensions.get::<super::http::SignedIn>().is_some());
        let idle_timeout_seconds = use_context::<crate::server::AppState>()
            .map_or(0, |s| s.settings.session_idle_timeout.num_seconds());
        SessionState {
            signed_in,
            idle_timeout_seconds,
        }
    }
    #[cfg(not(feature = "ssr"))]
    SessionState {
        signed_in: false,
        idle_timeout_seconds: 0,
    }
}
