use super::ValidationError;

/// A candidate's ID Number from the Confirmation of Entry: three ASCII
/// letters then six digits, e.g. `SIR094701`. Case-insensitive on input,
/// always stored and shown upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

impl IdNumber {
    /// # Errors
    /// [`ValidationError::Required`] when blank, [`ValidationError::IdNumberFormat`] otherwise.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ValidationError::Required);
        }
        let b = s.as_bytes();
        // ASCII checks on bytes: a homoglyph (Cyrillic "С") is not a letter here.
        let ok = b.len() == 9
            && b[..3].iter().all(u8::is_ascii_alphabetic)
            && b[3..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(Self(s.to_ascii_uppercase()))
        } else {
            Err(ValidationError::IdNumberFormat)
        }
    }
}

impl AsRef<str> for IdNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn id_numbers_are_checked_against_the_table() {
        let cases: &[(&str, Result<&str, ValidationError>)] = &[
            ("SIR094701", Ok("SIR094701")),
            ("sir094701", Ok("SIR094701")),
            ("  SiR094701 \t", Ok("SIR094701")),
            ("", Err(ValidationError::Required)),
            ("   ", Err(ValidationError::Required)),
            ("SIR09470", Err(ValidationError::IdNumberFormat)),
            ("SIR0947011", Err(ValidationError::IdNumberFormat)),
            ("S1R094701", Err(ValidationError::IdNumberFormat)),
            ("SIR09470A", Err(ValidationError::IdNumberFormat)),
            ("SIR 094701", Err(ValidationError::IdNumberFormat)),
            ("СIR094701", Err(ValidationError::IdNumberFormat)), // Cyrillic С
            ("SIR０94701", Err(ValidationError::IdNumberFormat)), // full-width zero
            ("SIR094701\0", Err(ValidationError::IdNumberFormat)),
            ("' OR 1=1--", Err(ValidationError::IdNumberFormat)),
        ];
        for (input, expected) in cases {
            let got = IdNumber::parse(input);
            assert_eq!(
                got.as_ref().map(AsRef::as_ref),
                expected.as_ref().map(|s| *s),
                "input {input:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_three_letters_and_six_digits_parse_to_upper_case(l in "[a-zA-Z]{3}", d in "[0-9]{6}") {
            let id = IdNumber::parse(&format!(" {l}{d} ")).unwrap();
            prop_assert_eq!(id.as_ref(), format!("{}{d}", l.to_ascii_uppercase()));
        }

        #[test]
        fn parsing_never_panics_and_accepts_only_nine_ascii_chars(s in "\\PC*") {
            if let Ok(id) = IdNumber::parse(&s) {
                prop_assert_eq!(id.as_ref().len(), 9);
                prop_assert!(id.as_ref().is_ascii());
            }
        }
    }
}
