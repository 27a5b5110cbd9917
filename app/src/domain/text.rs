//! Free text as people type it, and names: a candidate's given and family
//! names, from a centre's file or typed at `/verify`, read by one rule.

use super::ValidationError;

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
    use super::*;

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
