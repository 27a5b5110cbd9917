use super::ValidationError;

/// A centre's code, as the exam board knows it: 2 to 16 ASCII letters,
/// digits or hyphens, e.g. `FR-PARIS-01`. Case-insensitive on input,
/// always kept upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CentreCode(String);

/// Where every entry loaded before centres existed went.
pub const DEFAULT_CENTRE: &str = "DEFAULT";

impl CentreCode {
    /// # Errors
    /// [`ValidationError::Required`] when blank, [`ValidationError::CentreCodeFormat`] otherwise.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ValidationError::Required);
        }
        let ok = (2..=16).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !s.starts_with('-');
        if ok {
            Ok(Self(s.to_ascii_uppercase()))
        } else {
            Err(ValidationError::CentreCodeFormat)
        }
    }

    /// The centre of entries loaded before centres existed.
    pub fn default_centre() -> Self {
        Self(DEFAULT_CENTRE.to_owned())
    }
}

impl AsRef<str> for CentreCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CentreCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_codes_are_short_ascii_words_kept_upper_case() {
        let cases: &[(&str, Result<&str, ValidationError>)] = &[
            ("FR-PARIS-01", Ok("FR-PARIS-01")),
            (" fr042 ", Ok("FR042")),
            ("DEFAULT", Ok("DEFAULT")),
            ("", Err(ValidationError::Required)),
            ("X", Err(ValidationError::CentreCodeFormat)),
            ("ABCDEFGHIJKLMNOPQ", Err(ValidationError::CentreCodeFormat)),
            ("-PARIS", Err(ValidationError::CentreCodeFormat)),
            ("PARIS 01", Err(ValidationError::CentreCodeFormat)),
            ("PARÍS", Err(ValidationError::CentreCodeFormat)),
            ("' OR 1=1", Err(ValidationError::CentreCodeFormat)),
        ];
        for (input, expected) in cases {
            let got = CentreCode::parse(input);
            assert_eq!(
                got.as_ref().map(AsRef::as_ref),
                expected.as_ref().map(|s| *s),
                "input {input:?}"
            );
        }
        assert_eq!(CentreCode::default_centre().as_ref(), DEFAULT_CENTRE);
    }
}
