//! Share codes: the candidate's list and revoking (server functions), and
//! creating one (a plain post whose answer is the page showing the new
//! code, the one time it can be shown).

use leptos::prelude::*;

use super::AppError;
use crate::domain::{NewShareCode, ShareCodeView};

/// A code just created, or why not: what the share-codes page shows after
/// the candidate's post (in its context, never in an address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedShareCode(pub Result<NewShareCode, AppError>);

/// The signed-in candidate's share codes, newest first.
#[server(endpoint = "my_share_codes")]
pub async fn my_share_codes() -> Result<Vec<ShareCodeView>, AppError> {
    super::adapter::call(crate::server::share_codes::list).await
}

/// Stops the candidate's code `code` from working, on every replica at once.
#[server(endpoint = "revoke_share_code")]
pub async fn revoke_share_code(code: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    use crate::domain::SHARE_CODES_PATH;
    let form = Form::<RevokeShareCode>::back_to(SHARE_CODES_PATH);
    let code_id = code
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::Request("not a share code".to_owned()));
    form.call(async |state, caller| match code_id {
        Ok(code_id) => crate::server::share_codes::revoke(state, caller, code_id).await,
        Err(_) => Err(crate::server::ServiceError::NotFound),
    })
    .await?;
    redirect(&format!("{SHARE_CODES_PATH}?done=revoked"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub use ssr::create_share_code;

#[cfg(feature = "ssr")]
mod ssr {
    use axum::extract::{Request, State};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Redirect, Response};

    use super::CreatedShareCode;
    use crate::api::AppError;
    use crate::api::adapter::caller_from;
    use crate::api::render::{PostedPages, read_form};
    use crate::domain::{Field, FieldErrors, ValidFor};
    use crate::server::{ServiceError, share_codes};

    #[derive(serde::Deserialize)]
    struct Fields {
        #[serde(default)]
        valid_for: String,
    }

    /// `POST /results/share-codes`: creates a code and answers with the
    /// share-codes page showing it.
    pub async fn create_share_code(State(pages): State<PostedPages>, req: Request) -> Response {
        let (parts, fields) = match read_form::<Fields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        let state = &pages.state;
        let outcome = match ValidFor::parse(&fields.valid_for) {
            Ok(valid_for) => {
                share_codes::create(state, &caller_from(state, &parts), valid_for).await
            }
            Err(problem) => Err(ServiceError::Invalid(FieldErrors(vec![(
                Field::ValidFor,
                problem,
            )]))),
        };
        let answer = outcome.map_err(AppError::from);
        let status = match &answer {
            Ok(_) => StatusCode::CREATED,
            Err(AppError::NotSignedIn) => return Redirect::to("/login").into_response(),
            Err(AppError::Invalid(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            Err(AppError::NotFound) => StatusCode::NOT_FOUND,
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        pages.render(parts, CreatedShareCode(answer), status).await
    }
}
