use leptos::prelude::*;

use super::AppError;

/// "Forgotten your password?": emails a reset link if the ID Number has an
/// account. Answers the same, as fast, whether or not it has one.
#[server(endpoint = "forgot_password")]
pub async fn forgot_password(id_number: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    let form = Form::<ForgotPassword>::back_to(crate::routes::FORGOT).keep("id_number", &id_number);
    form.call(async |state, caller| {
        let id = super::fields::parse_id_number(&id_number)?;
        crate::server::recovery::request_reset(state, caller, &id).await
    })
    .await?;
    redirect(crate::routes::FORGOT_SENT);
    Ok(())
}

/// The ID Number a reset link is for, or why the link cannot be used.
#[server(endpoint = "reset_link")]
pub async fn reset_link(token: String) -> Result<String, AppError> {
    super::adapter::call(async |state, _| {
        crate::server::recovery::reset_link_owner(state, &token).await
    })
    .await
}

/// Sets a new password through a reset link. The candidate then logs in
/// with it: a reset never signs anyone in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(
    token: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    // The token is already in the page's address; the passwords never go in one.
    let form = Form::<ResetPassword>::back_to(crate::routes::RESET).keep("token", &token);
    form.call(async |state, _| {
        crate::server::recovery::reset_password(state, &token, &password, &confirm_password).await
    })
    .await?;
    redirect(&format!("{}?reset=done", crate::routes::LOGIN));
    Ok(())
}
