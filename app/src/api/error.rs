use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::domain::{FieldErrors, TokenProblem};

/// The one error type of every server function: each variant is something a
/// page can act on. Internal details never leave the server; the candidate
/// gets a reference that matches the log line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("some fields are invalid")]
    Invalid(FieldErrors),
    /// Unknown ID Number and wrong Secret Number alike.
    #[error("the ID Number and Secret Number do not match our records")]
    EntryNotMatched,
    #[error("an account already exists for this ID Number")]
    AlreadyRegistered,
    /// Unknown ID Number and wrong password alike.
    #[error("ID Number or password incorrect")]
    CredentialsRejected,
    #[error("the email address is not confirmed yet")]
    EmailNotConfirmed,
    #[error("the link cannot be used: {0:?}")]
    TokenInvalid(TokenProblem),
    #[error("not signed in")]
    NotSignedIn,
    #[error("not found")]
    NotFound,
    /// One answer for every share code and family name that show no result.
    #[error("not verified")]
    NotVerified,
    /// Too many failed Secret Numbers or passwords; try again after this long.
    #[error("too many attempts, retry in {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: i64 },
    /// Every core is checking passwords and the queue is full (a login surge).
    #[error("busy, retry in {retry_after_seconds} s")]
    Busy { retry_after_seconds: i64 },
    #[error("internal error, reference {reference}")]
    Internal { reference: String },
    /// The request itself failed (network, malformed arguments).
    #[error("request failed: {0}")]
    Request(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Request(value.to_string())
    }
}
