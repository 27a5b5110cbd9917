//! The notices that tell a candidate what changed on their account.

use super::compose::{Email, Parts, compose};
use crate::i18n::Locale;

/// Tells the candidate their password was changed, with the way back in if
/// it was not them, and which passkeys still open the account (a change of
/// password keeps them: they are devices the candidate chose).
pub fn password_changed_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    forgot_link: &str,
    passkeys: &[String],
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    let body = td_string!(locale, email.password_changed.body, id = &id);
    let subject = td_string!(locale, email.password_changed.subject);
    let not_you = td_string!(locale, email.password_changed.not_you);
    security_notice(
        locale,
        subject,
        given_name,
        body,
        passkeys,
        not_you,
        (
            td_string!(locale, email.password_changed.button),
            forgot_link,
        ),
    )
}

/// After "Sign out of all devices": it was done, the passkeys that still
/// open the account, and the way back in if it was not the candidate.
pub fn signed_out_everywhere_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    forgot_link: &str,
    passkeys: &[String],
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    let body = td_string!(locale, email.signed_out.body, id = &id);
    let subject = td_string!(locale, email.signed_out.subject);
    let not_you = td_string!(locale, email.signed_out.not_you);
    security_notice(
        locale,
        subject,
        given_name,
        body,
        passkeys,
        not_you,
        (td_string!(locale, email.signed_out.button), forgot_link),
    )
}

/// What happened, the passkeys that still open the account (if any), what
/// to do if it was not the candidate, and a button to do it.
fn security_notice(
    locale: Locale,
    subject: &str,
    given_name: &str,
    body: String,
    passkeys: &[String],
    not_you: &str,
    button: (&str, &str),
) -> Email {
    let mut before = vec![body];
    before.extend(passkeys_kept(locale, passkeys));
    before.push(not_you.to_owned());
    compose(Parts {
        locale,
        subject,
        given_name,
        before,
        button: Some(button),
        after: vec![],
    })
}

/// "These passkeys still sign in to your account: …", when there are any.
fn passkeys_kept(locale: Locale, passkeys: &[String]) -> Option<String> {
    use crate::i18n::td_string;
    if passkeys.is_empty() {
        return None;
    }
    let names = passkeys
        .iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(td_string!(locale, passkeys.kept, names = &names))
}

/// What happened to a passkey, for the notice to the account's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyChange {
    Added,
    Removed,
}

/// A passkey was added to or removed from the account: which one, and what
/// to do if it was not the candidate.
pub fn passkey_email(
    change: PasskeyChange,
    locale: Locale,
    given_name: &str,
    id_number: &str,
    passkey: &str,
    account_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let (id, name) = (id_number.to_owned(), passkey.to_owned());
    let (subject, body, not_you, button) = match change {
        PasskeyChange::Added => (
            td_string!(locale, email.passkey_added.subject),
            td_string!(locale, email.passkey_added.body, name = &name, id = &id),
            td_string!(locale, email.passkey_added.not_you),
            td_string!(locale, email.passkey_added.button),
        ),
        PasskeyChange::Removed => (
            td_string!(locale, email.passkey_removed.subject),
            td_string!(locale, email.passkey_removed.body, name = &name, id = &id),
            td_string!(locale, email.passkey_removed.not_you),
            td_string!(locale, email.passkey_removed.button),
        ),
    };
    compose(Parts {
        locale,
        subject,
        given_name,
        before: vec![body, not_you.to_owned()],
        button: Some((button, account_link)),
        after: vec![],
    })
}

/// Sent to the new address: following the link makes it the account's address.
pub fn email_change_email(locale: Locale, given_name: &str, link: &str) -> Email {
    use crate::i18n::td_string;
    compose(Parts {
        locale,
        subject: td_string!(locale, email.change.subject),
        given_name,
        before: vec![td_string!(locale, email.change.body).to_owned()],
        button: Some((td_string!(locale, email.change.button), link)),
        after: vec![
            td_string!(locale, email.change.expiry).to_owned(),
            td_string!(locale, email.change.ignore).to_owned(),
        ],
    })
}

/// Sent to the old address when a change to `new_email` is asked for.
pub fn email_change_notice(locale: Locale, given_name: &str, new_email: &str) -> Email {
    use crate::i18n::td_string;
    let new = new_email.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.change_notice.subject),
        given_name,
        before: vec![
            td_string!(locale, email.change_notice.body, email = &new),
            td_string!(locale, email.change_notice.not_you).to_owned(),
        ],
        button: None,
        after: vec![],
    })
}
