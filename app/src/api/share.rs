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
    let form = Form::<RevokeShareCode>::back_to(crate::routes::SHARE_CODES);
    let code_id = code
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::Request("not a share code".to_owned()));
    form.call(async |state, caller| match code_id {
        Ok(code_id) => crate::server::share_codes::revoke(state, caller, code_id).await,
        Err(_) => Err(crate::server::ServiceError::NotFound),
    })
    .await?;
    redirect(&format!("{}?done=revoked", crate::routes::SHARE_CODES));
    Ok(())
}

/// `POST /results/share-codes`: creates a code and answers with the
/// share-codes page showing it (the one time it is shown).
#[cfg(feature = "ssr")]
pub async fn create_share_code(
    page: super::posted::PostedPage,
    axum::Form(fields): axum::Form<ValidForField>,
) -> axum::response::Response {
    use crate::domain::{Field, FieldErrors, ValidFor};
    use crate::server::{ServiceError, share_codes};
    let outcome = match ValidFor::parse(&fields.valid_for) {
        Ok(valid_for) => share_codes::create(page.state(), &page.caller, valid_for).await,
        Err(problem) => Err(ServiceError::Invalid(FieldErrors(vec![(
            Field::ValidFor,
            problem,
        )]))),
    };
    let created = |_: &NewShareCode| axum::http::StatusCode::CREATED;
    page.answer_with(outcome, created, CreatedShareCode).await
}

/// The form's one field.
#[cfg(feature = "ssr")]
#[derive(serde::Deserialize)]
pub struct ValidForField {
    #[serde(default)]
    valid_for: String,
}
