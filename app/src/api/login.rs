use leptos::prelude::*;

use super::AppError;

/// Signs a candidate in with ID Number and password and sends them to
/// their results.
#[server(endpoint = "login")]
pub async fn login(id_number: String, password: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect, start_session};
    use crate::server::sessions;
    let form = Form::<Login>::back_to(crate::routes::LOGIN).keep("id_number", &id_number);
    let session = form
        .call(async |state, caller| sessions::log_in(state, caller, &id_number, password).await)
        .await?;
    start_session(session);
    redirect(crate::routes::RESULTS);
    Ok(())
}

/// Ends the session on the server and clears the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::adapter::{call, clear_session, redirect};
    call(crate::server::sessions::end_session).await?;
    clear_session();
    redirect(crate::routes::LOGIN);
    Ok(())
}

/// "Email me a sign-in link", offered when the ID Number must wait after
/// too many wrong passwords. Answers the same, as fast, whether or not the
/// ID Number has an account.
#[server(endpoint = "email_sign_in_link")]
pub async fn email_sign_in_link(id_number: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    let form = Form::<EmailSignInLink>::back_to(crate::routes::LOGIN).keep("id_number", &id_number);
    form.call(async |state, caller| {
        let id = super::fields::parse_id_number(&id_number)?;
        crate::server::sign_in_links::request_sign_in_link(state, caller, &id).await
    })
    .await?;
    redirect(crate::routes::SIGN_IN_LINK_SENT);
    Ok(())
}

/// Signs in with the link from a sign-in email (a button on the page the
/// link opens, so that a mail scanner fetching the link uses nothing).
#[server(endpoint = "sign_in_with_link")]
pub async fn sign_in_with_link(token: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect, start_session};
    let form = Form::<SignInWithLink>::back_to(crate::routes::SIGN_IN_LINK).keep("token", &token);
    let session = form
        .call(async |state, caller| {
            crate::server::sign_in_links::sign_in_with_link(state, caller, &token).await
        })
        .await?;
    start_session(session);
    redirect(crate::routes::RESULTS);
    Ok(())
}
