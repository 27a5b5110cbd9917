//! The words for a refused request, in one table: pages show them in an
//! alert, the passkey script shows them from its JSON answer, and a file
//! route answers with them. Field errors are worded beside their fields
//! (`ValidationError::text`); these are the rest.

use super::AppError;
use crate::domain::TokenProblem;
use crate::i18n::{Locale, td_string};

/// What went wrong with a request, in `locale`.
pub fn error_words(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Internal { reference } => {
            td_string!(locale, errors.internal, reference = reference)
        }
        AppError::TooManyAttempts {
            retry_after_seconds,
        } => {
            let minutes = ((retry_after_seconds + 59) / 60).max(1);
            td_string!(locale, errors.too_many_attempts, minutes = minutes)
        }
        AppError::Busy {
            retry_after_seconds,
        } => td_string!(locale, errors.busy, seconds = retry_after_seconds),
        other => fixed_words(locale, other).to_owned(),
    }
}

fn fixed_words(locale: Locale, error: &AppError) -> &'static str {
    match error {
        AppError::Invalid(_) => td_string!(locale, errors.invalid),
        AppError::EntryNotMatched => td_string!(locale, errors.entry_not_matched),
        AppError::AlreadyRegistered => td_string!(locale, errors.already_registered),
        AppError::CredentialsRejected => td_string!(locale, errors.credentials_rejected),
        AppError::EmailNotConfirmed => td_string!(locale, errors.email_not_confirmed),
        AppError::TokenInvalid(TokenProblem::Unknown) => td_string!(locale, errors.token_unknown),
        AppError::TokenInvalid(TokenProblem::Expired) => td_string!(locale, errors.token_expired),
        AppError::TokenInvalid(TokenProblem::Used) => td_string!(locale, errors.token_used),
        AppError::TokenInvalid(TokenProblem::Superseded) => {
            td_string!(locale, errors.token_superseded)
        }
        AppError::NotSignedIn => td_string!(locale, errors.not_signed_in),
        AppError::NotFound => td_string!(locale, errors.not_found),
        AppError::NotVerified => td_string!(locale, verify.refused),
        AppError::Internal { .. }
        | AppError::Request(_)
        | AppError::TooManyAttempts { .. }
        | AppError::Busy { .. } => td_string!(locale, errors.request),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_worded_in_whole_minutes_and_faults_with_their_reference() {
        let wait = AppError::TooManyAttempts {
            retry_after_seconds: 61,
        };
        assert!(
            error_words(Locale::en, &wait).contains('2'),
            "{}",
            error_words(Locale::en, &wait)
        );
        let fault = AppError::Internal {
            reference: "7F3A2B1C".into(),
        };
        assert!(error_words(Locale::fr, &fault).contains("7F3A2B1C"));
        assert_ne!(
            error_words(Locale::en, &AppError::NotFound),
            error_words(Locale::fr, &AppError::NotFound)
        );
    }
}
