use super::{Email, IdNumber, ValidationError};

#[cfg(feature = "ssr")]
use super::{Field, FieldErrors};

/// Whose new password it is: the details an attacker tries first, which the
/// password may not be built from. The same four for registration, reset
/// and change.
#[derive(Debug, Clone, Copy)]
pub struct PasswordOwner<'a> {
    pub id_number: &'a str,
    pub email: &'a str,
    pub given_name: &'a str,
    pub family_name: &'a str,
}

impl PasswordOwner<'_> {
    #[cfg(feature = "ssr")]
    fn known_to_attackers(&self) -> [&str; 4] {
        [
            self.id_number,
            self.email,
            self.given_name,
            self.family_name,
        ]
    }
}

/// A password a candidate creates: 8 to 128 characters, at least two of them
/// digits, any Unicode otherwise (spaces allowed), not containing the ID Number
/// nor the email address's local part (the first things an attacker tries).
///
/// Deliberately neither `Debug`-printable nor `Serialize`: it must never be logged.
#[derive(Clone)]
pub struct NewPassword(String);

const MIN_CHARS: usize = 8;
const MAX_CHARS: usize = 128;
const MIN_DIGITS: usize = 2;
/// Shorter local parts (`jo@…`) would refuse too many honest passwords.
const MIN_LOCAL_PART_CHARS: usize = 3;

impl NewPassword {
    /// Checks the rules in the order a candidate can fix them.
    ///
    /// # Errors
    /// The first rule the password breaks.
    pub fn parse(
        input: &str,
        id_number: Option<&IdNumber>,
        email: Option<&Email>,
    ) -> Result<Self, ValidationError> {
        if input.is_empty() {
            return Err(ValidationError::Required);
        }
        let chars = input.chars().count();
        if chars < MIN_CHARS {
            return Err(ValidationError::PasswordTooShort);
        }
        if chars > MAX_CHARS {
            return Err(ValidationError::PasswordTooLong);
        }
        if input.chars().filter(char::is_ascii_digit).count() < MIN_DIGITS {
            return Err(ValidationError::PasswordTooFewDigits);
        }
        if input.contains('\0') {
            return Err(ValidationError::ForbiddenCharacters);
        }
        if let Some(id) = id_number
            && input.to_ascii_uppercase().contains(id.as_ref())
        {
            return Err(ValidationError::PasswordContainsIdNumber);
        }
        if let Some(local) = email
            .map(Email::local_part)
            .filter(|l| l.chars().count() >= MIN_LOCAL_PART_CHARS)
            && input.to_lowercase().contains(&local.to_lowercase())
        {
            return Err(ValidationError::PasswordContainsEmail);
        }
        Ok(Self(input.to_owned()))
    }

    /// The confirmation must be the same string, byte for byte.
    ///
    /// # Errors
    /// [`ValidationError::Required`] or [`ValidationError::PasswordsDiffer`].
    pub fn check_confirmation(password: &str, confirmation: &str) -> Result<(), ValidationError> {
        if confirmation.is_empty() {
            Err(ValidationError::Required)
        } else if password != confirmation {
            Err(ValidationError::PasswordsDiffer)
        } else {
            Ok(())
        }
    }

    /// Refuses passwords found in, or close to, zxcvbn's lists of common and
    /// breached passwords, names and words, counting the owner's own details
    /// (ID Number, email, names) as known to attackers.
    /// Server only: the lists are megabytes, too much for the WASM.
    ///
    /// # Errors
    /// [`ValidationError::PasswordTooCommon`].
    #[cfg(feature = "ssr")]
    pub fn check_not_common(&self, owner: &PasswordOwner<'_>) -> Result<(), ValidationError> {
        // Score 2 and up: "somewhat guessable", > 10^6 guesses, which our
        // per-account and per-address limits make out of reach online.
        let score: u8 = zxcvbn::zxcvbn(&self.0, &owner.known_to_attackers())
            .score()
            .into();
        if score < 2 {
            Err(ValidationError::PasswordTooCommon)
        } else {
            Ok(())
        }
    }

    /// Every rule for a new password of `owner`, with the problems on the
    /// password and confirmation fields: the one check that a password reset
    /// and a password change apply, and that registration applies in two
    /// steps (the shared rules in the browser, then [`Self::check_not_common`]
    /// once the centre's entry names the candidate).
    ///
    /// # Errors
    /// Every field's problem.
    #[cfg(feature = "ssr")]
    pub fn accept(
        password: &str,
        confirmation: &str,
        owner: &PasswordOwner<'_>,
    ) -> Result<Self, FieldErrors> {
        let id = IdNumber::parse(owner.id_number).ok();
        let email = Email::parse(owner.email).ok();
        let mut errors = FieldErrors::default();
        let parsed = errors.check(
            Field::Password,
            Self::parse(password, id.as_ref(), email.as_ref()),
        );
        let parsed = parsed
            .and_then(|p| errors.check(Field::Password, p.check_not_common(owner).map(|()| p)));
        errors.check(
            Field::ConfirmPassword,
            Self::check_confirmation(password, confirmation),
        );
        match parsed {
            Some(p) if errors.is_empty() => Ok(p),
            _ => Err(errors),
        }
    }

