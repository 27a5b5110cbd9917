//! Proving a result to an institution: the share code a candidate hands
//! out, the form an institution fills in at `/verify`, and what each side
//! is shown.

use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

pub use super::share_code::{SHARE_CODE_SYMBOLS, ShareCode};
use super::text::short_text;
use super::{Field, FieldErrors, PersonName, Scores, ValidationError};

/// How long a new code works: the candidate picks one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::EnumIter)]
pub enum ValidFor {
    Week,
    Month,
    Quarter,
}

impl ValidFor {
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
            days => Self::iter()
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
