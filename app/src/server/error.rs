//! What a service can answer besides its result. Each variant but the last is
//! an outcome the caller can act on; [`ServiceError::Unexpected`] is a fault,
//! carried with its whole context chain so that it is logged once, by the
//! adapter that turns it into a reference for the candidate.

use super::password::{Busy, HashError};
use crate::domain::{Field, FieldErrors, TokenProblem, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Field by field, as the form shows them.
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
    /// Nothing to show the caller here (a statement before the release).
    #[error("not found")]
    NotFound,
    /// A share code and family name that show no result, whatever the reason.
    #[error("not verified")]
    NotVerified,
    /// Guessing or asking too often; the next try waits this long.
    #[error("too many attempts, retry in {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: i64 },
    /// Every core is checking passwords and the queue is full (a surge).
    #[error("busy, retry in {retry_after_seconds} s")]
    Busy { retry_after_seconds: i64 },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ServiceError {
    /// One field's problem, as the form shows it beside the field.
    pub fn invalid(field: Field, problem: ValidationError) -> Self {
        Self::Invalid(FieldErrors(vec![(field, problem)]))
    }

    /// Refused until `until`: the wait in whole seconds, rounded up ("retry
    /// in 0 s" would invite a request that is still refused).
    pub fn wait_until(
        until: chrono::DateTime<chrono::Utc>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        Self::TooManyAttempts {
            retry_after_seconds: ((until - now).num_milliseconds() + 999)
                .div_euclid(1000)
                .max(1),
        }
    }
}

/// How long a request refused during a login surge is asked to wait.
pub const BUSY_RETRY_SECONDS: i64 = 2;

impl From<Busy> for ServiceError {
    fn from(busy: Busy) -> Self {
        // Load, not a fault: one line at info, no reference.
        tracing::info!(
            waiting = busy.0,
            "password check refused: every core busy and the queue full"
        );
        Self::Busy {
            retry_after_seconds: BUSY_RETRY_SECONDS,
        }
    }
}

impl From<HashError> for ServiceError {
    fn from(err: HashError) -> Self {
        match err {
            HashError::Busy(busy) => busy.into(),
            HashError::Failed(e) => Self::Unexpected(e.context("hashing a password")),
        }
    }
}

/// The result of a service.
pub type ServiceResult<T> = Result<T, ServiceError>;
