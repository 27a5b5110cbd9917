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
    pub const ALL: [Self; 30] = [
        Self::Required,
        Self::IdNumberFormat,
        Self::SecretNumberFormat,
        Self::EmailFormat,
        Self::EmailTooLong,
        Self::PasswordTooShort,
        Self::PasswordTooLong,
        Self::PasswordTooFewDigits,
        Self::PasswordContainsIdNumber,
        Self::PasswordContainsEmail,
        Self::PasswordTooCommon,
        Self::WrongPassword,
        Self::EmailUnchanged,
        Self::PasswordsDiffer,
        Self::TermsNotAccepted,
        Self::ForbiddenCharacters,
        Self::OutOfRange,
        Self::UnknownValue,
        Self::ShareCodeFormat,
        Self::TooLong,
        Self::TooManyShareCodes,
        Self::TooManyPasskeys,
        Self::CentreCodeFormat,
        Self::SecondFactorFormat,
        Self::WrongCode,
        Self::FileTooLarge,
        Self::DateTimeFormat,
        Self::NotInFuture,
        Self::AlreadyReleased,
        Self::StaffExists,
    ];

    /// The problem the server's answer names `name` (its serde name, which
    /// is the variant's), for the browser, which reads answers without a
    /// JSON library of its own.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| format!("{v:?}") == name)
    }
}

impl Field {
    pub const ALL: [Self; 15] = [
        Self::IdNumber,
        Self::SecretNumber,
        Self::Email,
        Self::Password,
        Self::ConfirmPassword,
        Self::Terms,
        Self::CurrentPassword,
        Self::ShareCode,
        Self::FamilyName,
        Self::Organisation,
        Self::ValidFor,
        Self::PasskeyName,
        Self::Code,
        Self::File,
        Self::ReleaseAt,
    ];

    /// See [`ValidationError::from_name`].
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| format!("{f:?}") == name)
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

/// A short free text as typed (a name, an organisation): trimmed, at most
/// `max` characters, nothing invisible; `None` when left empty.
pub(crate) fn short_text(input: &str, max: usize) -> Result<Option<String>, ValidationError> {
    let s = input.trim();
    if s.is_empty() {
        Ok(None)
    } else if s.chars().count() > max {
        Err(ValidationError::TooLong)
    } else if has_forbidden_chars(s) {
        Err(ValidationError::ForbiddenCharacters)
    } else {
        Ok(Some(s.to_owned()))
    }
}

/// Control characters (NUL, line breaks, …), invisible formatting characters
/// and bidirectional controls have no place in any field we accept: they
/// can make a name read differently on screen, in an email or in a CSV
/// export than it is stored. Joiners (U+200C, U+200D) are refused too: no
/// centre's export needs them, and they hide inside a name.
pub(crate) fn has_forbidden_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || is_invisible_format(c))
}

/// Unicode's format characters (general category Cf), line and paragraph
/// separators (Zl, Zp) and the Mongolian vowel separator: none is seen, all
/// change how the text around them is shown.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' // soft hyphen
        | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}' | '\u{0890}' | '\u{0891}' | '\u{08E2}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}' // zero width space, joiners, directional marks
        | '\u{2028}' | '\u{2029}' // line and paragraph separators
        | '\u{202A}'..='\u{202E}' // directional embeddings and overrides
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' // word joiner, invisible operators, isolates, deprecated formats
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}' // tags
    )
}

#[cfg(test)]
mod tests {
    use super::has_forbidden_chars;

    #[test]
    fn the_browser_reads_every_problem_and_field_by_the_name_the_server_sends() {
        use super::{Field, ValidationError};
        for v in ValidationError::ALL {
            let sent = serde_json::to_string(&v).expect("serialises");
            assert_eq!(ValidationError::from_name(sent.trim_matches('"')), Some(v));
        }
        for f in Field::ALL {
            let sent = serde_json::to_string(&f).expect("serialises");
            assert_eq!(Field::from_name(sent.trim_matches('"')), Some(f));
        }
        // Every variant is listed: the wording covers each one exactly once.
        let mut names: Vec<String> = ValidationError::ALL
            .iter()
            .map(|v| format!("{v:?}"))
            .collect();
        names.dedup();
        assert_eq!(names.len(), ValidationError::ALL.len());
    }

    #[test]
    fn invisible_and_bidirectional_characters_are_refused_and_letters_are_not() {
        for c in [
            '\u{061C}',
            '\u{2028}',
            '\u{2029}',
            '\u{2060}',
            '\u{206A}',
            '\u{206F}',
            '\u{FFF9}',
            '\u{FFFB}',
            '\u{00AD}',
            '\u{180E}',
            '\u{202E}',
            '\u{2066}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{0}',
            '\n',
            '\r',
        ] {
            assert!(
                has_forbidden_chars(&format!("Zo{c}é")),
                "U+{:04X}",
                u32::from(c)
            );
        }
        for name in [
            "Zoé",
            "Nguyễn",
            "Łukasz",
            "Ødegård",
            "O'Brien",
            "Jean-Pierre",
            "محمد",
            "李小龍",
            "Ἀθηνᾶ",
        ] {
            assert!(!has_forbidden_chars(name), "{name}");
        }
    }
}
