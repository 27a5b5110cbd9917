//! The release moment: how pages waiting for it ask, how long a waiting
//! candidate stays signed in, and the email that says the results are out.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, TransactionTrait,
};

use super::entities::{account, account_entry, entry, exam_result};
use super::error::{ServiceError, ServiceResult};
use super::mailer::results_released_email;
use super::outbox::Outbox;
use super::sessions::{Activity, live_candidate};
use super::{AppState, Caller};

mod policy;

pub use policy::Policy;

/// The answer to an ask beyond [`Policy::max_in_flight`]: come back after
/// one more spread (the page adds its own random part of the spread).
pub fn come_back_later(policy: &Policy) -> ServiceError {
    ServiceError::Busy {
        retry_after_seconds: Ord::max(
            policy.spread.num_seconds(),
            super::error::BUSY_RETRY_SECONDS,
        ),
    }
}

/// "Still waiting": the waiting page asks this instead of warning about the
/// idle timeout. It restarts the session's idle clock only while the
/// caller's results are still to come and due within
/// [`Policy::keep_signed_in_within`]; otherwise the session is left as it
/// was (not even this request counts as activity) and the answer is `false`.
/// The session's absolute lifetime still applies.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn keep_waiting(state: &AppState, caller: &Caller) -> ServiceResult<bool> {
    let Some(token) = &caller.session_token else {
        return Err(ServiceError::NotSignedIn);
    };
    let account = live_candidate(&state.db, &state.settings, token, Activity::Ignored)
        .await?
        .ok_or(ServiceError::NotSignedIn)?;
    let now = state.settings.clock.now();
    let within = now + state.settings.release.keep_signed_in_within;
    let soon = account_entry::Entity::find()
        .inner_join(entry::Entity)
        .filter(account_entry::Column::AccountId.eq(account))
        .filter(entry::Column::ResultsReleaseAt.gt(now))
        .filter(entry::Column::ResultsReleaseAt.lte(within))
        .count(&state.db)
        .await
        .context("looking for exams released soon")?;
    let waiting = soon > 0;
    if waiting {
        state
            .settings
            .candidate_sessions()
            .touch(&state.db, token, now)
            .await?;
    }
    Ok(waiting)
}

/// How often the worker looks for results to announce, and the window the
/// rate is counted in.
pub const ANNOUNCE_EVERY: Duration = Duration::seconds(5);

/// The PostgreSQL advisory lock the replica queuing announcements holds
/// ("RO-RELS"), so that the rate is shared by every replica.
const RELEASE_LOCK: i64 = 0x0052_4F2D_5245_4C53;

/// A candidate to tell.
#[derive(Debug, FromQueryResult)]
struct Due {
    id_number: String,
    email: String,
    language: String,
    given_name: String,
    exam: String,
}

