//! Passkeys. Renaming and removing are server functions posted by plain
//! forms (they work without JavaScript). The two ceremonies, adding one
//! and signing in with one, need the browser's WebAuthn API and so script
//! (`public/passkey.js`): each is a pair of JSON posts, the options and
//! then the answer, on plain routes.

use leptos::prelude::*;

use super::AppError;

/// Renames passkey `passkey` of the signed-in candidate.
#[server(endpoint = "rename_passkey")]
pub async fn rename_passkey(passkey: String, name: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    let form = Form::<RenamePasskey>::back_to(crate::routes::ACCOUNT)
        .keep("passkey", &passkey)
        .keep("name", &name);
    let id = passkey.trim().parse::<i64>();
    form.call(async |state, caller| match id {
        Ok(id) => crate::server::passkeys::rename(state, caller, id, &name).await,
        Err(_) => Err(crate::server::ServiceError::NotFound),
    })
    .await?;
    redirect(&format!(
        "{}?done=passkey_renamed#passkeys-title",
        crate::routes::ACCOUNT
    ));
    Ok(())
}

/// Removes passkey `passkey` of the signed-in candidate.
#[server(endpoint = "remove_passkey")]
pub async fn remove_passkey(passkey: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    let form = Form::<RemovePasskey>::back_to(crate::routes::ACCOUNT);
    let id = passkey.trim().parse::<i64>();
    form.call(async |state, caller| match id {
        Ok(id) => crate::server::passkeys::remove(state, caller, id).await,
        Err(_) => Err(crate::server::ServiceError::NotFound),
    })
    .await?;
    redirect(&format!(
        "{}?done=passkey_removed#passkeys-title",
        crate::routes::ACCOUNT
    ));
    Ok(())
}

#[cfg(feature = "ssr")]
pub use ssr::{add, add_options, sign_in, sign_in_options};

#[cfg(feature = "ssr")]
mod ssr {
    use axum::Json;
    use axum::extract::State;
    use axum::extract::rejection::JsonRejection;
    use axum::http::header;
    use axum::response::{IntoResponse, Response};
    use serde::Deserialize;
    use serde_json::json;
    use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

    use crate::api::cookies::{Holder, with_session};
    use crate::api::refusal::head_of;
    use crate::api::{AppError, error_words};
    use crate::domain::Field;
    use crate::i18n::td_string;
    use crate::routes::{ACCOUNT, RESULTS};
    use crate::server::{AppState, Caller, ServiceError, passkeys};

    #[derive(Deserialize)]
    pub struct AddOptions {
        #[serde(default)]
        current_password: String,
    }

    #[derive(Deserialize)]
    pub struct Answer<T> {
        ceremony: String,
        credential: T,
    }

    /// Which ceremony a refusal ends: the words differ.
    #[derive(Clone, Copy)]
    enum Ceremony {
        SignIn,
        Add,
    }

    /// `POST /passkeys/sign-in/options`: a challenge for any passkey of this site.
    pub async fn sign_in_options(State(state): State<AppState>, caller: Caller) -> Response {
        match passkeys::begin_sign_in(&state, &caller).await {
            Ok(begun) => json(begun),
            Err(e) => refusal(e, &caller, Ceremony::SignIn),
        }
    }

    /// `POST /passkeys/sign-in`: the signed challenge; a new session and
    /// where to go, as a password sign-in would.
    pub async fn sign_in(
        State(state): State<AppState>,
        caller: Caller,
        answer: Result<Json<Answer<PublicKeyCredential>>, JsonRejection>,
    ) -> Response {
        let Json(answer) = match answer.map_err(unreadable) {
            Ok(answer) => answer,
            Err(e) => return refusal(e, &caller, Ceremony::SignIn),
        };
        match passkeys::finish_sign_in(&state, &caller, &answer.ceremony, &answer.credential).await
        {
            Ok(session) => {
                let res = json(json!({ "redirect": RESULTS }));
                with_session(&state.settings, Holder::Candidate, res, session)
            }
            Err(e) => refusal(e, &caller, Ceremony::SignIn),
        }
    }

    /// `POST /passkeys/add/options`: the options to make a passkey for the
    /// signed-in candidate (with the password, after a fresh sign-in's minutes).
    pub async fn add_options(
        State(state): State<AppState>,
        caller: Caller,
        asked: Result<Json<AddOptions>, JsonRejection>,
    ) -> Response {
        let Json(asked) = match asked.map_err(unreadable) {
            Ok(asked) => asked,
            Err(e) => return refusal(e, &caller, Ceremony::Add),
        };
        match passkeys::begin_adding(&state, &caller, asked.current_password).await {
            Ok(begun) => json(begun),
            Err(e) => refusal(e, &caller, Ceremony::Add),
        }
    }

    /// `POST /passkeys/add`: the new passkey; where to go once it is stored.
    pub async fn add(
        State(state): State<AppState>,
        caller: Caller,
        answer: Result<Json<Answer<RegisterPublicKeyCredential>>, JsonRejection>,
    ) -> Response {
        let Json(answer) = match answer.map_err(unreadable) {
            Ok(answer) => answer,
            Err(e) => return refusal(e, &caller, Ceremony::Add),
        };
        match passkeys::finish_adding(&state, &caller, &answer.ceremony, &answer.credential).await {
            Ok(_) => {
                let to = format!("{ACCOUNT}?done=passkey_added#passkeys-title");
                json(json!({ "redirect": to }))
            }
            Err(e) => refusal(e, &caller, Ceremony::Add),
        }
    }

    /// A body that is not the JSON expected is the request's fault; it is
    /// refused as a passkey that does not verify (nothing else to tell).
    fn unreadable(e: JsonRejection) -> ServiceError {
        tracing::info!(error = %e, "passkey request refused: not the JSON expected");
        ServiceError::CredentialsRejected
    }

    /// The refusal as the page's script shows it: the words in the caller's
    /// language and, for a wrong password, the field they belong beside.
    fn refusal(error: ServiceError, caller: &Caller, ceremony: Ceremony) -> Response {
        let (error, locale) = (AppError::from(error), caller.locale);
        let mut field = None;
        let message = match (&error, ceremony) {
            (AppError::Invalid(errors), _) => match errors.0.first() {
                Some((f, problem)) => {
                    field = (*f == Field::CurrentPassword).then_some("current_password");
                    problem.text(locale).to_owned()
                }
                None => error_words(locale, &error),
            },
            (AppError::CredentialsRejected, Ceremony::SignIn) => {
                td_string!(locale, passkeys.refused_sign_in).to_owned()
            }
            (AppError::CredentialsRejected, Ceremony::Add) => {
                td_string!(locale, passkeys.refused_add).to_owned()
            }
            (other, _) => error_words(locale, other),
        };
        let (status, headers) = head_of(&error);
        let no_store = [(header::CACHE_CONTROL, "no-store")];
        let body = Json(json!({ "message": message, "field": field }));
        (status, headers, no_store, body).into_response()
    }

    /// A successful answer: JSON, never cached (it may start a session).
    fn json(value: impl serde::Serialize) -> Response {
        let no_store = [(header::CACHE_CONTROL, "no-store")];
        (no_store, Json(value)).into_response()
    }
}
