//! Guesses counted against the client address alone: a share code at
//! `/verify`, a passkey ceremony begun, a request that sends an email.

use anyhow::Context;
use sea_orm::{ConnectionTrait, EntityTrait};

use super::attempts::{check, count_first, forget_old, record};
use crate::server::AppState;
use crate::server::entities::failed_attempt;
use crate::server::entities::failed_attempt::Guess;
use crate::server::error::ServiceResult;

/// A guess counted against the client address alone, before it is checked
/// (so that a burst from one address is refused like a sequence):
/// [`AddressAttempt::succeeded`] takes it back.
#[must_use = "say how the guess turned out: `succeeded` or `failed`"]
pub struct AddressAttempt {
    row: Option<i64>,
    guess: Guess,
    ip: Option<String>,
}

/// Counts a guess of `guess`'s kind against `ip` first, refusing it if the
/// failures counted before it already reach the address's limit. Without
/// an address there is nothing to count.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`] with the wait, or [`ServiceError::Unexpected`].
pub async fn attempt_by_address(
    state: &AppState,
    guess: Guess,
    ip: Option<&str>,
) -> ServiceResult<AddressAttempt> {
    let Some(ip) = ip else {
        return Ok(AddressAttempt {
            row: None,
            guess,
            ip: None,
        });
    };
    let row = count_first(state, guess, &format!("ip:{ip}"), "", Some(ip)).await?;
    Ok(AddressAttempt {
        row: Some(row),
        guess,
        ip: Some(ip.to_owned()),
    })
}

impl AddressAttempt {
    /// The counted row, to be taken back later by [`take_back`] (when the
    /// outcome is known only in another request).
    pub fn into_row(self) -> Option<i64> {
        self.row
    }

    /// The guess was right: it no longer counts.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn succeeded(self, state: &AppState) -> anyhow::Result<()> {
        if let Some(row) = self.row {
            failed_attempt::Entity::delete_by_id(row)
                .exec(&state.db)
                .await
                .context("taking back a right guess")?;
        }
        Ok(())
    }

    /// The guess was wrong: it stays counted.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn failed(self, state: &AppState) -> anyhow::Result<()> {
        forget_old(
            state,
            self.guess,
            "",
            self.ip.as_deref(),
            state.settings.clock.now(),
        )
        .await
    }
}

/// Takes back a guess counted by [`attempt_by_address`] whose outcome came
/// in a later request: it was right.
///
/// # Errors
/// When the database fails.
pub async fn take_back(db: &impl ConnectionTrait, row: i64) -> anyhow::Result<()> {
    failed_attempt::Entity::delete_by_id(row)
        .exec(db)
        .await
        .context("taking back a right guess")?;
    Ok(())
}

/// Counts a request that may send an email against the client address,
/// refusing it when the address has sent too many. Every ID Number is
/// counted alike, so a refusal reveals nothing either.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`] or [`ServiceError::Unexpected`].
pub async fn count_email_request(
    state: &AppState,
    ip: Option<&str>,
    id_number: &str,
) -> ServiceResult<()> {
    check(state, Guess::EmailRequest, id_number, ip).await?;
    let Some(ip) = ip else { return Ok(()) };
    let now = state.settings.clock.now();
    record(&state.db, Guess::EmailRequest, format!("ip:{ip}"), now).await?;
    forget_old(state, Guess::EmailRequest, id_number, Some(ip), now).await?;
    Ok(())
}
