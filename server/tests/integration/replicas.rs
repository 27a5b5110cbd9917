//! Two server processes sharing one database behave as one site: nothing a
//! candidate relies on lives in one replica's memory.

use crate::helpers::{Backend, PASSWORD, session_cookie, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_candidate_can_move_between_replicas_at_every_step,
    wrong_passwords_count_on_every_replica
);

async fn a_candidate_can_move_between_replicas_at_every_step(backend: Backend) {
    let first = spawn_app(backend).await;
    first.load_entries().await;
    let second = first.replica().await;
    assert_eq!(
        first
            .register("SIR094701", "4821", "marie@example.fr")
            .await
            .status(),
        200
    );
    first.wait_for_emails(1).await;
    assert_eq!(
        second
            .confirm(&first.last_confirmation_token().await)
            .await
            .status(),
        200,
        "confirmed through the other replica"
    );
    let login = second.login("SIR094701", PASSWORD).await;
    assert_eq!(login.status(), 200);
    let cookie = session_cookie(&login).expect("session cookie");
    for app in [&first, &second] {
        let page = app.get("/results", Some(&cookie)).await;
        assert_eq!(
            page.status(),
            200,
            "the session is known to {}",
            app.address
        );
        assert!(
            page.text().await.expect("page").contains("176"),
            "the results are shown"
        );
    }
    assert_eq!(
        first.post("/api/logout", &[], Some(&cookie)).await.status(),
        200
    );
    for app in [&first, &second] {
        let page = app.get("/results", Some(&cookie)).await;
        assert_eq!(page.status(), 303, "logged out on {} too", app.address);
        assert_eq!(page.headers()["location"], "/login?session=ended");
    }
}

async fn wrong_passwords_count_on_every_replica(backend: Backend) {
    let first = spawn_app(backend).await;
    first.load_entries().await;
    let second = first.replica().await;
    first.signed_in("SIR094701", "4821").await;
    // Five failures spread over both replicas: the sixth attempt must wait
    // on either, whichever one the balancer picks.
    for n in 0..5 {
        let app = if n % 2 == 0 { &first } else { &second };
        assert_eq!(app.login("SIR094701", "wrongpass99").await.status(), 401);
    }
    for app in [&first, &second] {
        assert_eq!(
            app.login("SIR094701", PASSWORD).await.status(),
            429,
            "{} knows of the failures",
            app.address
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_starting_together_on_a_new_postgresql_database_migrate_it_once() {
    // The first app only provides a fresh database; four replicas then
    // start at the same moment on it after its schema is dropped.
    let app = spawn_app(Backend::Postgres).await;
    app.execute("DROP SCHEMA public CASCADE").await;
    app.execute("CREATE SCHEMA public").await;
    let url = app.config.database_url.clone();
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                app::server::db::connect_and_migrate(&url, &app::server::db::Pool::default()).await
            })
        })
        .collect();
    for start in starts {
        start.await.expect("task").expect("every replica starts");
    }
    use migration::MigratorTrait;
    let migrations = i64::try_from(migration::Migrator::migrations().len()).expect("a few");
    assert_eq!(
        app.count("seaql_migrations").await,
        migrations,
        "each migration applied once"
    );
}
