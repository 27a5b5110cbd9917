use leptos::prelude::*;

use super::AppError;

/// "Forgotten your password?": emails a reset link if the ID Number has an
/// account. Answers the same, as fast, whether or not it has one.
#[server(endpoint = "forgot_password")]
pub async fn forgot_password(id_number: String) -> Result<(), AppError> {
    use crate::domain::{Field, FieldErrors, IdNumber};
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let result = match IdNumber::parse(&id_number) {
        Err(e) => Err(AppError::Invalid(FieldErrors(vec![(Field::IdNumber, e)]))),
        Ok(id) => match state() {
            Ok(state) => crate::server::recovery::request_reset(&state, &id).await,
            Err(e) => Err(e),
        },
    };
    return_to_form_on_error::<_, ForgotPassword>(&result, "/forgot-password", &[("id_number", &id_number)]);
    if result.is_ok() {
        leptos_axum::redirect("/forgot-password/sent");
    }
    with_status(result)
}

/// The ID Number a reset link is for, or why the link cannot be used.
#[server(endpoint = "reset_link")]
pub async fn reset_link(token: String) -> Result<String, AppError> {
    use crate::server::request::{state, with_status};
    let result = match state() {
        Ok(state) => crate::server::recovery::reset_link_owner(&state, &token).await,
        Err(e) => Err(e),
    };
    with_status(result)
}

/// Sets a new password through a reset link. The candidate then logs in
/// with it: a reset never signs anyone in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String, confirm_password: String) -> Result<(), AppError> {
    use crate::server::request::{return_to_form_on_error, state, with_status};
    let result = match state() {
        Ok(state) => crate::server::recovery::reset_password(&state, &token, &password, &confirm_password).await,
        Err(e) => Err(e),
    };
    // The token is already in the page's address; the passwords never go in one.
    return_to_form_on_error::<_, ResetPassword>(&result, "/reset-password", &[("token", &token)]);
    if result.is_ok() {
        leptos_axum::redirect("/login?reset=done");
    }
    with_status(result)
}
