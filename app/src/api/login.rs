use leptos::prelude::*;

use super::AppError;

/// Signs a candidate in with ID Number and password and sends them to
/// their results.
#[server(endpoint = "login")]
pub async fn login(id_number: String, password: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect, start_session};
    use crate::server::sessions;
    let form = Form::<Login>::back_to("/login").keep("id_number", &id_number);
    let session = form.call(async |state, caller| sessions::log_in(state, caller, &id_number, password).await).await?;
    start_session(session);
    redirect("/results");
    Ok(())
}

/// Ends the session on the server and clears the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::adapter::{call, clear_session, redirect};
    call(crate::server::sessions::end_session).await?;
    clear_session();
    redirect("/login");
    Ok(())
}
