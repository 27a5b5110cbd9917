//! The notices that tell a candidate an exam joined or left their account.

use super::compose::{Email, Parts, compose};
use crate::i18n::Locale;

/// What happened to an exam of the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamChange {
    Added,
    Removed,
}

/// An exam was added to (or removed from) the account: which one, and what
/// to do if it was not the candidate. Sent to the account's address.
pub fn exam_email(
    change: ExamChange,
    locale: Locale,
    given_name: &str,
    id_number: &str,
    exam: &str,
    account_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let (id, exam) = (id_number.to_owned(), exam.to_owned());
    let (subject, body, not_you) = match change {
        ExamChange::Added => (
            td_string!(locale, email.exam_added.subject),
            td_string!(locale, email.exam_added.body, id = &id, exam = &exam),
            td_string!(locale, email.exam_added.not_you),
        ),
        ExamChange::Removed => (
            td_string!(locale, email.exam_removed.subject),
            td_string!(locale, email.exam_removed.body, id = &id, exam = &exam),
            td_string!(locale, email.exam_removed.not_you),
        ),
    };
    compose(Parts {
        locale,
        subject,
        given_name,
        before: vec![body, not_you.to_owned()],
        button: Some((td_string!(locale, email.exam_added.button), account_link)),
        after: vec![],
    })
}

/// To the address of an account joined into another: it ends, its exams
/// and passkeys now open the other account (with that account's password),
/// and its sessions were signed out.
pub fn account_joined_email(
    locale: Locale,
    given_name: &str,
    id_numbers: &[String],
    login_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let ids = id_numbers.join(", ");
    let body = td_string!(locale, email.account_joined.body, ids = &ids);
    compose(Parts {
        locale,
        subject: td_string!(locale, email.account_joined.subject),
        given_name,
        before: vec![
            body,
            td_string!(locale, email.account_joined.not_you).to_owned(),
        ],
        button: Some((td_string!(locale, email.account_joined.button), login_link)),
        after: vec![],
    })
}
