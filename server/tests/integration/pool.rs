//! The connection pool's limits hold: a saturated pool fails a request in
//! bounded time with a reference, and PostgreSQL cancels runaway statements.

use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::helpers::{Backend, json, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(a_request_that_cannot_get_a_connection_in_time_fails_with_a_reference);

async fn a_request_that_cannot_get_a_connection_in_time_fails_with_a_reference(backend: Backend) {
    let app = spawn_app_with(backend, |c| {
        c.pool.max_connections = Some(1);
        c.pool.acquire_timeout = Duration::from_millis(300);
    })
    .await;
    app.load_entries().await;
    let held = app.db.begin().await.expect("the pool's only connection");
    let start = Instant::now();
    let res = app.login("SIR094701", "resultats69").await;
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "answered after the acquire timeout, not left waiting: {:?}",
        start.elapsed()
    );
    assert_eq!(res.status(), 500);
    let body = json(res).await;
    assert_eq!(
        body["Internal"]["reference"].as_str().map(str::len),
        Some(8),
        "{body}"
    );
    held.rollback().await.expect("released");
    assert_eq!(
        app.login("SIR094701", "resultats69").await.status(),
        401,
        "served again once a connection is free"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_cancels_a_statement_that_runs_past_the_timeout() {
    let app = spawn_app_with(Backend::Postgres, |c| {
        c.pool.statement_timeout = Some(Duration::from_millis(300))
    })
    .await;
    let start = Instant::now();
    let err = app
        .db
        .execute_unprepared("SELECT pg_sleep(3)")
        .await
        .expect_err("cancelled");
    assert!(err.to_string().contains("statement timeout"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    app.db
        .execute_unprepared("SELECT 1")
        .await
        .expect("the pool still serves");
}
