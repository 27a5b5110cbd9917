//! The emails that carry a link: confirming an address, an invitation, a
//! password reset, a sign-in link, the results being out, a deletion.

use super::compose::{Email, Parts, compose};
use crate::i18n::Locale;

/// The confirmation email in the candidate's language. Its link is built
/// from the configured public URL.
pub fn confirmation_email(locale: Locale, given_name: &str, link: &str) -> Email {
    use crate::i18n::td_string;
    compose(Parts {
        locale,
        subject: td_string!(locale, email.confirm.subject),
        given_name,
        before: vec![td_string!(locale, email.confirm.body).to_owned()],
        button: Some((td_string!(locale, email.confirm.button), link)),
        after: vec![
            td_string!(locale, email.confirm.expiry).to_owned(),
            td_string!(locale, email.confirm.ignore).to_owned(),
        ],
    })
}

/// An invitation to a centre's portal: a link to choose a password.
pub fn staff_invitation_email(
    locale: Locale,
    centre_name: &str,
    role: crate::domain::StaffRole,
    link: &str,
) -> Email {
    use crate::domain::StaffRole;
    use crate::i18n::td_string;
    let centre = centre_name.to_owned();
    let role = match role {
        StaffRole::Officer => td_string!(locale, email.staff_invitation.officer),
        StaffRole::Admin => td_string!(locale, email.staff_invitation.admin),
    };
    compose(Parts {
        locale,
        subject: td_string!(locale, email.staff_invitation.subject),
        given_name: "",
        before: vec![td_string!(
            locale,
            email.staff_invitation.body,
            centre = &centre,
            role = &role
        )],
        button: Some((td_string!(locale, email.staff_invitation.button), link)),
        after: vec![
            td_string!(locale, email.staff_invitation.expiry).to_owned(),
            td_string!(locale, email.staff_invitation.ignore).to_owned(),
        ],
    })
}

/// The link to choose a new password, after "Forgotten your password?".
pub fn password_reset_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    link: &str,
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.reset.subject),
        given_name,
        before: vec![td_string!(locale, email.reset.body, id = &id)],
        button: Some((td_string!(locale, email.reset.button), link)),
        after: vec![
            td_string!(locale, email.reset.expiry).to_owned(),
            td_string!(locale, email.reset.ignore).to_owned(),
        ],
    })
}

/// A link that signs the candidate in without the password, asked for when
/// guesses by someone else made their ID Number wait.
pub fn sign_in_email(locale: Locale, given_name: &str, id_number: &str, link: &str) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.sign_in.subject),
        given_name,
        before: vec![td_string!(locale, email.sign_in.body, id = &id)],
        button: Some((td_string!(locale, email.sign_in.button), link)),
        after: vec![
            td_string!(locale, email.sign_in.expiry).to_owned(),
            td_string!(locale, email.sign_in.not_you).to_owned(),
        ],
    })
}

/// The last email to a deleted account's address: what went, what stays.
pub fn account_deleted_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    register_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.deleted.subject),
        given_name,
        before: vec![
            td_string!(locale, email.deleted.body, id = &id),
            td_string!(locale, email.deleted.stays).to_owned(),
        ],
        button: Some((td_string!(locale, email.deleted.button), register_link)),
        after: vec![td_string!(locale, email.deleted.not_you).to_owned()],
    })
}

/// "Your results are available", sent once at the release (or when results
/// loaded after it arrive), with the way to log in.
pub fn results_released_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    exam: &str,
    login_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let (id, exam) = (id_number.to_owned(), exam.to_owned());
    compose(Parts {
        locale,
        subject: td_string!(locale, email.released.subject),
        given_name,
        before: vec![td_string!(
            locale,
            email.released.body,
            exam = &exam,
            id = &id
        )],
        button: Some((td_string!(locale, email.released.button), login_link)),
        after: vec![td_string!(locale, email.released.why).to_owned()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_email_carries_the_link_and_escapes_the_name() {
        let e = confirmation_email(
            Locale::en,
            "<b>Marie</b>",
            "https://results.example.org/confirm?token=abc",
        );
        assert!(
            e.text
                .contains("https://results.example.org/confirm?token=abc")
        );
        assert!(
            e.html
                .contains("href=\"https://results.example.org/confirm?token=abc\"")
        );
        assert!(e.html.contains("&lt;b&gt;Marie"));
        assert!(!e.html.contains("<b>Marie"));
        assert!(!e.subject.is_empty());
    }

    #[test]
    fn the_confirmation_email_speaks_the_candidates_language() {
        let link = "https://results.example.org/confirm?token=abc";
        let fr = confirmation_email(Locale::fr, "Marie", link);
        assert!(
            fr.subject.starts_with("Confirmez votre adresse e-mail"),
            "{}",
            fr.subject
        );
        assert!(fr.text.starts_with("Bonjour Marie,"), "{}", fr.text);
        assert!(
            fr.html.contains("lang=\"fr\"") && fr.html.contains("Confirmer mon adresse e-mail")
        );
        let en = confirmation_email(Locale::en, "Marie", link);
        assert!(en.text.starts_with("Dear Marie,") && en.html.contains("lang=\"en\""));
    }
}
