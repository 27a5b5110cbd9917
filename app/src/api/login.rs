use leptos::prelude::*;

use super::AppError;

/// Signs a candidate in with ID Number and password and sends them to
/// their results.
#[server(endpoint = "login")]
pub async fn login(id_number: String, password: String) -> Result<(), AppError> {
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let result = async {
        let state = state()?;
        crate::server::sessions::log_in(&state, &id_number, password).await?;
        leptos_axum::redirect("/results");
        Ok(())
    }
    .await;
    return_to_form_on_error::<_, Login>(&result, "/login", &[("id_number", &id_number)]);
    with_status(result)
}

/// Ends the session on the server and clears the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::request::{state, with_status};
    let result = async {
        let state = state()?;
        crate::server::sessions::log_out(&state).await?;
        leptos_axum::redirect("/login");
        Ok(())
    }
    .await;
    with_status(result)
}
