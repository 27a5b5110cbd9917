//! `/verify`: the form (a page) and its post, answered with the same page
//! showing the verified result or the one refusal. The code travels only
//! in the post's body, never in an address.

use super::AppError;
use crate::domain::VerifiedResult;

/// The answer to a check and what was typed that may be shown again
/// (never the code), for the page to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyAnswer {
    pub outcome: Result<VerifiedResult, AppError>,
    pub family_name: String,
    pub organisation: String,
}

/// `POST /verify`: checks the code and answers with the page. Every kind
/// of refusal gets the same page and the same status.
#[cfg(feature = "ssr")]
pub async fn verify_posted(
    page: super::posted::PostedPage,
    axum::Form(f): axum::Form<VerifyFields>,
) -> axum::response::Response {
    use crate::domain::VerifyInput;
    use crate::server::{ServiceError, verification};
    let outcome = match VerifyInput::parse(&f.share_code, &f.family_name, &f.organisation) {
        Ok(input) => verification::verify(page.state(), &page.caller, input).await,
        Err(errors) => Err(ServiceError::Invalid(errors)),
    };
    let (family_name, organisation) = (f.family_name, f.organisation);
    page.answer(outcome, |outcome| VerifyAnswer {
        outcome,
        family_name,
        organisation,
    })
    .await
}

/// What the form sends.
#[cfg(feature = "ssr")]
#[derive(serde::Deserialize)]
pub struct VerifyFields {
    #[serde(default)]
    share_code: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    organisation: String,
}
