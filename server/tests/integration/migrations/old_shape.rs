//! Rows of every kind as the schema before the migration made them.

use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The old shape's tables, each with its columns, as one text per row.
pub const OLD_TABLES: &[(&str, &str)] = &[
    (
        "accounts",
        "id_number, email, password_hash, wants_updates, email_confirmed_at, created_at, language, results_notified_at, results_seen_at",
    ),
    (
        "email_tokens",
        "token_hash, id_number, created_at, expires_at, used_at, superseded, purpose, new_email",
    ),
    (
        "sessions",
        "id_hash, id_number, created_at, expires_at, last_seen_at, device",
    ),
    (
        "passkeys",
        "id, id_number, credential_id, user_handle, name, credential, created_at, last_used_at",
    ),
    (
        "passkey_ceremonies",
        "id_hash, purpose, id_number, state, attempt_id, expires_at",
    ),
    (
        "share_codes",
        "id, id_number, fingerprint, created_at, expires_at, revoked_at",
    ),
    (
        "share_checks",
        "id, share_code_id, checked_at, outcome, organisation, client_hash",
    ),
];

fn at(days: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0)
        .single()
        .expect("a time")
        + Duration::days(days)
}

async fn insert(db: &DatabaseConnection, table: &str, row: Vec<(&str, SimpleExpr)>) {
    let (columns, values): (Vec<_>, Vec<_>) = row.into_iter().unzip();
    let statement = Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.into_iter().map(Alias::new))
        .values_panic(values)
        .to_owned();
    db.execute(&statement)
        .await
        .unwrap_or_else(|e| panic!("a row of {table}: {e}"));
}

/// Two candidates' accounts in the old shape, with a row of every kind.
pub async fn old_rows(db: &DatabaseConnection) {
    for (id, secret, name) in [
        ("MIG000001", "1111", "Marie"),
        ("MIG000002", "2222", "Thomas"),
    ] {
        insert(
            db,
            "entries",
            vec![
                ("id_number", id.into()),
                ("secret_number", secret.into()),
                ("given_name", name.into()),
                ("family_name", "Lefebvre".into()),
                ("exam", "B2 First".into()),
                (
                    "exam_date",
                    chrono::NaiveDate::from_ymd_opt(2026, 6, 13)
                        .expect("date")
                        .into(),
                ),
                ("results_release_at", at(0).into()),
            ],
        )
        .await;
    }
    let no_time: Option<DateTime<Utc>> = None;
    insert(
        db,
        "accounts",
        vec![
            ("id_number", "MIG000001".into()),
            ("email", "marie@example.fr".into()),
            ("password_hash", "$argon2id$marie".into()),
            ("wants_updates", true.into()),
            ("email_confirmed_at", Some(at(-9)).into()),
            ("created_at", at(-10).into()),
            ("language", "fr".into()),
            ("results_notified_at", Some(at(0)).into()),
            ("results_seen_at", Some(at(1)).into()),
        ],
    )
    .await;
    insert(
        db,
        "accounts",
        vec![
            ("id_number", "MIG000002".into()),
            ("email", "thomas@example.fr".into()),
            ("password_hash", "$argon2id$thomas".into()),
            ("wants_updates", false.into()),
            ("email_confirmed_at", no_time.into()),
            ("created_at", at(-2).into()),
            ("language", "en".into()),
            ("results_notified_at", no_time.into()),
            ("results_seen_at", no_time.into()),
        ],
    )
    .await;
    insert(
        db,
        "email_tokens",
        vec![
            ("token_hash", "t-marie".into()),
            ("id_number", "MIG000001".into()),
            ("created_at", at(1).into()),
            ("expires_at", at(2).into()),
            ("used_at", no_time.into()),
            ("superseded", false.into()),
            ("purpose", "email".into()),
            ("new_email", Some("marie@elsewhere.fr").into()),
        ],
    )
    .await;
    insert(
        db,
        "sessions",
        vec![
            ("id_hash", "s-marie".into()),
            ("id_number", "MIG000001".into()),
            ("created_at", at(1).into()),
            ("expires_at", at(2).into()),
            ("last_seen_at", Some(at(1)).into()),
            ("device", Some("Firefox on Linux").into()),
        ],
    )
    .await;
    insert(
        db,
        "passkeys",
        vec![
            ("id", 7.into()),
            ("id_number", "MIG000002".into()),
            ("credential_id", "abcd".into()),
            ("user_handle", "00000000-0000-4000-8000-000000000000".into()),
            ("name", "Phone".into()),
            ("credential", "{}".into()),
            ("created_at", at(-1).into()),
            ("last_used_at", no_time.into()),
        ],
    )
    .await;
    for (hash, purpose, owner) in [
        ("c-marie", "add", Some("MIG000001")),
        ("c-anyone", "sign_in", None),
    ] {
        insert(
            db,
            "passkey_ceremonies",
            vec![
                ("id_hash", hash.into()),
                ("purpose", purpose.into()),
                ("id_number", owner.into()),
                ("state", "{}".into()),
                ("attempt_id", Option::<i64>::None.into()),
                ("expires_at", at(1).into()),
            ],
        )
        .await;
    }
    for (id, fingerprint) in [(2, "f-one"), (3, "f-two")] {
        insert(
            db,
            "share_codes",
            vec![
                ("id", id.into()),
                ("id_number", "MIG000001".into()),
                ("fingerprint", fingerprint.into()),
                ("created_at", at(1).into()),
                ("expires_at", at(8).into()),
                ("revoked_at", no_time.into()),
            ],
        )
        .await;
    }
    insert(
        db,
        "share_checks",
        vec![
            ("id", 5.into()),
            ("share_code_id", Some(2).into()),
            ("checked_at", at(2).into()),
            ("outcome", "verified".into()),
            ("organisation", Some("Université de Lyon").into()),
            ("client_hash", Option::<String>::None.into()),
        ],
    )
    .await;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // As the old schema's own inserts would have left them.
        for table in ["passkeys", "share_codes", "share_checks"] {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .await
            .expect("sequence");
        }
    }
}

pub async fn new_share_code(db: &DatabaseConnection, id: &str, fingerprint: &str) {
    insert(
        db,
        "share_codes",
        vec![
            ("id_number", id.into()),
            ("fingerprint", fingerprint.into()),
            ("created_at", at(3).into()),
            ("expires_at", at(9).into()),
            ("revoked_at", Option::<DateTime<Utc>>::None.into()),
        ],
    )
    .await;
}