/// Queues "your results are available" for candidates who can now see
/// their results: confirmed before the release (whoever confirms after it is
/// on the site already), results loaded, release time passed, not told yet
/// and not already looked. At most `emails_per_minute` ÷ 12 in each
/// [`ANNOUNCE_EVERY`] across every replica, picked at random, so that the
/// logins the emails bring stay spread out and no one is always last.
///
/// Each candidate's marker is set in the same transaction as their email's
/// outbox row, guarded by `results_notified_at IS NULL`: once, whatever
/// the replicas and restarts. Returns how many were queued, or `None` when
/// another replica holds the turn.
///
/// # Errors
/// When the database fails.
pub async fn announce_released(
    db: &DatabaseConnection,
    public_url: &str,
    policy: &Policy,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<u64>> {
    let txn = db.begin().await.context("starting the announcements")?;
    if !super::db::take_turn(&txn, RELEASE_LOCK)
        .await
        .context("taking the announcement lock")?
    {
        txn.rollback().await.context("ending the announcements")?;
        return Ok(None);
    }
    let backend = txn.get_database_backend();
    let per_window = u64::from(policy.emails_per_minute).div_ceil(12);
    let recent = account_entry::Entity::find()
        .filter(account_entry::Column::ResultsNotifiedAt.gt(now - ANNOUNCE_EVERY))
        .count(&txn)
        .await
        .context("counting recent announcements")?;
    let budget = per_window.saturating_sub(recent);
    if budget == 0 {
        // Ended here, not by dropping it: a dropped transaction is rolled
        // back only when its connection is next used, and until then it
        // would keep the lock from every other replica.
        txn.rollback().await.context("ending the announcements")?;
        return Ok(Some(0));
    }
    let (a, e) = (account::Entity, entry::Entity);
    let due = to_tell(now)
        .column((account_entry::Entity, account_entry::Column::IdNumber))
        .columns([(a, account::Column::Email), (a, account::Column::Language)])
        .columns([(e, entry::Column::GivenName), (e, entry::Column::Exam)])
        .order_by_expr(Expr::cust("RANDOM()"), Order::Asc)
        .limit(budget)
        .to_owned();
    let due = Due::find_by_statement(backend.build(&due))
        .all(&txn)
        .await
        .context("finding candidates to tell")?;
    let mut queued = 0;
    for candidate in due {
        if mark_once(
            &txn,
            account_entry::Column::ResultsNotifiedAt,
            &candidate.id_number,
            now,
        )
        .await
        .context("marking a candidate told")?
        {
            let locale = candidate.language.parse().unwrap_or_default();
            let email = results_released_email(
                locale,
                &candidate.given_name,
                &candidate.id_number,
                &candidate.exam,
                &format!("{public_url}{}", crate::routes::LOGIN),
            );
            Outbox::queue(&txn, &candidate.email, email, now).await?;
            queued += 1;
        }
    }
    txn.commit().await.context("committing the announcements")?;
    if queued > 0 {
        tracing::info!(queued, "results announced");
    }
    Ok(Some(queued))
}

/// Sets the exam's moment `column` (told, seen) to `now` unless it is
/// already set: whether this call set it. The condition is in the write
/// itself, so two replicas racing for it cannot both set it.
pub(crate) async fn mark_once(
    db: &impl ConnectionTrait,
    column: account_entry::Column,
    id_number: &str,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let marked = account_entry::Entity::update_many()
        .col_expr(column, Expr::value(now))
        .filter(account_entry::Column::IdNumber.eq(id_number))
        .filter(column.is_null())
        .exec(db)
        .await?;
    Ok(marked.rows_affected == 1)
}

/// The exams to tell at `now` (one email per exam released), as a query
/// to pick columns from.
fn to_tell(now: DateTime<Utc>) -> SelectStatement {
    let (a, x, e) = (account::Entity, account_entry::Entity, entry::Entity);
    Query::select()
        .from(x)
        .inner_join(
            a,
            Expr::col((a, account::Column::Id)).equals((x, account_entry::Column::AccountId)),
        )
        .inner_join(
            e,
            Expr::col((e, entry::Column::IdNumber)).equals((x, account_entry::Column::IdNumber)),
        )
        .inner_join(
            exam_result::Entity,
            Expr::col((exam_result::Entity, exam_result::Column::IdNumber))
                .equals((x, account_entry::Column::IdNumber)),
        )
        .and_where(Expr::col((e, entry::Column::ResultsReleaseAt)).lte(now))
        .and_where(
            Expr::col((a, account::Column::EmailConfirmedAt))
                .lte(Expr::col((e, entry::Column::ResultsReleaseAt))),
        )
        .and_where(Expr::col((x, account_entry::Column::ResultsNotifiedAt)).is_null())
        .and_where(Expr::col((x, account_entry::Column::ResultsSeenAt)).is_null())
        .to_owned()
}

/// How far the announcements of released results have gone, for operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Candidates told (queued; the outbox says what is sent).
    pub told: u64,
    /// Candidates still to tell, at the paced rate.
    pub waiting: u64,
}

/// # Errors
/// When the database fails.
pub async fn progress(db: &DatabaseConnection, now: DateTime<Utc>) -> anyhow::Result<Progress> {
    let told = account_entry::Entity::find()
        .filter(account_entry::Column::ResultsNotifiedAt.is_not_null())
        .count(db)
        .await
        .context("counting told candidates")?;
    let waiting = to_tell(now)
        .expr_as(
            Expr::col((account_entry::Entity, account_entry::Column::IdNumber)).count(),
            "waiting",
        )
        .to_owned();
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(backend.build(&waiting))
        .await
        .context("counting candidates to tell")?;
    let waiting = row
        .and_then(|r| r.try_get::<i64>("", "waiting").ok())
        .unwrap_or(0);
    Ok(Progress {
        told,
        waiting: u64::try_from(waiting).unwrap_or(0),
    })
}
