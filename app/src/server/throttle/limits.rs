//! The limits: how many guesses of each kind count, over which windows,
//! and how long the next one waits.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::server::AppState;
use crate::server::entities::failed_attempt;
use crate::server::entities::failed_attempt::Guess;
use crate::server::error::{ServiceError, ServiceResult};

const SECRET_PER_HOUR: usize = 5;

const SECRET_PER_DAY: usize = 10;

const PASSWORD_FREE_FAILURES: usize = 5;

const PASSWORD_MAX_DELAY_MINUTES: i64 = 60;

const PASSWORD_PER_HOUR: usize = 100;

/// No guess older than this counts for anything (the Secret Number's daily
/// limit is the longest window): older counters are deleted.
pub const LONGEST_WINDOW: Duration = Duration::days(1);

impl Guess {
    pub(super) fn counts_per_id(self) -> bool {
        matches!(
            self,
            Self::SecretNumber | Self::Password | Self::StaffPassword | Self::StaffCode
        )
    }

    /// A right password starts the count again: the limit is on failures
    /// in a row. (A right Secret Number or code forgives only itself: those
    /// limits count every wrong one in the hour.)
    pub(super) fn forgiven_by_success(self) -> bool {
        matches!(self, Self::Password | Self::StaffPassword)
    }
}

pub(super) fn refuse_until(
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

/// Until when the next guess must wait, if anything is counted against it
/// (only rows before `before`, when given: the guesses counted earlier).
pub(super) async fn blocked_until(
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
