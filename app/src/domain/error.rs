use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

/// Why a value was refused. One enum for every field so that a page maps
/// each variant to exactly one translated message.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error, strum::EnumIter,
)]
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
    #[error("a share code is ten letters and digits, like 7KQ2M-X9D4T")]
    ShareCodeFormat,
    #[error("the text is too long")]
    TooLong,
    /// As many share codes still work as one candidate may have.
    #[error("too many share codes still work")]
    TooManyShareCodes,
    /// The account holds as many passkeys as one may.
    #[error("too many passkeys")]
    TooManyPasskeys,
    /// An exam being added is in the candidate's account already.
    #[error("this exam is already in the account")]
    ExamAlreadyInAccount,
    /// An exam being added has an account of its own, whose password joins it.
    #[error("this exam has its own account: its password is needed")]
    ExamHasItsOwnAccount,
    /// An account's only exam cannot be removed (the account can be deleted).
    #[error("an account's only exam cannot be removed")]
    OnlyExam,
    #[error("a centre code is 2 to 16 letters, digits or hyphens")]
    CentreCodeFormat,
    #[error("enter the 6-digit code from the app, or a recovery code")]
    SecondFactorFormat,
    /// A second-factor code that is not (or no longer) right.
    #[error("the code is not right")]
    WrongCode,
    #[error("the file is too large")]
    FileTooLarge,
    #[error("enter a date and a time")]
    DateTimeFormat,
    #[error("the time must be in the future")]
    NotInFuture,
    /// The results are already visible: their release time stays.
    #[error("already released")]
    AlreadyReleased,
    /// The address already belongs to a staff member.
    #[error("this address already has a staff account")]
    StaffExists,
}

/// The form fields a [`ValidationError`] can be attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::EnumIter)]
pub enum Field {
    IdNumber,
    SecretNumber,
    Email,
    Password,
    ConfirmPassword,
    Terms,
    /// The password asked for before an account change.
    CurrentPassword,
    /// The password of another account that already holds an exam being
    /// added, so that the two become one.
    OtherPassword,
    ShareCode,
    FamilyName,
    Organisation,
    /// How long a new share code works.
    ValidFor,
    /// The name a candidate gives a passkey.
    PasskeyName,
    /// A staff member's second-factor code.
    Code,
    /// A file uploaded to the centre portal.
    File,
    /// A new release time.
    ReleaseAt,
}

impl ValidationError {
    /// The problem the server's answer names `name` (its serde name, which
    /// is the variant's), for the browser, which reads answers without a
    /// JSON library of its own.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::iter().find(|v| format!("{v:?}") == name)
    }
}

impl Field {
    /// See [`ValidationError::from_name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::iter().find(|f| format!("{f:?}") == name)
    }
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

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    #[test]
    fn the_browser_reads_every_problem_and_field_by_the_name_the_server_sends() {
        use super::{Field, ValidationError};
        for v in ValidationError::iter() {
            let sent = serde_json::to_string(&v).expect("serialises");
            assert_eq!(ValidationError::from_name(sent.trim_matches('"')), Some(v));
        }
        for f in Field::iter() {
            let sent = serde_json::to_string(&f).expect("serialises");
            assert_eq!(Field::from_name(sent.trim_matches('"')), Some(f));
        }
    }
}
