//! Every hostile input gets a specific validation error from every field's
//! parser (never a panic, never an acceptance), run natively.

#[path = "support/hostile.rs"]
mod hostile;

use app::domain::{Email, IdNumber, NewPassword, SecretNumber, ValidationError};

fn blank(input: &str) -> bool {
    input.trim().is_empty()
}

#[test]
fn id_numbers_refuse_every_hostile_input_with_a_specific_error() {
    for (name, input) in hostile::hostile_inputs() {
        let expected = if blank(&input) {
            ValidationError::Required
        } else {
            ValidationError::IdNumberFormat
        };
        assert_eq!(IdNumber::parse(&input).err(), Some(expected), "{name}");
    }
}

#[test]
fn secret_numbers_refuse_every_hostile_input_with_a_specific_error() {
    for (name, input) in hostile::hostile_inputs() {
        let expected = if blank(&input) {
            ValidationError::Required
        } else {
            ValidationError::SecretNumberFormat
        };
        assert_eq!(SecretNumber::parse(&input).err(), Some(expected), "{name}");
    }
}

#[test]
fn emails_refuse_every_hostile_input_with_a_specific_error() {
    for (name, input) in hostile::hostile_inputs() {
        let expected = match name {
            _ if blank(&input) => ValidationError::Required,
            "10 KB" => ValidationError::EmailTooLong,
            _ => ValidationError::EmailFormat,
        };
        assert_eq!(Email::parse(&input).err(), Some(expected), "{name}");
    }
}

#[test]
fn new_passwords_refuse_what_breaks_a_rule_and_accept_any_other_text() {
    for (name, input) in hostile::hostile_inputs() {
        let expected = match name {
            "empty" => Err(ValidationError::Required),
            "whitespace" | "line breaks" | "emoji" => Err(ValidationError::PasswordTooShort),
            "10 KB" => Err(ValidationError::PasswordTooLong),
            "NUL byte" => Err(ValidationError::ForbiddenCharacters),
            "HTML injection"
            | "full-width digits"
            | "email with a line break"
            | "email with HTML" => Err(ValidationError::PasswordTooFewDigits),
            // Any other text is a legitimate password: it is hashed, never interpreted.
            _ => Ok(()),
        };
        assert_eq!(
            NewPassword::parse(&input, None, None).map(|_| ()),
            expected,
            "{name}"
        );
    }
}

#[test]
fn valid_values_with_spaces_around_them_are_trimmed_and_accepted() {
    for (field, input) in hostile::padded_valid_inputs() {
        let ok = match field {
            "id_number" => IdNumber::parse(input).map(|v| v.to_string()),
            "secret_number" => SecretNumber::parse(input).map(|v| v.as_ref().to_owned()),
            _ => Email::parse(input).map(|v| v.as_ref().to_owned()),
        };
        let expected = if field == "id_number" {
            input.trim().to_uppercase()
        } else {
            input.trim().to_owned()
        };
        assert_eq!(ok, Ok(expected), "{field}");
    }
}
