//! What the account pages show and what following a link did: built by the
//! server, shown by the pages.

use serde::{Deserialize, Serialize};

/// The account page's view of the signed-in candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    /// The ID Number of the exam added first (the password managers' user name).
    pub id_number: String,
    /// Every exam in the account, newest exam date first.
    pub exams: Vec<ExamInAccount>,
    pub email: String,
    /// A new address waiting for its confirmation link to be followed.
    pub pending_email: Option<String>,
    pub wants_updates: bool,
    /// The account's passkeys, oldest first.
    pub passkeys: Vec<super::PasskeyView>,
    /// Adding a passkey asks for the password again: the sign-in is not fresh.
    pub passkey_needs_password: bool,
}

/// An exam to add to the signed-in candidate's account: the same two
/// numbers, with the same rules, as a registration proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamToAdd {
    pub id_number: super::IdNumber,
    pub secret_number: super::SecretNumber,
}

impl ExamToAdd {
    /// # Errors
    /// Each field's problem, in form order.
    pub fn parse(id_number: &str, secret_number: &str) -> Result<Self, super::FieldErrors> {
        use super::{Field, FieldErrors, IdNumber, SecretNumber};
        let mut errors = FieldErrors::default();
        let id_number = errors.check(Field::IdNumber, IdNumber::parse(id_number));
        let secret_number = errors.check(Field::SecretNumber, SecretNumber::parse(secret_number));
        match (id_number, secret_number) {
            (Some(id_number), Some(secret_number)) if errors.is_empty() => Ok(Self {
                id_number,
                secret_number,
            }),
            _ => Err(errors),
        }
    }
}

/// What adding an exam did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamAdded {
    pub id_number: String,
    /// The exam had an account of its own, now joined into this one.
    pub joined: bool,
}

/// An exam in the account, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamInAccount {
    pub id_number: String,
    pub exam: String,
    /// `YYYY-MM-DD`.
    pub exam_date: String,
}

/// What the page shows after a successful registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    pub id_number: String,
    pub email: String,
}

/// What following a confirmation link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confirmed {
    /// A new account's address: the candidate may now log in.
    Account,
    /// A signed-in candidate's new address replaced the old one.
    NewEmail,
}

/// Why a link from an email no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenProblem {
    Unknown,
    Expired,
    Used,
    Superseded,
}
