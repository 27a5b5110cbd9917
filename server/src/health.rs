//! Probes for a load balancer or orchestrator: `/healthz` says the process
//! answers; `/readyz` says it can serve candidates (database reachable, every
//! migration applied), so a replica is sent traffic only when it is.

use std::time::Duration;

use app::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use migration::{Migrator, MigratorTrait};
use sea_orm::ConnectionTrait;

/// How long the database may take to answer before the replica counts as not ready.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    let ping =
        tokio::time::timeout(DATABASE_TIMEOUT, state.db.execute_unprepared("SELECT 1")).await;
    if !matches!(ping, Ok(Ok(_))) {
        tracing::warn!(?ping, "not ready: database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
    }
    match Migrator::get_pending_migrations(&state.db).await {
        Ok(pending) if pending.is_empty() => (StatusCode::OK, "ready"),
        Ok(pending) => {
            tracing::warn!(pending = pending.len(), "not ready: migrations pending");
            (StatusCode::SERVICE_UNAVAILABLE, "migrations pending")
        }
        Err(error) => {
            tracing::warn!(?error, "not ready: migrations unreadable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
