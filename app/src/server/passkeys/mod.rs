//! Passkeys: a candidate adds one on the account page and then signs in
//! with it from the login page, without typing anything (discoverable
//! credentials). The WebAuthn checks are webauthn-rs's; this module keeps
//! the ceremonies in the database between their two requests (so any
//! replica finishes what another began), makes each challenge single-use,
//! and applies the account's rules: the confirmed-email rule and the same
//! sessions as a password sign-in, a fresh sign-in or the password before
//! adding one, an email for every passkey added or removed.

mod adding;
mod ceremony;
mod list;
mod manage;
mod relying_party;
mod signing_in;

pub use adding::{MAX_PASSKEYS, begin_adding, finish_adding};
pub use ceremony::{Begun, delete_expired_ceremonies};
pub use list::{names_of, needs_password, passkeys_of};
pub use manage::{remove, rename};
pub use relying_party::RelyingParty;
pub use signing_in::{begin_sign_in, finish_sign_in};
