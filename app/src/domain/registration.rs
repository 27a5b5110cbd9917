use super::ValidationError;
use super::{Email, Field, FieldErrors, IdNumber, NewPassword, SecretNumber};

/// The registration form as typed, before any rule is applied.
#[derive(Debug, Clone, Default)]
pub struct RegistrationInput<'a> {
    pub id_number: &'a str,
    pub secret_number: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub confirm_password: &'a str,
    pub terms_accepted: bool,
    pub wants_updates: bool,
}

/// A registration that passed every field rule. Whether the ID/Secret pair
/// matches a centre's entry is for the server to decide.
pub struct Registration {
    pub id_number: IdNumber,
    pub secret_number: SecretNumber,
    pub email: Email,
    pub password: NewPassword,
    pub wants_updates: bool,
}

impl RegistrationInput<'_> {
    /// Applies every rule and reports every problem at once, so a candidate
    /// fixes the whole form in one go.
    ///
    /// # Errors
    /// All field errors, in form order.
    pub fn validate(&self) -> Result<Registration, FieldErrors> {
        let mut errors = FieldErrors::default();
        let id_number = errors.check(Field::IdNumber, IdNumber::parse(self.id_number));
        let secret_number =
            errors.check(Field::SecretNumber, SecretNumber::parse(self.secret_number));
        let email = errors.check(Field::Email, Email::parse(self.email));
        let password = errors.check(
            Field::Password,
            NewPassword::parse(self.password, id_number.as_ref(), email.as_ref()),
        );
        errors.check(
            Field::ConfirmPassword,
            NewPassword::check_confirmation(self.password, self.confirm_password),
        );
        if !self.terms_accepted {
            errors.push(Field::Terms, ValidationError::TermsNotAccepted);
        }
        match (id_number, secret_number, email, password) {
            (Some(id_number), Some(secret_number), Some(email), Some(password))
                if errors.is_empty() =>
            {
                Ok(Registration {
                    id_number,
                    secret_number,
                    email,
                    password,
                    wants_updates: self.wants_updates,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> RegistrationInput<'static> {
        RegistrationInput {
            id_number: "sir094701",
            secret_number: "1234",
            email: "marie@example.fr",
            password: "resultats69",
            confirm_password: "resultats69",
            terms_accepted: true,
            wants_updates: false,
        }
    }

    #[test]
    fn a_valid_form_gives_a_registration() {
        let r = valid().validate().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(r.id_number.as_ref(), "SIR094701");
        assert!(!r.wants_updates);
    }

    #[test]
    fn every_problem_is_reported_at_once_in_form_order() {
        let input = RegistrationInput {
            terms_accepted: false,
            ..Default::default()
        };
        let errors = input.validate().err().unwrap();
        let fields: Vec<Field> = errors.0.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                Field::IdNumber,
                Field::SecretNumber,
                Field::Email,
                Field::Password,
                Field::ConfirmPassword,
                Field::Terms
            ]
        );
        assert_eq!(
            errors.get(Field::Terms),
            Some(ValidationError::TermsNotAccepted)
        );
    }

    #[test]
    fn a_password_containing_the_id_number_is_refused() {
        let input = RegistrationInput {
            password: "SIR094701xx",
            confirm_password: "SIR094701xx",
            ..valid()
        };
        let errors = input.validate().err().unwrap();
        assert_eq!(
            errors.0,
            vec![(Field::Password, ValidationError::PasswordContainsIdNumber)]
        );
    }

    #[test]
    fn a_mismatched_confirmation_is_reported_on_the_confirmation_field() {
        let input = RegistrationInput {
            confirm_password: "resultats68",
            ..valid()
        };
        let errors = input.validate().err().unwrap();
        assert_eq!(
            errors.0,
            vec![(Field::ConfirmPassword, ValidationError::PasswordsDiffer)]
        );
    }
}
