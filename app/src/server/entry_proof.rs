//! Proving an exam is one's own: its ID Number with its Secret Number, as
//! printed on the Confirmation of Entry. Registering and adding an exam to
//! an account prove it the same way, with the same guessing limits.

use anyhow::Context;
use sea_orm::EntityTrait;
use subtle::ConstantTimeEq;

use super::entities::entry;
use super::error::{ServiceError, ServiceResult};
use super::throttle::{self, Guess};
use super::{AppState, Caller};
use crate::domain::{IdNumber, SecretNumber};

/// The entry `id_number` if `secret_number` is its Secret Number. The
/// guess counts against the ID Number and the caller's address, as a
/// failure until it proves right, so simultaneous guesses are limited like
/// successive ones.
///
/// # Errors
/// [`ServiceError::EntryNotMatched`] for an unknown ID Number or a wrong
/// Secret Number (the same answer for both), [`ServiceError::TooManyAttempts`]
/// or [`ServiceError::Unexpected`].
pub async fn prove(
    state: &AppState,
    caller: &Caller,
    id_number: &IdNumber,
    secret_number: &SecretNumber,
) -> ServiceResult<entry::Model> {
    let attempt = throttle::attempt(
        state,
        Guess::SecretNumber,
        id_number.as_ref(),
        caller.ip.as_deref(),
    )
    .await?;
    let entry = entry::Entity::find_by_id(id_number.as_ref())
        .one(&state.db)
        .await
        .context("loading the entry")?;
    // Compare in constant time, against a stand-in when the ID is unknown, so
    // neither the answer nor its timing tells which of the two was wrong.
    let stored = entry
        .as_ref()
        .map_or("\u{0}\u{0}\u{0}\u{0}", |e| e.secret_number.as_str());
    let secret_matches: bool = stored
        .as_bytes()
        .ct_eq(secret_number.as_ref().as_bytes())
        .into();
    match entry {
        Some(entry) if secret_matches => {
            attempt.succeeded(state).await?;
            Ok(entry)
        }
        _ => {
            attempt.failed(state).await?;
            Err(ServiceError::EntryNotMatched)
        }
    }
}
