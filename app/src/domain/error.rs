use serde::{Deserialize, Serialize};

/// Why a value was refused. One enum for every field so that a page maps
/// each variant to exactly one translated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ValidationError {
    #[error("this field is required")]
    Required,
    #[error("an ID Number is three letters followed by six digits")]
    IdNumberFormat,
    #[error("a Secret Number is exactly four digits")]
    SecretNumberFormat,
    #[error("this is not a valid email address")]
    EmailFormat,
    #[error("the email address is too long")]
    EmailTooLong,
    #[error("the password must be at least 8 characters long")]
    PasswordTooShort,
    #[error("the password must be at most 128 characters long")]
    PasswordTooLong,
    #[error("the password must contain at least two digits")]
    PasswordTooFewDigits,
    #[error("the password must not contain the ID Number")]
    PasswordContainsIdNumber,
    #[error("the password must not contain the email address")]
    PasswordContainsEmail,
    /// Found in (or close to) a list of common and breached passwords.
    #[error("the password is too common")]
    PasswordTooCommon,
    /// The current password, asked for before a change, is wrong.
    #[error("the password is not correct")]
    WrongPassword,
    #[error("this is already the account's email address")]
    EmailUnchanged,
    #[error("the passwords do not match")]
    PasswordsDiffer,
    #[error("the terms of use must be accepted")]
    TermsNotAccepted,
    #[error("the text contains characters that are not allowed")]
    ForbiddenCharacters,
    #[error("the value is out of range")]
    OutOfRange,
    #[error("the value is not one of the allowed values")]
    UnknownValue,
}

/// The form fields a [`ValidationError`] can be attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    IdNumber,
    SecretNumber,
    Email,
    Password,
    ConfirmPassword,
    Terms,
    /// The password asked for before an account change.
    CurrentPassword,
}

/// Every problem found in one submitted form, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<(Field, ValidationError)>);

impl FieldErrors {
    pub fn push(&mut self, field: Field, error: ValidationError) {
        self.0.push((field, error));
    }

    /// Records the error of `result`, if any, and passes the value on.
    pub fn check<T>(&mut self, field: Field, result: Result<T, ValidationError>) -> Option<T> {
        result.map_err(|e| self.push(field, e)).ok()
    }

    /// The first error for `field`: the one the page shows next to it.
    pub fn get(&self, field: Field) -> Option<ValidationError> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, e)| *e)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Control characters (NUL, bidi overrides, …) have no place in any field
/// we accept; refusing them keeps logs, emails and CSV exports clean.
pub(crate) fn has_forbidden_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'))
}
