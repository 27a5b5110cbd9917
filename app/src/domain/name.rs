//! Names as people write them: a candidate's given and family names, from
//! a centre's file or typed at `/verify`, read by one rule.

use super::ValidationError;
use super::error::short_text;

/// A given or family name: trimmed, at most [`PersonName::MAX_CHARS`]
/// characters, with no control, invisible or direction-changing character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    /// Longer was not typed by a person (and no centre's export holds it).
    pub const MAX_CHARS: usize = 200;

    /// # Errors
    /// [`ValidationError::Required`], [`ValidationError::TooLong`] or
    /// [`ValidationError::ForbiddenCharacters`].
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        required_text(input, Self::MAX_CHARS).map(Self)
    }
}

impl AsRef<str> for PersonName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<PersonName> for String {
    fn from(name: PersonName) -> Self {
        name.0
    }
}

/// A short text that must be there (an exam's name), by the rule of
/// names: trimmed, at most `max` characters, nothing invisible.
///
/// # Errors
/// As [`PersonName::parse`].
pub fn required_text(input: &str, max: usize) -> Result<String, ValidationError> {
    short_text(input, max)?.ok_or(ValidationError::Required)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_refused_empty_too_long_or_with_hidden_characters() {
        assert_eq!(
            PersonName::parse("  Lefèvre-Çelik ").map(String::from),
            Ok("Lefèvre-Çelik".to_owned())
        );
        assert_eq!(PersonName::parse("   "), Err(ValidationError::Required));
        assert_eq!(
            PersonName::parse(&"a".repeat(PersonName::MAX_CHARS + 1)),
            Err(ValidationError::TooLong)
        );
        assert!(PersonName::parse(&"é".repeat(PersonName::MAX_CHARS)).is_ok());
        assert_eq!(
            PersonName::parse("Marie\u{202E}"),
            Err(ValidationError::ForbiddenCharacters)
        );
    }
}
