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

#[cfg(feature = "ssr")]
pub use ssr::verify_posted;

#[cfg(feature = "ssr")]
mod ssr {
    use axum::extract::{Request, State};
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::Response;

    use super::VerifyAnswer;
    use crate::api::AppError;
    use crate::api::adapter::caller_from;
    use crate::api::render::{PostedPages, read_form};
    use crate::domain::VerifyInput;
    use crate::server::{ServiceError, verification};

    #[derive(serde::Deserialize)]
    struct Fields {
        #[serde(default)]
        share_code: String,
        #[serde(default)]
        family_name: String,
        #[serde(default)]
        organisation: String,
    }

    /// `POST /verify`: checks the code and answers with the page. Every
    /// kind of refusal gets the same page and the same status.
    pub async fn verify_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (parts, fields) = match read_form::<Fields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        let state = &pages.state;
        let outcome = match VerifyInput::parse(
            &fields.share_code,
            &fields.family_name,
            &fields.organisation,
        ) {
            Ok(input) => verification::verify(state, &caller_from(state, &parts), input).await,
            Err(errors) => Err(ServiceError::Invalid(errors)),
        };
        let outcome = outcome.map_err(AppError::from);
        let (status, retry_after) = match &outcome {
            Ok(_) | Err(AppError::NotVerified) => (StatusCode::OK, None),
            Err(AppError::Invalid(_)) => (StatusCode::UNPROCESSABLE_ENTITY, None),
            Err(AppError::TooManyAttempts {
                retry_after_seconds,
            }) => (StatusCode::TOO_MANY_REQUESTS, Some(*retry_after_seconds)),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, None),
        };
        let answer = VerifyAnswer {
            outcome,
            family_name: fields.family_name,
            organisation: fields.organisation,
        };
        let mut res = pages.render(parts, answer, status).await;
        if let Some(seconds) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok())
        {
            res.headers_mut().insert(header::RETRY_AFTER, seconds);
        }
        res
    }
}
