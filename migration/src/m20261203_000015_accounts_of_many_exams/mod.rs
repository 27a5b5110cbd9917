//! An account becomes a person rather than an entry: it gets its own key,
//! and `account_entries` says which entries (exams) are in it. Each entry is
//! in one account at most (its ID Number is the table's primary key), and
//! the "results told / seen" markers move there, because each exam is
//! released and told on its own. Everything that belonged to an account
//! (sessions, email links, passkeys, passkey prompts) now names the account;
//! share codes name the exam in the account, so they follow it when it
//! moves and end when it is removed.
//!
//! SQLite cannot change a primary key or a foreign key in place, so the
//! tables are rebuilt the same way on both backends: renamed aside, created
//! in the new shape, copied, and the old ones dropped children first (so
//! that no `ON DELETE CASCADE` reaches a row being kept). All of it runs in
//! one transaction on both backends. Nobody is signed out: sessions keep
//! their ids.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

mod copy;
mod tables;

use tables::Shape;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// Atomic on SQLite too: a rebuild interrupted halfway would leave
    /// tables renamed aside.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, Shape::OneEntryEach, Shape::ManyEntries).await
    }

    /// Back to one account per entry: an account of several exams becomes
    /// one account per exam with the same address and password; its
    /// sessions, links and passkeys stay with the exam added first.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, Shape::ManyEntries, Shape::OneEntryEach).await
    }
}

async fn rebuild(manager: &SchemaManager<'_>, from: Shape, to: Shape) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let postgres = manager.get_database_backend() == DbBackend::Postgres;
    if postgres {
        // The order writers take them in (an account's deletion cascades
        // this way), so a replica still running waits instead of deadlocking.
        db.execute_unprepared(&format!(
            "LOCK TABLE {} IN ACCESS EXCLUSIVE MODE",
            from.tables().join(", ")
        ))
        .await?;
    }
    for index in from.indexes() {
        manager
            .drop_index(
                Index::drop()
                    .name(index.name)
                    .table(Alias::new(index.table))
                    .to_owned(),
            )
            .await?;
    }
    for table in from.tables() {
        db.execute_unprepared(&format!("ALTER TABLE {table} RENAME TO {table}_old"))
            .await?;
        if postgres {
            // PostgreSQL keeps the names of a renamed table's own indexes and
            // sequences, which the new table needs.
            for suffix in ["pkey", "credential_id_key", "fingerprint_key"] {
                db.execute_unprepared(&format!(
                    "ALTER INDEX IF EXISTS {table}_{suffix} RENAME TO {table}_old_{suffix}"
                ))
                .await?;
            }
            db.execute_unprepared(&format!(
                "ALTER SEQUENCE IF EXISTS {table}_id_seq RENAME TO {table}_old_id_seq"
            ))
            .await?;
        }
    }
    for table in to.create() {
        manager.create_table(table).await?;
    }
    for statement in copy::statements(to) {
        db.execute_unprepared(&statement).await?;
    }
    for index in to.indexes() {
        manager
            .create_index(
                Index::create()
                    .name(index.name)
                    .table(Alias::new(index.table))
                    .col(Alias::new(index.column))
                    .to_owned(),
            )
            .await?;
    }
    for table in from.tables().iter().rev() {
        db.execute_unprepared(&format!("DROP TABLE {table}_old"))
            .await?;
    }
    if postgres {
        // Rows were copied with their ids; new ones continue after them.
        for table in to.serial() {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .await?;
        }
    }
    Ok(())
}
