//! Probes for the load balancer.

use migration::{Migrator, MigratorTrait};

use crate::helpers::{Backend, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    the_process_is_healthy_and_ready_once_migrated,
    a_replica_with_migrations_pending_is_not_ready
);

async fn the_process_is_healthy_and_ready_once_migrated(backend: Backend) {
    let app = spawn_app(backend).await;
    let health = app.get("/healthz", None).await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.expect("body"), "ok");
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.expect("body"), "ready");
}

async fn a_replica_with_migrations_pending_is_not_ready(backend: Backend) {
    let app = spawn_app(backend).await;
    Migrator::down(&app.db, Some(1))
        .await
        .expect("roll back the newest migration");
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.text().await.expect("body"), "migrations pending");
    assert_eq!(
        app.get("/healthz", None).await.status(),
        200,
        "the process itself is up"
    );
    Migrator::up(&app.db, None).await.expect("migrate again");
    assert_eq!(app.get("/readyz", None).await.status(), 200);
}
