//! Limits on guessing. A Secret Number has only 10,000 values and passwords
//! can be guessed too, so failures are counted per ID Number and per client
//! address, in the database so that every replica sees the same counts.
//!
//! Secret Numbers: at most 5 wrong per ID an hour and 10 a day. Passwords:
//! after 5 failures in a row each further attempt waits 1, 2, 4 … minutes
//! (capped at an hour), so an attacker cannot lock a candidate out for long;
//! never more than 100 failures per account an hour (ASVS 2.2.1). Per client
//! address: a configurable number of failures an hour for each kind, and
//! as many requests for emails (reset links, confirmation links), so that
//! one client cannot fill many inboxes or time many ID Numbers.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
};

use sea_orm::ActiveEnum;

use super::AppState;
use super::entities::failed_attempt;
use super::error::{ServiceError, ServiceResult};

const SECRET_PER_HOUR: usize = 5;
const SECRET_PER_DAY: usize = 10;
const PASSWORD_FREE_FAILURES: usize = 5;
const PASSWORD_MAX_DELAY_MINUTES: i64 = 60;
const PASSWORD_PER_HOUR: usize = 100;
/// No guess older than this counts for anything (the Secret Number's daily
/// limit is the longest window): older counters are deleted.
pub const LONGEST_WINDOW: Duration = Duration::days(1);

pub use super::entities::failed_attempt::Guess;

impl Guess {
    fn counts_per_id(self) -> bool {
        matches!(
            self,
            Self::SecretNumber | Self::Password | Self::StaffPassword | Self::StaffCode
        )
    }

    /// A right password starts the count again: the limit is on failures
    /// in a row. (A right Secret Number or code forgives only itself: those
    /// limits count every wrong one in the hour.)
    fn forgiven_by_success(self) -> bool {
        matches!(self, Self::Password | Self::StaffPassword)
    }
}

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

fn refuse_until(
    guess: Guess,
    until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    match until.filter(|u| *u > now) {
        None => Ok(()),
        Some(until) => {
            tracing::info!(?guess, %until, "guess refused until the wait is over");
            Err(ServiceError::wait_until(until, now))
        }
    }
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
async fn count_first(
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

/// Writes one counted failure; returns its row id.
async fn record(
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

/// Until when the next guess must wait, if anything is counted against it
/// (only rows before `before`, when given: the guesses counted earlier).
async fn blocked_until(
    db: &impl ConnectionTrait,
    state: &AppState,
    guess: Guess,
    id_number: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
    before: Option<i64>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    let by_id = if guess.counts_per_id() {
        failures(
            db,
            guess,
            &format!("id:{id_number}"),
            now - Duration::days(1),
            before,
        )
        .await?
    } else {
        Vec::new()
    };
    let mut until = match guess {
        Guess::SecretNumber | Guess::StaffCode => window_full(
            &by_id,
            SECRET_PER_HOUR,
            Duration::hours(1),
            now,
        )
        .max(window_full(&by_id, SECRET_PER_DAY, Duration::days(1), now)),
        Guess::Password | Guess::StaffPassword => password_delay(&by_id).max(window_full(
            &by_id,
            PASSWORD_PER_HOUR,
            Duration::hours(1),
            now,
        )),
        // One email a minute per account is enforced where links are issued.
        Guess::EmailRequest | Guess::ShareCode | Guess::Passkey => None,
    };
    if let Some(ip) = ip {
        let by_ip = failures(
            db,
            guess,
            &format!("ip:{ip}"),
            now - Duration::hours(1),
            before,
        )
        .await?;
        until = until.max(window_full(
            &by_ip,
            state.settings.attempts_per_ip_per_hour,
            Duration::hours(1),
            now,
        ));
    }
    Ok(until)
}

/// Nothing older than a day is ever counted: deleted when a new one comes.
async fn forget_old(
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

/// A correct password resets the account's count (not the address's).
///
/// # Errors
/// When the database fails.
pub async fn clear_password_failures(state: &AppState, id_number: &str) -> anyhow::Result<()> {
    clear_failures(state, Guess::Password, id_number).await
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

/// Failure times since `since` (and before row `before`), newest first.
async fn failures(
    db: &impl ConnectionTrait,
    guess: Guess,
    subject: &str,
    since: DateTime<Utc>,
    before: Option<i64>,
) -> anyhow::Result<Vec<DateTime<Utc>>> {
    let mut query = failed_attempt::Entity::find()
        .select_only()
        .column(failed_attempt::Column::At)
        .filter(failed_attempt::Column::Kind.eq(guess))
        .filter(failed_attempt::Column::Subject.eq(subject))
        .filter(failed_attempt::Column::At.gt(since));
    if let Some(before) = before {
        query = query.filter(failed_attempt::Column::Id.lt(before));
    }
    query
        .order_by_desc(failed_attempt::Column::At)
        .limit(1000)
        .into_tuple::<DateTime<Utc>>()
        .all(db)
        .await
        .context("counting failed attempts")
}

/// With `limit` failures inside `window`, the next guess waits until the
/// `limit`-th newest leaves the window.
fn window_full(
    newest_first: &[DateTime<Utc>],
    limit: usize,
    window: Duration,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let inside = newest_first
        .iter()
        .take_while(|t| **t > now - window)
        .count();
    (limit > 0 && inside >= limit).then(|| newest_first[limit - 1] + window)
}

/// 1, 2, 4 … minutes after the latest failure, from the fifth in a row.
fn password_delay(newest_first: &[DateTime<Utc>]) -> Option<DateTime<Utc>> {
    let n = newest_first.len();
    let latest = newest_first.first()?;
    (n >= PASSWORD_FREE_FAILURES).then(|| {
        let exponent = u32::try_from(n - PASSWORD_FREE_FAILURES)
            .unwrap_or(u32::MAX)
            .min(6);
        *latest + Duration::minutes((1_i64 << exponent).min(PASSWORD_MAX_DELAY_MINUTES))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes_ago(now: DateTime<Utc>, m: &[i64]) -> Vec<DateTime<Utc>> {
        m.iter().map(|m| now - Duration::minutes(*m)).collect()
    }

    #[test]
    fn the_password_delay_doubles_from_the_fifth_failure_and_stops_at_an_hour() {
        let now = Utc::now();
        assert_eq!(password_delay(&minutes_ago(now, &[0, 1, 2, 3])), None);
        assert_eq!(
            password_delay(&minutes_ago(now, &[0, 1, 2, 3, 4])),
            Some(now + Duration::minutes(1))
        );
        assert_eq!(
            password_delay(&minutes_ago(now, &[0; 6])),
            Some(now + Duration::minutes(2))
        );
        assert_eq!(
            password_delay(&minutes_ago(now, &[0; 7])),
            Some(now + Duration::minutes(4))
        );
        assert_eq!(
            password_delay(&minutes_ago(now, &[0; 40])),
            Some(now + Duration::minutes(60))
        );
    }

    #[test]
    fn a_full_window_opens_again_when_its_oldest_counted_failure_leaves() {
        let now = Utc::now();
        let five = minutes_ago(now, &[1, 10, 20, 30, 50]);
        assert_eq!(
            window_full(&five, 5, Duration::hours(1), now),
            Some(now + Duration::minutes(10))
        );
        assert_eq!(window_full(&five[..4], 5, Duration::hours(1), now), None);
        // Older failures do not count.
        assert_eq!(
            window_full(
                &minutes_ago(now, &[1, 2, 3, 4, 61]),
                5,
                Duration::hours(1),
                now
            ),
            None
        );
    }
}
