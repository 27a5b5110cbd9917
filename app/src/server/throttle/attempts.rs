//! Guesses counted: each one before it is checked, taken back when right.
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveEnum;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set,
    Statement, TransactionTrait,
};

use super::limits::{blocked_until, refuse_until};
use crate::server::AppState;
use crate::server::entities::failed_attempt;
use crate::server::entities::failed_attempt::Guess;
use crate::server::error::ServiceResult;

/// Refuses the guess if `id_number` or `ip` must still wait. Unknown ID
/// Numbers are counted like known ones, so the answer says nothing about
/// which exist.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`] with the wait, or [`ServiceError::Unexpected`].
pub async fn check(
    state: &AppState,
    guess: Guess,
    id_number: &str,
    ip: Option<&str>,
) -> ServiceResult<()> {
    let now = state.settings.clock.now();
    let until = blocked_until(&state.db, state, guess, id_number, ip, now, None).await?;
    refuse_until(guess, until, now)
}

/// A guess counted as a failure of its ID Number before it was checked:
/// [`Attempt::succeeded`] takes it back, [`Attempt::failed`] also counts it
/// against the client address.
#[must_use = "say how the guess turned out: `succeeded` or `failed`"]
pub struct Attempt {
    row: i64,
    guess: Guess,
    id_number: String,
    ip: Option<String>,
}

/// Counts a Secret Number or password guess as a failure of its ID Number
/// *before* it is checked, and refuses it if the guesses counted before it
/// already reach a limit. Counting first is what limits simultaneous
/// guesses: guesses for one ID Number take turns here (PostgreSQL: an
/// advisory lock per ID; SQLite: its single writer), each sees every
/// earlier one, and a burst of twenty is refused after the fifth exactly as
/// twenty in a row would be. The client address is counted only once the
/// guess proves wrong: candidates of one centre share an address, and their
/// right passwords in flight must not hold each other up.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`] with the wait, or [`ServiceError::Unexpected`].
pub async fn attempt(
    state: &AppState,
    guess: Guess,
    id_number: &str,
    ip: Option<&str>,
) -> ServiceResult<Attempt> {
    // Already waiting (by ID or by address): refused without writing anything.
    check(state, guess, id_number, ip).await?;
    let row = count_first(state, guess, &format!("id:{id_number}"), id_number, None).await?;
    Ok(Attempt {
        row,
        guess,
        id_number: id_number.to_owned(),
        ip: ip.map(str::to_owned),
    })
}

/// Writes a guess against `subject` and refuses it (taking it back) if the
/// guesses counted before it already reach a limit of `id_number` or `ip`.
/// Guesses against one subject take turns (PostgreSQL: an advisory lock;
/// SQLite: its single writer), so each sees every earlier one. Returns the
/// row written.
pub(super) async fn count_first(
    state: &AppState,
    guess: Guess,
    subject: &str,
    id_number: &str,
    ip: Option<&str>,
) -> ServiceResult<i64> {
    let now = state.settings.clock.now();
    let txn = state
        .db
        .begin()
        .await
        .context("starting to count a guess")?;
    if txn.get_database_backend() == DbBackend::Postgres {
        let lock = format!("{}:{subject}", guess.to_value());
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [lock.into()],
        ))
        .await
        .context("taking the guess lock")?;
    }
    let row = record(&txn, guess, subject.to_owned(), now).await?;
    let until = blocked_until(&txn, state, guess, id_number, ip, now, Some(row)).await?;
    if let Err(refused) = refuse_until(guess, until, now) {
        txn.rollback()
            .await
            .context("taking back a refused guess")?;
        return Err(refused);
    }
    txn.commit().await.context("counting a guess")?;
    Ok(row)
}

impl Attempt {
    /// The guess was right: it no longer counts as a failure. A right
    /// password also clears the account's earlier password failures (this
    /// guess's row among them): a success starts the count again.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn succeeded(self, state: &AppState) -> anyhow::Result<()> {
        if self.guess.forgiven_by_success() {
            return clear_failures(state, self.guess, &self.id_number).await;
        }
        failed_attempt::Entity::delete_by_id(self.row)
            .exec(&state.db)
            .await
            .context("taking back a right guess")?;
        Ok(())
    }

    /// The guess was wrong: it stays counted against the ID Number and is
    /// counted against the client address too.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn failed(self, state: &AppState) -> anyhow::Result<()> {
        let now = state.settings.clock.now();
        if let Some(ip) = &self.ip {
            record(&state.db, self.guess, format!("ip:{ip}"), now).await?;
        }
        forget_old(state, self.guess, &self.id_number, self.ip.as_deref(), now).await
    }
}

/// Writes one counted failure; returns its row id.
pub(super) async fn record(
    db: &impl ConnectionTrait,
    guess: Guess,
    subject: String,
    now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let row = failed_attempt::ActiveModel {
        kind: Set(guess),
        subject: Set(subject),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .context("counting a failed attempt")?;
    Ok(row.id)
}

/// What a guess is counted against: the ID Number (not for email
/// requests) and the client address.
fn subjects(guess: Guess, id_number: &str, ip: Option<&str>) -> impl Iterator<Item = String> {
    let by_id = guess.counts_per_id().then(|| format!("id:{id_number}"));
    by_id.into_iter().chain(ip.map(|ip| format!("ip:{ip}")))
}

/// Nothing older than a day is ever counted: deleted when a new one comes.
pub(super) async fn forget_old(
    state: &AppState,
    guess: Guess,
    id_number: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for subject in subjects(guess, id_number, ip) {
        failed_attempt::Entity::delete_many()
            .filter(failed_attempt::Column::Kind.eq(guess))
            .filter(failed_attempt::Column::Subject.eq(subject))
            .filter(failed_attempt::Column::At.lt(now - Duration::days(1)))
            .exec(&state.db)
            .await
            .context("forgetting old failed attempts")?;
    }
    Ok(())
}

/// A way in proven another way (an emailed link) resets the count of
/// every ID Number of the account (not the address's).
///
/// # Errors
/// When the database fails.
pub async fn clear_password_failures(
    state: &AppState,
    id_numbers: &[String],
) -> anyhow::Result<()> {
    for id_number in id_numbers {
        clear_failures(state, Guess::Password, id_number).await?;
    }
    Ok(())
}

/// Forgets every failure of `guess`'s kind counted against `subject` (an
/// ID Number, or a staff member's key).
async fn clear_failures(state: &AppState, guess: Guess, subject: &str) -> anyhow::Result<()> {
    failed_attempt::Entity::delete_many()
        .filter(failed_attempt::Column::Kind.eq(guess))
        .filter(failed_attempt::Column::Subject.eq(format!("id:{subject}")))
        .exec(&state.db)
        .await
        .context("clearing failed passwords")?;
    Ok(())
}
