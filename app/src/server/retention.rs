//! Nothing is kept longer than it is needed. Once an hour the email worker
//! of one replica at a time deletes what is past its period:
//!
//! | Records | Deleted |
//! |---|---|
//! | accounts whose address was never confirmed | `unconfirmed_accounts` after they were (last) registered, with their links |
//! | sessions | as soon as they have ended (logged out, idle, or past 12 hours) |
//! | links from emails | `dead_links` after they stopped working (used, expired or replaced) |
//! | guessing counters | after their longest window, a day |
//! | emails' records (recipient, subject, times) | `sent_emails` after they were sent or given up |
//! | checks at `/verify` of a code that matched none | after a day, like guessing counters |
//! | files uploaded at the centre portal and not imported | after an hour (an Import takes them at once) |
//! | staff sessions | as soon as they have ended (signed out, 15 idle minutes, or past 8 hours) |
//! | staff invitation links | `dead_links` after they were used or expired |
//!
//! Accounts, entries and results themselves stay: the entry and results
//! belong to the centre, the account to the candidate, who can delete it.
//! Share codes and the checks of them stay with the account, for the
//! candidate to see who checked their result; they go when it goes.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait};

use super::Settings;
use super::entities::{
    account, centre_upload, email_token, failed_attempt, outbox, session, share_check,
    staff_session, staff_token,
};
use super::staff::uploads::KEPT_MINUTES;
use super::throttle::LONGEST_WINDOW;

mod periods;

pub use periods::Retention;

/// The PostgreSQL advisory lock one replica's clean-up holds ("RO-RETN").
const RETENTION_LOCK: i64 = 0x0052_4F2D_5245_544E;

/// How many rows a clean-up deleted, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deleted {
    pub accounts: u64,
    pub sessions: u64,
    pub links: u64,
    pub guesses: u64,
    pub emails: u64,
    /// Checks of share codes that matched no code.
    pub checks: u64,
    /// Passkey ceremonies begun and never finished.
    pub ceremonies: u64,
    /// Files uploaded at the portal and never imported.
    pub uploads: u64,
    pub staff_sessions: u64,
    pub staff_links: u64,
}

/// Deletes what is past its period at `now`, in one transaction. On
/// PostgreSQL only one replica at a time does it (the others find the lock
/// taken and return `None`); SQLite has one writer anyway.
///
/// # Errors
/// When the database fails.
pub async fn clean_up(
    db: &DatabaseConnection,
    settings: &Settings,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Deleted>> {
    let retention = &settings.retention;
    let candidates = settings.candidate_sessions();
    let txn = db.begin().await.context("starting the clean-up")?;
    if !super::db::take_turn(&txn, RETENTION_LOCK)
        .await
        .context("taking the clean-up lock")?
    {
        txn.rollback().await.context("ending the clean-up")?;
        return Ok(None);
    }
    let mut deleted = Deleted::default();
    let unconfirmed = Query::select()
        .column(account::Column::Id)
        .from(account::Entity)
        .and_where(Expr::col(account::Column::EmailConfirmedAt).is_null())
        .and_where(Expr::col(account::Column::CreatedAt).lte(now - retention.unconfirmed_accounts))
        .to_owned();
    deleted.links += email_token::Entity::delete_many()
        .filter(email_token::Column::AccountId.in_subquery(unconfirmed))
        .exec(&txn)
        .await
        .context("deleting the links of unconfirmed accounts")?
        .rows_affected;
    deleted.accounts = account::Entity::delete_many()
        .filter(account::Column::EmailConfirmedAt.is_null())
        .filter(account::Column::CreatedAt.lte(now - retention.unconfirmed_accounts))
        .exec(&txn)
        .await
        .context("deleting unconfirmed accounts")?
        .rows_affected;
    deleted.sessions = session::Entity::delete_many()
        .filter(candidates.ended(now))
        .exec(&txn)
        .await
        .context("deleting ended sessions")?
        .rows_affected;
    let dead_before = now - retention.dead_links;
    deleted.links += email_token::Entity::delete_many()
        .filter(
            email_token::Column::UsedAt
                .lte(dead_before)
                .or(email_token::Column::ExpiresAt.lte(dead_before))
                .or(email_token::Column::Superseded
                    .eq(true)
                    .and(email_token::Column::CreatedAt.lte(dead_before))),
        )
        .exec(&txn)
        .await
        .context("deleting dead links")?
        .rows_affected;
    deleted.guesses = failed_attempt::Entity::delete_many()
        .filter(failed_attempt::Column::At.lte(now - LONGEST_WINDOW))
        .exec(&txn)
        .await
        .context("deleting old guessing counters")?
        .rows_affected;
    deleted.checks = share_check::Entity::delete_many()
        .filter(share_check::Column::ShareCodeId.is_null())
        .filter(share_check::Column::CheckedAt.lte(now - LONGEST_WINDOW))
        .exec(&txn)
        .await
        .context("deleting old checks of unknown codes")?
        .rows_affected;
    deleted.ceremonies = super::passkeys::delete_expired_ceremonies(&txn, now).await?;
    deleted.uploads = centre_upload::Entity::delete_many()
        .filter(centre_upload::Column::CreatedAt.lte(now - Duration::minutes(KEPT_MINUTES)))
        .exec(&txn)
        .await
        .context("deleting uploads never imported")?
        .rows_affected;
    deleted.staff_sessions = staff_session::Entity::delete_many()
        .filter(settings.staff_sessions().ended(now))
        .exec(&txn)
        .await
        .context("deleting ended staff sessions")?
        .rows_affected;
    deleted.staff_links = staff_token::Entity::delete_many()
        .filter(
            staff_token::Column::UsedAt
                .lte(dead_before)
                .or(staff_token::Column::ExpiresAt.lte(dead_before)),
        )
        .exec(&txn)
        .await
        .context("deleting dead staff invitation links")?
        .rows_affected;
    let emails_before = now - retention.sent_emails;
    deleted.emails = outbox::Entity::delete_many()
        .filter(
            outbox::Column::SentAt
                .lte(emails_before)
                .or(outbox::Column::FailedAt.lte(emails_before)),
        )
        .exec(&txn)
        .await
        .context("deleting old email records")?
        .rows_affected;
    txn.commit().await.context("committing the clean-up")?;
    Ok(Some(deleted))
}
