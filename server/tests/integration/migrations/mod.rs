//! The migration that gives accounts their own key: rows of every kind made
//! by the schema before it survive `up` (nobody signed out, nothing lost),
//! come back unchanged with `down`, and go up again.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

use crate::helpers::{Backend, drop_postgres_database, prepare};
use crate::on_both_backends;

mod old_shape;

use old_shape::{OLD_TABLES, new_share_code, old_rows};

on_both_backends!(accounts_of_one_exam_keep_every_row_through_the_migration_and_back_again);

/// The migrations before the one under test.
const BEFORE: u32 = 14;

struct Scratch {
    db: DatabaseConnection,
    pg_database: Option<String>,
    _dir: tempfile::TempDir,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(name) = self.pg_database.take() {
            drop_postgres_database(name);
        }
    }
}

async fn accounts_of_one_exam_keep_every_row_through_the_migration_and_back_again(
    backend: Backend,
) {
    let (config, dir, pg_database) = prepare(backend, |_| {}).await;
    let d = Scratch {
        db: Database::connect(&config.database_url)
            .await
            .expect("database"),
        pg_database,
        _dir: dir,
    };
    let db = &d.db;
    Migrator::up(db, Some(BEFORE)).await.expect("the old shape");
    old_rows(db).await;
    let before = dump(db).await;

    Migrator::up(db, Some(1)).await.expect("migrated up");
    let value = |sql: &'static str| text(db, sql);
    assert_eq!(
        value("SELECT CAST(COUNT(*) AS TEXT) AS v FROM accounts").await,
        "2"
    );
    assert_eq!(
        value("SELECT a.email || ' ' || a.password_hash || ' ' || a.language AS v FROM accounts a JOIN account_entries e ON e.account_id = a.id WHERE e.id_number = 'MIG000001'").await,
        "marie@example.fr $argon2id$marie fr"
    );
    assert_eq!(
        value("SELECT CAST(COUNT(*) AS TEXT) AS v FROM account_entries WHERE id_number = 'MIG000001' AND results_notified_at IS NOT NULL AND results_seen_at IS NOT NULL").await,
        "1",
        "the told and seen markers stay with the exam"
    );
    for (table, key) in [
        ("sessions", "s-marie"),
        ("email_tokens", "t-marie"),
        ("passkey_ceremonies", "c-marie"),
    ] {
        let owner = text(db, &format!(
            "SELECT e.id_number AS v FROM {table} x JOIN account_entries e ON e.account_id = x.account_id WHERE x.{} = '{key}'",
            if table == "email_tokens" { "token_hash" } else { "id_hash" }
        ))
        .await;
        assert_eq!(owner, "MIG000001", "{table} keeps its owner");
    }
    assert_eq!(
        value("SELECT e.id_number AS v FROM passkeys p JOIN account_entries e ON e.account_id = p.account_id WHERE p.id = 7").await,
        "MIG000002"
    );
    assert_eq!(
        value(
            "SELECT CAST(COUNT(*) AS TEXT) AS v FROM passkey_ceremonies WHERE account_id IS NULL"
        )
        .await,
        "1",
        "a sign-in ceremony has no account"
    );
    // New rows continue after the copied ids, on both backends.
    new_share_code(db, "MIG000002", "new-fingerprint").await;
    assert_eq!(
        value("SELECT CAST(MAX(id) AS TEXT) AS v FROM share_codes").await,
        "4"
    );
    // Each exam is in one account at most: the key says so.
    let twice = db
        .execute_unprepared(
            "INSERT INTO account_entries (id_number, account_id, added_at) SELECT 'MIG000001', e.account_id, e.added_at FROM account_entries e WHERE e.id_number = 'MIG000002'",
        )
        .await;
    assert!(twice.is_err(), "an exam went into a second account");

    db.execute_unprepared("DELETE FROM share_codes WHERE fingerprint = 'new-fingerprint'")
        .await
        .expect("the new code removed");
    Migrator::down(db, Some(1)).await.expect("migrated down");
    assert_eq!(
        dump(db).await,
        before,
        "down gives back the rows up was given"
    );
    Migrator::up(db, None).await.expect("migrated up again");
    assert_eq!(
        value("SELECT CAST(COUNT(*) AS TEXT) AS v FROM account_entries").await,
        "2"
    );
}

/// Every row of the old shape's tables, each as one text.
async fn dump(db: &DatabaseConnection) -> Vec<String> {
    let mut rows = Vec::new();
    for (table, columns) in OLD_TABLES {
        let joined = columns
            .split(", ")
            .map(|c| format!("COALESCE(CAST({c} AS TEXT), '-')"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let sql = format!("SELECT '{table}|' || {joined} AS v FROM {table}");
        let found = db
            .query_all_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                sql,
            ))
            .await
            .unwrap_or_else(|e| panic!("reading {table}: {e}"));
        rows.extend(
            found
                .iter()
                .map(|r| r.try_get::<String>("", "v").expect("text")),
        );
    }
    rows.sort();
    rows
}

async fn text(db: &DatabaseConnection, sql: &str) -> String {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("no row: {sql}"));
    row.try_get::<String>("", "v").expect("text")
}
