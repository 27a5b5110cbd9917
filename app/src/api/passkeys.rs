//! Passkeys. Renaming and removing are server functions posted by plain
//! forms (they work without JavaScript). The two ceremonies, adding one
//! and signing in with one, need the browser's WebAuthn API and so script
//! (`public/passkey.js`): each is a pair of JSON posts, the options and
//! then the answer, on plain routes.

use leptos::prelude::*;

use super::AppError;

/// Where the browser asks for a sign-in's options.
pub const SIGN_IN_OPTIONS_PATH: &str = "/passkeys/sign-in/options";
/// Where it sends the signed answer.
pub const SIGN_IN_PATH: &str = "/passkeys/sign-in";
/// Where a signed-in candidate asks for the options to add a passkey.
pub const ADD_OPTIONS_PATH: &str = "/passkeys/add/options";
/// Where the new passkey is sent.
pub const ADD_PATH: &str = "/passkeys/add";
/// The script that runs the ceremonies, loaded only by the two pages that
/// offer them.
pub const SCRIPT_PATH: &str = "/passkey.js";

/// Whether this site offers passkeys: its `PUBLIC_URL` names a domain
/// (browsers refuse them for an IP address). Asked while a page is drawn,
/// which happens on the server only.
pub fn passkeys_offered() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::server::AppState>()
            .is_some_and(|state| state.settings.passkeys.is_some())
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// Renames passkey `passkey` of the signed-in candidate.
#[server(endpoint = "rename_passkey")]
pub async fn rename_passkey(passkey: String, name: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    let form = Form::<RenamePasskey>::back_to("/account")
        .keep("passkey", &passkey)
        .keep("name", &name);
    let id = passkey.trim().parse::<i64>();
    form.call(async |state, caller| match id {
        Ok(id) => crate::server::passkeys::rename(state, caller, id, &name).await,
        Err(_) => Err(crate::server::ServiceError::NotFound),
    })
    .await?;
    redirect("/account?done=passkey_renamed#passkeys-title");
    Ok(())
}

/// Removes passkey `passkey` of the signed-in candidate.
#[server(endpoint = "remove_passkey")]
pub async fn remove_passkey(passkey: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    let form = Form::<RemovePasskey>::back_to("/account");
    let id = passkey.trim().parse::<i64>();
    form.call(async |state, caller| match id {
        Ok(id) => crate::server::passkeys::remove(state, caller, id).await,
        Err(_) => Err(crate::server::ServiceError::NotFound),
    })
    .await?;
    redirect("/account?done=passkey_removed#passkeys-title");
    Ok(())
}

#[cfg(feature = "ssr")]
pub use ssr::{add, add_options, sign_in, sign_in_options};

#[cfg(feature = "ssr")]
mod ssr {
    use axum::body::{Body, to_bytes};
    use axum::extract::{Request, State};
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use serde::Deserialize;
    use serde::de::DeserializeOwned;
    use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

    use crate::api::AppError;
    use crate::api::adapter::{caller_from, internal, status_of};
    use crate::api::http::session_cookie;
    use crate::domain::Field;
    use crate::i18n::{Locale, td, td_string};
    use crate::server::texts::plain;
    use crate::server::{AppState, ServiceError, passkeys};

    /// The largest answer read: a passkey's is well under 4 KB.
    const MAX_JSON_BYTES: usize = 16 * 1024;

    #[derive(Deserialize)]
    struct AddOptions {
        #[serde(default)]
        current_password: String,
    }

    #[derive(Deserialize)]
    struct Answer<T> {
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
    pub async fn sign_in_options(State(state): State<AppState>, req: Request) -> Response {
        let (parts, _) = req.into_parts();
        let caller = caller_from(&state, &parts);
        match passkeys::begin_sign_in(&state, &caller).await {
            Ok(begun) => json(StatusCode::OK, &begun),
            Err(e) => refusal(e, caller.locale, Ceremony::SignIn),
        }
    }

    /// `POST /passkeys/sign-in`: the signed challenge; a new session and
    /// where to go, as a password sign-in would.
    pub async fn sign_in(State(state): State<AppState>, req: Request) -> Response {
        let (parts, body) = req.into_parts();
        let caller = caller_from(&state, &parts);
        let answer: Answer<PublicKeyCredential> = match read(body).await {
            Ok(answer) => answer,
            Err(e) => return refusal(e, caller.locale, Ceremony::SignIn),
        };
        match passkeys::finish_sign_in(&state, &caller, &answer.ceremony, &answer.credential).await
        {
            Ok(session) => {
                let mut res = json(
                    StatusCode::OK,
                    &serde_json::json!({ "redirect": "/results" }),
                );
                if let Ok(cookie) = HeaderValue::from_str(
                    &session_cookie(&state.settings, session.token, session.lifetime).to_string(),
                ) {
                    res.headers_mut().append(header::SET_COOKIE, cookie);
                }
                res
            }
            Err(e) => refusal(e, caller.locale, Ceremony::SignIn),
        }
    }

