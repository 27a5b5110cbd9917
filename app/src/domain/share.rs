//! Proving a result to an institution: the share code a candidate hands
//! out, the form an institution fills in at `/verify`, and what each side
//! is shown.

use serde::{Deserialize, Serialize};

use super::error::short_text;
use super::{Field, FieldErrors, PersonName, Scores, ValidationError};

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

/// How long a new code works: the candidate picks one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValidFor {
    Week,
    Month,
    Quarter,
}

impl ValidFor {
    pub const ALL: [Self; 3] = [Self::Week, Self::Month, Self::Quarter];

    pub fn days(self) -> i64 {
        match self {
            Self::Week => 7,
            Self::Month => 30,
            Self::Quarter => 90,
        }
    }

    /// The form's value, the number of days.
    ///
    /// # Errors
    /// [`ValidationError::Required`] or [`ValidationError::UnknownValue`].
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        match input.trim() {
            "" => Err(ValidationError::Required),
            days => Self::ALL
                .into_iter()
                .find(|v| v.days().to_string() == days)
                .ok_or(ValidationError::UnknownValue),
        }
    }
}

/// Codes that still work, at most, per candidate (the message says 20).
pub const MAX_LIVE_SHARE_CODES: u64 = 20;

/// The longest organisation accepted: longer was not typed by a person
/// into this form.
pub const MAX_ORGANISATION_CHARS: usize = 200;

/// What an institution typed at `/verify`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyInput {
    pub code: ShareCode,
    pub family_name: String,
    /// Who is checking, as they typed it: shown to the candidate.
    pub organisation: Option<String>,
}

impl VerifyInput {
    /// # Errors
    /// Each field's problem, in form order.
    pub fn parse(code: &str, family_name: &str, organisation: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = errors.check(Field::ShareCode, ShareCode::parse(code));
        let family_name = errors.check(
            Field::FamilyName,
            PersonName::parse(family_name).map(String::from),
        );
        let organisation = errors.check(
            Field::Organisation,
            short_text(organisation, MAX_ORGANISATION_CHARS),
        );
        match (code, family_name, organisation) {
            (Some(code), Some(family_name), Some(organisation)) if errors.is_empty() => Ok(Self {
                code,
                family_name,
                organisation,
            }),
            _ => Err(errors),
        }
    }
}

/// A code just created: the only time it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewShareCode {
    pub code: String,
    pub expires_at_ms: i64,
}

/// One of the candidate's codes as their list shows it (the code itself is
/// not kept, only its keyed hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareCodeView {
    pub id: i64,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    /// Whether it still works now.
    pub live: bool,
    /// Its successful checks, newest first.
    pub checks: Vec<CheckView>,
}

/// A successful check of a code, as the candidate sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckView {
    pub at_ms: i64,
    pub organisation: Option<String>,
}

/// What an institution sees for a right code and family name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedResult {
    pub candidate_name: String,
    pub exam: String,
    pub exam_date: String,
    pub scores: Scores,
    pub checked_at_ms: i64,
    pub valid_until_ms: i64,
}

/// "Lefèvre", "LEFEVRE" and "Le Fèvre" are one family name to an
/// institution typing it from a passport: compared without case, accents,
/// spaces, hyphens or apostrophes. Accents are taken off by the caller
/// (`strip_marks`, the Unicode decomposition lives on the server).
pub fn same_family_name(typed: &str, recorded: &str, strip_marks: impl Fn(&str) -> String) -> bool {
    let fold = |s: &str| {
        strip_marks(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (typed, recorded) = (fold(typed), fold(recorded));
    !typed.is_empty() && typed == recorded
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

    #[test]
    fn validity_is_one_of_seven_thirty_or_ninety_days() {
        assert_eq!(ValidFor::parse("7"), Ok(ValidFor::Week));
        assert_eq!(ValidFor::parse("30"), Ok(ValidFor::Month));
        assert_eq!(ValidFor::parse("90"), Ok(ValidFor::Quarter));
        assert_eq!(ValidFor::parse(""), Err(ValidationError::Required));
        assert_eq!(ValidFor::parse("365"), Err(ValidationError::UnknownValue));
    }

    #[test]
    fn the_verify_form_names_each_fields_problem() {
        let errors = VerifyInput::parse("7KQ2M", " ", &"x".repeat(201)).unwrap_err();
        assert_eq!(
            errors.get(Field::ShareCode),
            Some(ValidationError::ShareCodeFormat)
        );
        assert_eq!(
            errors.get(Field::FamilyName),
            Some(ValidationError::Required)
        );
        assert_eq!(
            errors.get(Field::Organisation),
            Some(ValidationError::TooLong)
        );
        let input = VerifyInput::parse("7kq2m-x9d4t", " Lefèvre ", "").unwrap();
        assert_eq!(
            (input.family_name.as_str(), input.organisation),
            ("Lefèvre", None)
        );
        assert_eq!(
            VerifyInput::parse("7KQ2MX9D4T", "Lefèvre\u{202e}", "")
                .unwrap_err()
                .get(Field::FamilyName),
            Some(ValidationError::ForbiddenCharacters)
        );
    }

    #[test]
    fn family_names_match_without_case_spaces_or_punctuation_and_never_when_empty() {
        let strip = |s: &str| s.replace('è', "e").replace('É', "E");
        assert!(same_family_name("LEFEVRE", "Lefèvre", strip));
        assert!(same_family_name("le fèvre", "Lefèvre", strip));
        assert!(same_family_name("Saint-Éloi", "SAINT ELOI", strip));
        assert!(same_family_name("d'Arc", "DARC", strip));
        assert!(!same_family_name("Lefebvre", "Lefèvre", strip));
        assert!(!same_family_name("-", "-", strip));
    }
}
