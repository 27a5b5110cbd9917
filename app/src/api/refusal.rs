//! How a refusal is answered, the same from every route and server
//! function: its status, `Retry-After` for a wait, and for a plain request
//! the login page or the refusal's words.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::{AppError, error_words};
use crate::i18n::Locale;
use crate::server::{Caller, ServiceError};

/// The status of each refusal.
pub fn status_of(err: &AppError) -> StatusCode {
    match err {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::EntryNotMatched | AppError::CredentialsRejected | AppError::NotSignedIn => {
            StatusCode::UNAUTHORIZED
        }
        AppError::AlreadyRegistered => StatusCode::CONFLICT,
        AppError::NotFound => StatusCode::NOT_FOUND,
        // A refusal the page shows, the same for every reason.
        AppError::NotVerified => StatusCode::OK,
        AppError::EmailNotConfirmed => StatusCode::FORBIDDEN,
        AppError::TokenInvalid(_) => StatusCode::GONE,
        AppError::Request(_) => StatusCode::BAD_REQUEST,
        AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A refusal's status and headers: for a wait, how long (`Retry-After`).
pub fn head_of(err: &AppError) -> (StatusCode, HeaderMap) {
    let mut headers = HeaderMap::new();
    if let AppError::TooManyAttempts {
        retry_after_seconds,
    }
    | AppError::Busy {
        retry_after_seconds,
    } = err
    {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
    }
    (status_of(err), headers)
}

/// Logs a fault with its whole chain and a reference the person asking can
/// quote; they see only the reference.
pub fn internal(err: &anyhow::Error) -> AppError {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    tracing::error!(%reference, error = ?err, "internal error");
    AppError::Internal { reference }
}

impl From<ServiceError> for AppError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::Invalid(errors) => Self::Invalid(errors),
            ServiceError::EntryNotMatched => Self::EntryNotMatched,
            ServiceError::AlreadyRegistered => Self::AlreadyRegistered,
            ServiceError::CredentialsRejected => Self::CredentialsRejected,
            ServiceError::EmailNotConfirmed => Self::EmailNotConfirmed,
            ServiceError::TokenInvalid(problem) => Self::TokenInvalid(problem),
            ServiceError::NotSignedIn => Self::NotSignedIn,
            ServiceError::NotFound => Self::NotFound,
            ServiceError::NotVerified => Self::NotVerified,
            ServiceError::TooManyAttempts {
                retry_after_seconds,
            } => Self::TooManyAttempts {
                retry_after_seconds,
            },
            ServiceError::Busy {
                retry_after_seconds,
            } => Self::Busy {
                retry_after_seconds,
            },
            ServiceError::Unexpected(e) => internal(&e),
        }
    }
}

/// A plain request refused: the login page for someone not signed in
/// (or no longer), else the refusal's status and its words, never cached.
#[derive(Debug)]
pub struct Refused {
    pub error: AppError,
    pub locale: Locale,
    /// Where to sign in for what was asked.
    pub login: &'static str,
}

impl Refused {
    pub fn new(error: impl Into<AppError>, caller: &Caller, login: &'static str) -> Self {
        Self {
            error: error.into(),
            locale: caller.locale,
            login,
        }
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        if self.error == AppError::NotSignedIn {
            return Redirect::to(self.login).into_response();
        }
        let (status, mut headers) = head_of(&self.error);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        (status, headers, error_words(self.locale, &self.error)).into_response()
    }
}