    /// `POST /passkeys/add/options`: the options to make a passkey for the
    /// signed-in candidate (with the password, after a fresh sign-in's minutes).
    pub async fn add_options(State(state): State<AppState>, req: Request) -> Response {
        let (parts, body) = req.into_parts();
        let caller = caller_from(&state, &parts);
        let asked: AddOptions = match read(body).await {
            Ok(asked) => asked,
            Err(e) => return refusal(e, caller.locale, Ceremony::Add),
        };
        match passkeys::begin_adding(&state, &caller, asked.current_password).await {
            Ok(begun) => json(StatusCode::OK, &begun),
            Err(e) => refusal(e, caller.locale, Ceremony::Add),
        }
    }

    /// `POST /passkeys/add`: the new passkey; where to go once it is stored.
    pub async fn add(State(state): State<AppState>, req: Request) -> Response {
        let (parts, body) = req.into_parts();
        let caller = caller_from(&state, &parts);
        let answer: Answer<RegisterPublicKeyCredential> = match read(body).await {
            Ok(answer) => answer,
            Err(e) => return refusal(e, caller.locale, Ceremony::Add),
        };
        match passkeys::finish_adding(&state, &caller, &answer.ceremony, &answer.credential).await {
            Ok(_) => json(
                StatusCode::OK,
                &serde_json::json!({ "redirect": "/account?done=passkey_added#passkeys-title" }),
            ),
            Err(e) => refusal(e, caller.locale, Ceremony::Add),
        }
    }

    /// A body that is not the JSON expected is the request's fault; it is
    /// refused as a passkey that does not verify (nothing else to tell).
    async fn read<T: DeserializeOwned>(body: Body) -> Result<T, ServiceError> {
        let bytes = to_bytes(body, MAX_JSON_BYTES)
            .await
            .map_err(|_| ServiceError::CredentialsRejected)?;
        serde_json::from_slice(&bytes).map_err(|e| {
            tracing::info!(error = %e, "passkey request refused: not the JSON expected");
            ServiceError::CredentialsRejected
        })
    }

    fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
        let headers = [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ];
        match serde_json::to_vec(value) {
            Ok(body) => (status, headers, body).into_response(),
            // Logged with its reference; the page's script shows its generic words.
            Err(e) => {
                let _ = internal(&anyhow::Error::new(e).context("writing a passkey answer"));
                (StatusCode::INTERNAL_SERVER_ERROR, headers, "{}").into_response()
            }
        }
    }

    /// The refusal as the page's script shows it: the words in the caller's
    /// language and, for a wrong password, the field they belong beside.
    fn refusal(error: ServiceError, locale: Locale, ceremony: Ceremony) -> Response {
        let error = AppError::from(error);
        let mut field = None;
        let message = match &error {
            AppError::Invalid(errors) => match errors.0.first() {
                Some((f, problem)) => {
                    field = (*f == Field::CurrentPassword).then_some("current_password");
                    problem.text(locale).to_owned()
                }
                None => td_string!(locale, errors.invalid).to_owned(),
            },
            AppError::CredentialsRejected => match ceremony {
                Ceremony::SignIn => td_string!(locale, passkeys.refused_sign_in).to_owned(),
                Ceremony::Add => td_string!(locale, passkeys.refused_add).to_owned(),
            },
            AppError::EmailNotConfirmed => {
                td_string!(locale, errors.email_not_confirmed).to_owned()
            }
            AppError::NotSignedIn => td_string!(locale, errors.not_signed_in).to_owned(),
            AppError::NotFound => td_string!(locale, errors.not_found).to_owned(),
            AppError::TooManyAttempts {
                retry_after_seconds,
            } => {
                let minutes = ((retry_after_seconds + 59) / 60).max(1).to_string();
                plain(td!(
                    locale,
                    errors.too_many_attempts,
                    minutes = move || minutes.clone()
                )())
            }
            AppError::Busy {
                retry_after_seconds,
            } => {
                let seconds = retry_after_seconds.to_string();
                plain(td!(locale, errors.busy, seconds = move || seconds.clone())())
            }
            AppError::Internal { reference } => {
                let reference = reference.clone();
                plain(td!(
                    locale,
                    errors.internal,
                    reference = move || reference.clone()
                )())
            }
            _ => td_string!(locale, errors.request).to_owned(),
        };
        let status = match &error {
            // A refused passkey is a refused credential, as a wrong password is.
            AppError::CredentialsRejected => StatusCode::UNAUTHORIZED,
            other => status_of(other),
        };
        let mut res = json(
            status,
            &serde_json::json!({ "message": message, "field": field }),
        );
        if let AppError::TooManyAttempts {
            retry_after_seconds,
        }
        | AppError::Busy {
            retry_after_seconds,
        } = error
            && let Ok(v) = HeaderValue::from_str(&retry_after_seconds.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}
