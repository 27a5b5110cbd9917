//! Sessions kept in the database, one mechanism for every kind: a
//! candidate's and a staff member's differ in their table, their lifetimes
//! and what they open, not in how they live and end. Only the SHA-256 of
//! a session's cookie is stored; a session ends at its absolute lifetime,
//! after its idle time without a request, or when it is ended.

use std::marker::PhantomData;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::entities::{session, staff_session};
use super::tokens;

/// A session just started: the cookie value to hand the browser (only its
/// hash is stored) and how long the cookie should live.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub lifetime: Duration,
}

/// The columns every session table has.
pub trait SessionTable: EntityTrait {
    const ID_HASH: Self::Column;
    const CREATED_AT: Self::Column;
    const EXPIRES_AT: Self::Column;
    const LAST_SEEN_AT: Self::Column;
    /// When the row was last seen (its creation, before any request).
    fn last_seen(row: &Self::Model) -> DateTime<Utc>;
}

impl SessionTable for session::Entity {
    const ID_HASH: session::Column = session::Column::IdHash;
    const CREATED_AT: session::Column = session::Column::CreatedAt;
    const EXPIRES_AT: session::Column = session::Column::ExpiresAt;
    const LAST_SEEN_AT: session::Column = session::Column::LastSeenAt;
    fn last_seen(row: &session::Model) -> DateTime<Utc> {
        row.last_seen_at.unwrap_or(row.created_at)
    }
}

impl SessionTable for staff_session::Entity {
    const ID_HASH: staff_session::Column = staff_session::Column::IdHash;
    const CREATED_AT: staff_session::Column = staff_session::Column::CreatedAt;
    const EXPIRES_AT: staff_session::Column = staff_session::Column::ExpiresAt;
    const LAST_SEEN_AT: staff_session::Column = staff_session::Column::LastSeenAt;
    fn last_seen(row: &staff_session::Model) -> DateTime<Utc> {
        row.last_seen_at
    }
}

/// Whether looking a session up restarts its idle clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Counts,
    /// Only a look: the caller decides afterwards whether it was activity.
    Ignored,
}

/// The sessions of table `T`, living `lifetime` at most and `idle` without
/// a request; activity is written at most once every `touch_every`, not
/// once per request.
#[derive(Debug, Clone, Copy)]
pub struct SessionStore<T> {
    pub lifetime: Duration,
    pub idle: Duration,
    pub touch_every: Duration,
    table: PhantomData<T>,
}

impl<T: SessionTable> SessionStore<T> {
    pub fn new(lifetime: Duration, idle: Duration, touch_every: Duration) -> Self {
        Self {
            lifetime,
            idle,
            touch_every,
            table: PhantomData,
        }
    }

    /// A new session: a fresh token, and the row `row` makes of its hash,
    /// `now` and when it expires, inserted.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn start(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        row: impl FnOnce(String, DateTime<Utc>) -> T::ActiveModel,
    ) -> anyhow::Result<NewSession> {
        let token = tokens::generate();
        T::insert(row(tokens::hash(&token), now + self.lifetime))
            .exec_without_returning(db)
            .await
            .context("storing the session")?;
        Ok(NewSession {
            token,
            lifetime: self.lifetime,
        })
    }

    /// The live session `token` opens, if any. One found idle is ended on
    /// the spot; one found in use is touched when `activity` counts.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn find(
        &self,
        db: &impl ConnectionTrait,
        token: &str,
        now: DateTime<Utc>,
        activity: Activity,
    ) -> anyhow::Result<Option<T::Model>> {
        let hash = tokens::hash(token);
        let found = T::find()
            .filter(T::ID_HASH.eq(hash.as_str()))
            .filter(T::EXPIRES_AT.gt(now))
            .one(db)
            .await
            .context("loading the session")?;
        let Some(row) = found else { return Ok(None) };
        let last_seen = T::last_seen(&row);
        if now - last_seen >= self.idle {
            end_hash::<T>(db, &hash).await?;
            tracing::info!("session ended after the idle timeout");
            return Ok(None);
        }
        if activity == Activity::Counts && now - last_seen >= self.touch_every {
            self.touch(db, token, now).await?;
        }
        Ok(Some(row))
    }

    /// Restarts the idle clock of the session `token` opens.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn touch(
        &self,
        db: &impl ConnectionTrait,
        token: &str,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        T::update_many()
            .col_expr(T::LAST_SEEN_AT, Expr::value(now))
            .filter(T::ID_HASH.eq(tokens::hash(token)))
            .exec(db)
            .await
            .context("noting the session's activity")?;
        Ok(())
    }

    /// Ends the session `token` opens, if any.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn end(&self, db: &impl ConnectionTrait, token: &str) -> anyhow::Result<()> {
        end_hash::<T>(db, &tokens::hash(token)).await
    }

    /// The sessions that have ended by `now`, for the hourly clean-up.
    pub fn ended(&self, now: DateTime<Utc>) -> Condition {
        let idle_since = now - self.idle;
        let never_seen = Condition::all()
            .add(T::LAST_SEEN_AT.is_null())
            .add(T::CREATED_AT.lte(idle_since));
        Condition::any()
            .add(T::EXPIRES_AT.lte(now))
            .add(T::LAST_SEEN_AT.lte(idle_since))
            .add(never_seen)
    }
}

async fn end_hash<T: SessionTable>(db: &impl ConnectionTrait, hash: &str) -> anyhow::Result<()> {
    T::delete_many()
        .filter(T::ID_HASH.eq(hash))
        .exec(db)
        .await
        .context("ending the session")?;
    Ok(())
}
