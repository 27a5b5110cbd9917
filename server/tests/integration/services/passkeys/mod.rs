//! Passkeys through the services: adding one, signing in with it, the
//! ceremonies' defences, and managing them.
//!
//! - `signing_in`: a passkey added and used to sign in, and an address not
//!   confirmed;
//! - `ceremonies`: replays, other sites, sign counts, stale or foreign
//!   ceremonies and unfinished sign-ins, all refused or counted;
//! - `managing`: renaming, removing, a reset and signing out everywhere,
//!   and the password asked again to add one later on.

mod ceremonies;
mod managing;
mod signing_in;

use app::server::{Caller, ServiceError, passkeys, sessions};

use crate::services::support::Services;
use crate::soft_passkey::{SITE, SoftPhone};

/// Marie, signed in a moment ago, with a passkey on `phone`.
async fn with_passkey(s: &Services, phone: &mut SoftPhone) -> Caller {
    s.confirmed_account("SIR094701", "4821").await;
    let marie = s.signed_in("SIR094701").await;
    add(s, &marie, phone).await.expect("the passkey is added");
    marie
}

pub(crate) async fn add(
    s: &Services,
    who: &Caller,
    phone: &mut SoftPhone,
) -> Result<app::domain::PasskeyView, ServiceError> {
    let begun = passkeys::begin_adding(&s.state, who, String::new()).await?;
    let made = phone.register(SITE, begun.options);
    passkeys::finish_adding(&s.state, who, &begun.ceremony, &made).await
}

pub(crate) async fn sign_in(
    s: &Services,
    from: &Caller,
    phone: &mut SoftPhone,
) -> Result<sessions::NewSession, ServiceError> {
    let begun = passkeys::begin_sign_in(&s.state, from).await?;
    let answer = phone.sign_in(SITE, begun.options);
    passkeys::finish_sign_in(&s.state, from, &begun.ceremony, &answer).await
}

fn refused<T: std::fmt::Debug>(outcome: Result<T, ServiceError>) {
    assert!(
        matches!(outcome, Err(ServiceError::CredentialsRejected)),
        "{outcome:?}"
    );
}
