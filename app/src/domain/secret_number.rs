use super::ValidationError;

/// The four-digit Secret Number from the Confirmation of Entry. It proves
/// the holder has the confirmation; it is never a login credential.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretNumber(String);

impl SecretNumber {
    /// # Errors
    /// [`ValidationError::Required`] when blank, [`ValidationError::SecretNumberFormat`] otherwise.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ValidationError::Required);
        }
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(ValidationError::SecretNumberFormat)
        }
    }
}

#[cfg(feature = "ssr")]
impl SecretNumber {
    /// A new Secret Number from the operating system's random source,
    /// never `previous` (a re-issued number must differ from the lost one).
    pub fn random_other_than(previous: &str) -> Self {
        use rand::Rng;
        loop {
            let number = format!("{:04}", rand::rngs::OsRng.gen_range(0..10_000));
            if number != previous {
                return Self(number);
            }
        }
    }
}

impl AsRef<str> for SecretNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// Never print the secret itself, not even in debug logs.
impl std::fmt::Debug for SecretNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretNumber(****)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn secret_numbers_are_checked_against_the_table() {
        let cases: &[(&str, Result<&str, ValidationError>)] = &[
            ("1234", Ok("1234")),
            (" 0007 ", Ok("0007")),
            ("", Err(ValidationError::Required)),
            ("123", Err(ValidationError::SecretNumberFormat)),
            ("12345", Err(ValidationError::SecretNumberFormat)),
            ("12a4", Err(ValidationError::SecretNumberFormat)),
            ("١٢٣٤", Err(ValidationError::SecretNumberFormat)), // Arabic-Indic digits
            ("12 4", Err(ValidationError::SecretNumberFormat)),
        ];
        for (input, expected) in cases {
            let got = SecretNumber::parse(input);
            assert_eq!(
                got.as_ref().map(AsRef::as_ref),
                expected.as_ref().map(|s| *s),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let s = SecretNumber::parse("4321").unwrap();
        assert!(!format!("{s:?}").contains("4321"));
    }

    proptest! {
        #[test]
        fn every_four_digit_string_parses(n in 0u32..10_000) {
            let s = format!("{n:04}");
            let parsed = SecretNumber::parse(&s).unwrap();
            prop_assert_eq!(parsed.as_ref(), s.as_str());
        }
    }
}
