//! Which form a page holds, so that the browser's check applies the right
//! rules to the right fields. The server marks each form with
//! `data-check="<kind>"`; the same tables name the fields on both sides.

use crate::domain::Field;

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter)]
pub enum FormKind {
    Register,
    Login,
    Forgot,
    Reset,
    PasswordChange,
    EmailChange,
    AddExam,
}

// What only the browser asks of a form (`enhance`).
#[cfg_attr(
    not(feature = "hydrate"),
    expect(dead_code, reason = "only the browser asks these of a form")
)]
impl FormKind {
    /// The value of the form's `data-check` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Login => "login",
            Self::Forgot => "forgot",
            Self::Reset => "reset",
            Self::PasswordChange => "password",
            Self::EmailChange => "email",
            Self::AddExam => "add_exam",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        <Self as strum::IntoEnumIterator>::iter().find(|k| k.name() == name)
    }

    /// Each field of the form with the id of its input, in form order.
    pub fn fields(self) -> &'static [(Field, &'static str)] {
        match self {
            Self::Register => &[
                (Field::IdNumber, "id_number"),
                (Field::SecretNumber, "secret_number"),
                (Field::Email, "email"),
                (Field::Password, "password"),
                (Field::ConfirmPassword, "confirm_password"),
                (Field::Terms, "terms"),
            ],
            Self::Login => &[
                (Field::IdNumber, "id_number"),
                (Field::Password, "password"),
            ],
            Self::Forgot => &[(Field::IdNumber, "id_number")],
            Self::Reset => &[
                (Field::Password, "password"),
                (Field::ConfirmPassword, "confirm_password"),
            ],
            Self::PasswordChange => &[
                (Field::CurrentPassword, "current_password"),
                (Field::Password, "password"),
                (Field::ConfirmPassword, "confirm_password"),
            ],
            Self::EmailChange => &[
                (Field::Email, "email"),
                (Field::CurrentPassword, "email_current_password"),
            ],
            Self::AddExam => &[
                (Field::IdNumber, "id_number"),
                (Field::SecretNumber, "secret_number"),
                (Field::OtherPassword, "other_password"),
            ],
        }
    }

    /// Long forms list their problems in a summary above them; the account
    /// page's short forms put the caret in the first field with a problem.
    pub fn has_summary(self) -> bool {
        !matches!(
            self,
            Self::PasswordChange | Self::EmailChange | Self::AddExam
        )
    }

    /// What the form says when the server is busy, with `{seconds}` for the
    /// browser to fill in: the login page tries again by itself, the others
    /// ask the candidate to. Rendered on the server (`data-busy`).
    pub fn busy_words(self, locale: crate::i18n::Locale) -> String {
        use crate::i18n::td_string;
        match self {
            Self::Login => td_string!(locale, login.busy_retrying, seconds = "{seconds}"),
            _ => td_string!(locale, errors.busy, seconds = "{seconds}"),
        }
    }

    /// Registration checks each field as soon as it is left; the others
    /// check when they are sent.
    pub fn checks_on_leaving_a_field(self) -> bool {
        self == Self::Register
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::FormKind;

    #[test]
    fn every_form_kind_is_found_by_its_name() {
        for kind in FormKind::iter() {
            assert_eq!(FormKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(FormKind::from_name("nothing"), None);
    }
}
