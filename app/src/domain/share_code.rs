//! A share code: 50 random bits a candidate hands an institution, written
//! in Crockford base 32 as two groups of five (`7KQ2M-X9D4T`).

use super::ValidationError;

/// Crockford's base 32: digits and letters without I, L, O and U, so that
/// a code read aloud or copied by hand has no look-alike letters.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Ten symbols of five bits: 50 bits, shown as two groups of five.
pub const SHARE_CODE_SYMBOLS: usize = 10;
const BITS: u32 = 5 * SHARE_CODE_SYMBOLS as u32;

/// A share code, e.g. `7KQ2M-X9D4T`. Typed in any case, with or without the
/// dash or spaces, and with the letters Crockford accepts for look-alikes
/// (`I`, `L` for 1, `O` for 0).
#[derive(Clone, PartialEq, Eq)]
pub struct ShareCode(String);

impl ShareCode {
    /// # Errors
    /// [`ValidationError::Required`] when blank, [`ValidationError::ShareCodeFormat`] otherwise.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let mut symbols = String::with_capacity(SHARE_CODE_SYMBOLS);
        for c in input
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\u{a0}' | '\t'))
        {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return Err(ValidationError::ShareCodeFormat),
            };
            symbols.push(c);
        }
        match symbols.len() {
            0 => Err(ValidationError::Required),
            SHARE_CODE_SYMBOLS => Ok(Self(symbols)),
            _ => Err(ValidationError::ShareCodeFormat),
        }
    }

    /// The code of the low 50 bits of `value` (from the OS random generator).
    pub fn from_bits(value: u64) -> Self {
        let value = value & ((1 << BITS) - 1);
        let symbols = (0..SHARE_CODE_SYMBOLS)
            .rev()
            .map(|i| char::from(ALPHABET[((value >> (5 * i)) & 31) as usize]))
            .collect();
        Self(symbols)
    }

    /// As the candidate is shown it: `7KQ2M-X9D4T`.
    pub fn grouped(&self) -> String {
        let (first, second) = self.0.split_at(SHARE_CODE_SYMBOLS / 2);
        format!("{first}-{second}")
    }
}

impl AsRef<str> for ShareCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// A code is a credential: never in a log line.
impl std::fmt::Debug for ShareCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShareCode(*****-*****)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn share_codes_are_read_as_crockford_base32_whatever_the_case_dashes_or_look_alikes() {
        let cases: &[(&str, Result<&str, ValidationError>)] = &[
            ("7KQ2M-X9D4T", Ok("7KQ2MX9D4T")),
            ("7kq2m x9d4t", Ok("7KQ2MX9D4T")),
            (" 7KQ2MX9D4T ", Ok("7KQ2MX9D4T")),
            ("OIL2M-X9D4T", Ok("0112MX9D4T")),
            ("", Err(ValidationError::Required)),
            (" - ", Err(ValidationError::Required)),
            ("7KQ2M-X9D4", Err(ValidationError::ShareCodeFormat)),
            ("7KQ2M-X9D4TT", Err(ValidationError::ShareCodeFormat)),
            ("7KQ2M-X9D4U", Err(ValidationError::ShareCodeFormat)),
            ("7KQ2M_X9D4T", Err(ValidationError::ShareCodeFormat)),
            ("7KQ2M-X9D4É", Err(ValidationError::ShareCodeFormat)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                ShareCode::parse(input).as_ref().map(AsRef::as_ref),
                expected.as_ref().map(|s| *s),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn a_code_is_shown_in_two_groups_of_five_and_never_in_debug_output() {
        let code = ShareCode::parse("7kq2mx9d4t").unwrap();
        assert_eq!(code.grouped(), "7KQ2M-X9D4T");
        assert!(!format!("{code:?}").contains("7KQ2M"));
    }

    #[test]
    fn codes_made_from_bits_use_all_fifty_and_only_fifty() {
        assert_eq!(ShareCode::from_bits(0).as_ref(), "0000000000");
        assert_eq!(ShareCode::from_bits((1 << 50) - 1).as_ref(), "ZZZZZZZZZZ");
        assert_eq!(ShareCode::from_bits(1 << 50).as_ref(), "0000000000");
        assert_eq!(ShareCode::from_bits(31).as_ref(), "000000000Z");
    }

    proptest! {
        #[test]
        fn every_code_made_reads_back_as_itself(bits in any::<u64>()) {
            let code = ShareCode::from_bits(bits);
            prop_assert_eq!(ShareCode::parse(&code.grouped()).unwrap(), code.clone());
            prop_assert_eq!(ShareCode::parse(&code.grouped().to_lowercase()).unwrap(), code);
        }
    }
}
