//! Answers of the plain routes that send a file (`.ics`, `.pdf`): the file
//! with its type and name, never stored by a cache, or the refusal.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::AppError;
use crate::i18n::{Locale, td_string};
use crate::server::ServiceError;

/// `body` as a file to save as `file_name` (ASCII: our names are).
pub fn file(content_type: &'static str, file_name: &str, body: impl IntoResponse) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    (StatusCode::OK, headers, body).into_response()
}

/// The refusal of a file route: to the login page without a session, 404
/// for nothing to send yet, 500 with the reference for a fault.
pub fn refusal(error: ServiceError, locale: Locale) -> Response {
    let no_store = [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))];
    match AppError::from(error) {
        AppError::NotSignedIn => Redirect::to("/login").into_response(),
        AppError::NotFound => (
            StatusCode::NOT_FOUND,
            no_store,
            td_string!(locale, errors.not_found),
        )
            .into_response(),
        // Logged with its reference when it was converted.
        error => (
            StatusCode::INTERNAL_SERVER_ERROR,
            no_store,
            error.to_string(),
        )
            .into_response(),
    }
}