    /// The password, for hashing. Named so that every use stands out in review.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn passwords_are_checked_against_the_table() {
        let id = IdNumber::parse("SIR094701").unwrap();
        let long = format!("{}12", "a".repeat(127));
        let cases: Vec<(&str, Result<(), ValidationError>)> = vec![
            ("resultats69", Ok(())),
            ("mot de passe 42", Ok(())),
            ("été🎓été🎓12", Ok(())),
            ("12345678", Ok(())),
            ("", Err(ValidationError::Required)),
            ("abc12", Err(ValidationError::PasswordTooShort)),
            ("é🎓é🎓é12", Err(ValidationError::PasswordTooShort)), // 7 characters, more bytes
            ("password1", Err(ValidationError::PasswordTooFewDigits)),
            ("motdepasse", Err(ValidationError::PasswordTooFewDigits)),
            ("pass١٢word", Err(ValidationError::PasswordTooFewDigits)), // Arabic-Indic digits are not 0-9
            (long.as_str(), Err(ValidationError::PasswordTooLong)),
            (
                "xxSIR094701",
                Err(ValidationError::PasswordContainsIdNumber),
            ),
            (
                "sir094701!!",
                Err(ValidationError::PasswordContainsIdNumber),
            ),
            ("pass\0word12", Err(ValidationError::ForbiddenCharacters)),
        ];
        for (input, expected) in cases {
            let got = NewPassword::parse(input, Some(&id), None).map(|_| ());
            assert_eq!(got, expected, "input {input:?}");
        }
    }

    #[test]
    fn a_password_may_not_contain_the_emails_local_part() {
        let email = Email::parse("Marie.Lefebvre@example.fr").expect("email");
        let parse = |p: &str| NewPassword::parse(p, None, Some(&email)).map(|_| ());
        assert_eq!(
            parse("marie.lefebvre2026"),
            Err(ValidationError::PasswordContainsEmail)
        );
        assert_eq!(
            parse("xxMARIE.LEFEBVRE12"),
            Err(ValidationError::PasswordContainsEmail)
        );
        assert_eq!(parse("resultats69"), Ok(()));
        let short = Email::parse("jo@example.fr").expect("email");
        assert_eq!(
            NewPassword::parse("jo-jo-2026", None, Some(&short)).map(|_| ()),
            Ok(()),
            "too short to refuse"
        );
    }

    #[test]
    fn the_confirmation_must_match_exactly() {
        assert_eq!(
            NewPassword::check_confirmation("resultats69", "resultats69"),
            Ok(())
        );
        assert_eq!(
            NewPassword::check_confirmation("resultats69", "Resultats69"),
            Err(ValidationError::PasswordsDiffer)
        );
        assert_eq!(
            NewPassword::check_confirmation("resultats69", "resultats69 "),
            Err(ValidationError::PasswordsDiffer)
        );
        assert_eq!(
            NewPassword::check_confirmation("resultats69", ""),
            Err(ValidationError::Required)
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn common_and_breached_passwords_are_refused_by_the_server_check() {
        let owner = PasswordOwner {
            id_number: "SIR094701",
            email: "ml@example.fr",
            given_name: "Marie",
            family_name: "Lefebvre",
        };
        let check = |p: &str| {
            NewPassword::parse(p, None, None)
                .expect("meets the basic rules")
                .check_not_common(&owner)
        };
        for common in [
            "12345678",
            "password12",
            "azerty123",
            "qwerty123",
            "iloveyou12",
            "marie1234",
            "lefebvre12",
            "Password123",
            "11111111",
        ] {
            assert_eq!(
                check(common),
                Err(ValidationError::PasswordTooCommon),
                "{common}"
            );
        }
        for fine in [
            "resultats69",
            "tulipe-ocre-48",
            "vague lente du matin 37",
            "Kx9#mPq2vL",
        ] {
            assert_eq!(check(fine), Ok(()), "{fine}");
        }
    }

    proptest! {
        #[test]
        fn any_password_of_valid_length_with_two_digits_is_accepted(base in "[a-zA-Z ]{6,100}", d1 in 0u8..10, d2 in 0u8..10) {
            let p = format!("{base}{d1}{d2}");
            prop_assert!(NewPassword::parse(&p, None, None).is_ok());
        }

        #[test]
        fn accepted_passwords_always_meet_every_rule(s in "\\PC{0,140}") {
            if let Ok(p) = NewPassword::parse(&s, None, None) {
                let n = p.expose().chars().count();
                prop_assert!((8..=128).contains(&n));
                prop_assert!(p.expose().chars().filter(char::is_ascii_digit).count() >= 2);
            }
        }
    }
}
