//! The same-work yardstick for `/results`: a bare axum handler doing what
//! the results page must do and nothing else — read the session cookie,
//! look the session up by its hash with the same SeaORM query (live, not
//! idle, touched once a minute), read the entry and the results, and write
//! the page with `format!`. Run as a child process against the database of
//! the server under test, so `/results ÷ same-work` says what the page's
//! framework costs beyond the unavoidable database work.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Database, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};

use crate::server::ServerProcess;

/// The server's tables, as the server's own entities declare them (only
/// the columns these queries read).
mod tables {
    pub mod session {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "sessions")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id_hash: String,
            pub account_id: i64,
            pub created_at: DateTimeUtc,
            pub expires_at: DateTimeUtc,
            pub last_seen_at: Option<DateTimeUtc>,
            pub device: Option<String>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod account_entry {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "account_entries")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id_number: String,
            pub account_id: i64,
            pub added_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod entry {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "entries")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id_number: String,
            pub secret_number: String,
            pub given_name: String,
            pub family_name: String,
            pub exam: String,
            pub exam_date: Date,
            pub results_release_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod result {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "results")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id_number: String,
            pub overall_score: i16,
            pub grade: String,
            pub cefr_level: String,
            pub reading: Option<i16>,
            pub writing: Option<i16>,
            pub listening: Option<i16>,
            pub speaking: Option<i16>,
            pub use_of_english: Option<i16>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use tables::{account_entry, entry, result, session};

/// The server's default idle timeout and touch interval.
const IDLE_MINUTES: i64 = 30;
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Serves `/results` (and `/readyz`) on `port` from `database_url`.
pub async fn serve(port: u16, database_url: &str) -> anyhow::Result<()> {
    let db = Database::connect(database_url)
        .await
        .context("connecting the same-work yardstick")?;
    let app = Router::new()
        .route("/results", get(results))
        .route("/readyz", get(|| async { "ok" }))
        .with_state(Arc::new(db));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("binding same-work port {port}"))?;
    axum::serve(listener, app)
        .await
        .context("serving the same-work yardstick")
}

async fn results(State(db): State<Arc<DatabaseConnection>>, headers: HeaderMap) -> Response {
    match page(&db, &headers).await {
        Ok(Some(html)) => ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Ok(None) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")).into_response(),
    }
}

async fn page(db: &DatabaseConnection, headers: &HeaderMap) -> anyhow::Result<Option<String>> {
    let cookie = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(token) = cookie
        .split(';')
        .find_map(|c| c.trim().strip_prefix("ro_session="))
    else {
        return Ok(None);
    };
    let hash = hex::encode(Sha256::digest(token.as_bytes()));
    let now = chrono::Utc::now();
    let Some(found) = session::Entity::find_by_id(hash.as_str())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let last_seen = found.last_seen_at.unwrap_or(found.created_at);
    if now - last_seen >= chrono::Duration::minutes(IDLE_MINUTES) {
        return Ok(None);
    }
    if (now - last_seen).num_seconds() >= TOUCH_EVERY_SECONDS {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::IdHash.eq(hash))
            .exec(db)
            .await?;
    }
    let Some(exam) = account_entry::Entity::find()
        .filter(account_entry::Column::AccountId.eq(found.account_id))
        .order_by_asc(account_entry::Column::AddedAt)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(entry) = entry::Entity::find_by_id(exam.id_number.as_str())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let scores = if now < entry.results_release_at {
        format!(
            "<p>Your results will be available from {}.</p>",
            entry.results_release_at.format("%d %B %Y at %H:%M UTC")
        )
    } else {
        match result::Entity::find_by_id(exam.id_number.as_str())
            .one(db)
            .await?
        {
            Some(r) => {
                let skill = |name: &str, v: Option<i16>| {
                    v.map(|v| {
                        format!(
                            "<div class=\"score-row\"><span>{name}</span><span>{v}</span></div>"
                        )
                    })
                    .unwrap_or_default()
                };
                format!(
                    "<section><h2>Statement of results</h2><p>{} overall, grade {}, CEFR {}</p>{}{}{}{}{}</section>",
                    r.overall_score,
                    r.grade,
                    r.cefr_level,
                    skill("Reading", r.reading),
                    skill("Writing", r.writing),
                    skill("Listening", r.listening),
                    skill("Speaking", r.speaking),
                    skill("Use of English", r.use_of_english)
                )
            }
            None => "<p>Your results are not available yet.</p>".to_owned(),
        }
    };
    Ok(Some(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Your results</title></head><body><main id=\"main\">\
         <h1>Your results</h1><dl><dt>Candidate</dt><dd>{} {}</dd><dt>ID Number</dt><dd>{}</dd><dt>Exam</dt><dd>{}</dd>\
         <dt>Exam date</dt><dd>{}</dd></dl>{scores}</main></body></html>",
        entry.given_name, entry.family_name, entry.id_number, entry.exam, entry.exam_date
    )))
}

/// Starts `loadtest --same-work-serve <port>` on `database_url`.
pub fn spawn(port: u16, database_url: &str, log: &Path) -> anyhow::Result<ServerProcess> {
    let exe = std::env::current_exe().context("locating the loadtest binary")?;
    let mut cmd = Command::new(exe);
    cmd.arg("--same-work-serve")
        .arg(port.to_string())
        .env("SAME_WORK_DATABASE_URL", database_url);
    ServerProcess::spawn(cmd, log)
}
