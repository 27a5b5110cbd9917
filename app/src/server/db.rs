use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

/// The PostgreSQL advisory lock migrations run under ("RO-MIGR" in ASCII).
const MIGRATION_LOCK: i64 = 0x0052_4F2D_4D49_4752;

/// The connection pool of one replica. Sized so that replicas × `max`
/// stays under PostgreSQL's `max_connections` (100 by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    /// Connections at most; `None`: 10 for PostgreSQL, 4 for SQLite (one
    /// writer at a time is SQLite's model: a small pool avoids lock storms).
    pub max_connections: Option<u32>,
    /// Connections kept open while idle.
    pub min_connections: u32,
    /// Giving up on reaching the database.
    pub connect_timeout: Duration,
    /// Giving up on a free connection: the request then fails with a
    /// reference instead of waiting behind a saturated pool.
    pub acquire_timeout: Duration,
    /// PostgreSQL cancels any statement running longer (`statement_timeout`);
    /// `None` for no limit. Migrations are not limited.
    pub statement_timeout: Option<Duration>,
}

impl Default for Pool {
    fn default() -> Self {
        Self {
            max_connections: None,
            min_connections: 1,
            connect_timeout: Duration::from_secs(5),
            acquire_timeout: Duration::from_secs(5),
            statement_timeout: Some(Duration::from_secs(5)),
        }
    }
}

/// Applies every pending migration on a connection of its own (no
/// statement timeout: a migration may rightly take long), then opens the
/// pool for `url` (SQLite or PostgreSQL) with `pool`'s settings.
///
/// # Errors
/// When the database cannot be reached or a migration fails.
pub async fn connect_and_migrate(url: &str, pool: &Pool) -> anyhow::Result<DatabaseConnection> {
    let mut once = ConnectOptions::new(url.to_owned());
    once.sqlx_logging(false)
        .max_connections(1)
        .min_connections(0)
        .connect_timeout(pool.connect_timeout);
    let migrating = Database::connect(once)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))?;
    let postgres = migrating.get_database_backend() == DbBackend::Postgres;
    if postgres {
        // Replicas starting together take turns: the first migrates, the
        // others then find nothing to do. The lock is held by this session
        // (the pool's only connection) and ends with it.
        migrating
            .execute_unprepared(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
            .await
            .context("waiting for the migration lock")?;
    }
    Migrator::up(&migrating, None)
        .await
        .context("applying database migrations")?;
    if postgres {
        migrating
            .execute_unprepared(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
            .await
            .context("releasing the migration lock")?;
    }
    migrating
        .close()
        .await
        .context("closing the migration connection")?;

    let sqlite = url.starts_with("sqlite:");
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(pool.max_connections.unwrap_or(if sqlite { 4 } else { 10 }))
        .min_connections(pool.min_connections)
        .connect_timeout(pool.connect_timeout)
        .acquire_timeout(pool.acquire_timeout);
    if let Some(limit) = pool.statement_timeout.filter(|_| !sqlite) {
        let millis = limit.as_millis().to_string();
        options
            .map_sqlx_postgres_opts(move |o| o.options([("statement_timeout", millis.as_str())]));
    }
    Database::connect(options)
        .await
        .with_context(|| format!("connecting to {}", redact(url)))
}

/// The URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Whether `err` is a unique-constraint violation: how we detect a duplicate
/// without a racy check-then-insert.
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Whether this transaction may do a job that one replica at a time does
/// (clean-up, announcements): on PostgreSQL it takes the advisory lock `key`
/// until the transaction ends, or answers `false` at once if another
/// replica holds it. SQLite has one writer anyway, and a single server.
///
/// # Errors
/// When the database fails.
pub async fn take_turn(txn: &sea_orm::DatabaseTransaction, key: i64) -> anyhow::Result<bool> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(true);
    }
    let sql = format!("SELECT pg_try_advisory_xact_lock({key}) AS taken");
    let row = txn
        .query_one_raw(sea_orm::Statement::from_string(DbBackend::Postgres, sql))
        .await
        .context("taking an advisory lock")?;
    Ok(row
        .and_then(|r| r.try_get::<bool>("", "taken").ok())
        .unwrap_or(false))
}
