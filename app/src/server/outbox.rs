//! The email outbox. A message is queued as a row in the same transaction
//! as the change it tells about, so a registration never exists without its
//! confirmation email nor the other way round, and an SMTP outage delays
//! email without losing any. [`worker`] sends the rows.
//!
//! Every replica runs a worker; a row is claimed with a lease before it is
//! sent, so two workers never send the same row while both are alive, and a
//! row whose worker died is taken over when the lease runs out.

mod policy;
mod queue;
pub mod worker;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
pub use policy::{Policy, SMTP_TIMEOUT};
pub use queue::Outbox;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};

use super::AppState;
use super::entities::outbox;
use super::mailer::Email;

/// Queues `email` on its own (no other change to commit with it) and wakes
/// the worker.
///
/// # Errors
/// When the database fails.
pub async fn send(state: &AppState, to: &str, email: Email) -> anyhow::Result<()> {
    Outbox::queue(&state.db, to, email, state.settings.clock.now()).await?;
    state.outbox.wake();
    Ok(())
}

/// Claims the unsent message that has been due longest, for `lease`, and
/// counts the try. `None` when nothing is due.
///
/// PostgreSQL: `FOR UPDATE SKIP LOCKED`, so workers of several replicas
/// take different rows without waiting on each other. SQLite has one writer
/// at a time, so the single `UPDATE … RETURNING` is atomic on its own.
///
/// # Errors
/// When the database fails.
pub async fn claim(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
) -> anyhow::Result<Option<outbox::Model>> {
    let backend = db.get_database_backend();
    let (p1, p2, lock) = match backend {
        DatabaseBackend::Postgres => ("$1", "$2", "FOR UPDATE SKIP LOCKED"),
        _ => ("?", "?", ""),
    };
    let sql = format!(
        "UPDATE outbox SET claimed_until = {p1}, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM outbox \
             WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= {p2} \
             AND (claimed_until IS NULL OR claimed_until <= {p2}) \
             ORDER BY next_attempt_at, id LIMIT 1 {lock}) \
         RETURNING *"
    );
    // SQLite numbers `?` by position, PostgreSQL reuses `$2`: give SQLite `now` twice.
    let values: Vec<sea_orm::Value> = match backend {
        DatabaseBackend::Postgres => vec![(now + lease).into(), now.into()],
        _ => vec![(now + lease).into(), now.into(), now.into()],
    };
    // The claimed row comes back whole: no second query to load it.
    outbox::Entity::find()
        .from_raw_sql(Statement::from_sql_and_values(backend, sql, values))
        .one(db)
        .await
        .context("claiming an email")
}

/// Records that `message` was handed to the SMTP server, and forgets its
/// bodies (they may carry a link's token, which is otherwise stored hashed).
///
/// # Errors
/// When the database fails.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    message: &outbox::Model,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(now))
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::TextBody, Expr::value(""))
        .col_expr(outbox::Column::HtmlBody, Expr::value(""))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(message.id))
        .exec(db)
        .await
        .context("marking an email sent")?;
    Ok(())
}

/// Records a failed try: due again after the backoff, or failed for good
/// after the last try (returns `true` then).
///
/// # Errors
/// When the database fails.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    message: &outbox::Model,
    error: &str,
    now: DateTime<Utc>,
    policy: &Policy,
) -> anyhow::Result<bool> {
    let given_up = message.attempts >= policy.max_attempts;
    let mut update = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::ClaimedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(1000).collect::<String>()),
        )
        .filter(outbox::Column::Id.eq(message.id));
    update = if given_up {
        update.col_expr(outbox::Column::FailedAt, Expr::value(now))
    } else {
        update.col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(now + policy.backoff(message.attempts)),
        )
    };
    update.exec(db).await.context("recording a failed email")?;
    Ok(given_up)
}

/// Puts every failed message back in the queue (after an operator fixed
/// the cause); returns how many.
///
/// # Errors
/// When the database fails.
pub async fn retry_failed(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let retried = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::FailedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .filter(outbox::Column::FailedAt.is_not_null())
        .filter(outbox::Column::SentAt.is_null())
        .exec(db)
        .await
        .context("queuing failed emails again")?;
    Ok(retried.rows_affected)
}

/// How the queue stands, for operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

/// # Errors
/// When the database fails.
pub async fn counts(db: &impl ConnectionTrait) -> anyhow::Result<Counts> {
    use sea_orm::PaginatorTrait;
    let pending = outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::FailedAt.is_null())
        .count(db);
    let sent = outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_not_null())
        .count(db);
    let failed = outbox::Entity::find()
        .filter(outbox::Column::FailedAt.is_not_null())
        .filter(outbox::Column::SentAt.is_null())
        .count(db);
    Ok(Counts {
        pending: pending.await.context("counting pending emails")?,
        sent: sent.await.context("counting sent emails")?,
        failed: failed.await.context("counting failed emails")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_base_up_to_the_cap() {
        let policy = Policy {
            retry_base: Duration::seconds(10),
            retry_cap: Duration::minutes(5),
            ..Policy::default()
        };
        let waits: Vec<i64> = (1..=7).map(|a| policy.backoff(a).num_seconds()).collect();
        assert_eq!(waits, [10, 20, 40, 80, 160, 300, 300]);
        assert_eq!(
            policy.backoff(1_000).num_seconds(),
            300,
            "no overflow however many tries"
        );
    }
}
