//! What the account pages show and what following a link did: built by the
//! server, shown by the pages.

use serde::{Deserialize, Serialize};

/// The account page's view of the signed-in candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id_number: String,
    pub email: String,
    /// A new address waiting for its confirmation link to be followed.
    pub pending_email: Option<String>,
    pub wants_updates: bool,
    /// The account's passkeys, oldest first.
    pub passkeys: Vec<super::PasskeyView>,
    /// Adding a passkey asks for the password again: the sign-in is not fresh.
    pub passkey_needs_password: bool,
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
