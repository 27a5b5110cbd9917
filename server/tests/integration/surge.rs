//! A login surge: password checks beyond the queue bound are refused at
//! once with 503 and `Retry-After`, instead of piling up.

use crate::helpers::{Backend, json, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    checks_beyond_the_queue_are_refused_at_once_and_not_counted_as_guesses,
    the_refusal_comes_before_any_database_work,
);

async fn checks_beyond_the_queue_are_refused_at_once_and_not_counted_as_guesses(backend: Backend) {
    let app = spawn_app_with(backend, |config| {
        config.password_queue = 0;
        config.attempts_per_ip_per_hour = 1000;
    })
    .await;
    // Enough at once that some overlap even on a busy machine (12 once all ran one by one).
    let logins = (0..40).map(|i| {
        let id = format!("ZZZ{i:06}");
        let app = &app;
        async move { app.login(&id, "not-the-password-1").await }
    });
    let answers = futures::future::join_all(logins).await;
    let mut refused = 0;
    let mut checked = 0;
    for res in answers {
        match res.status().as_u16() {
            401 => checked += 1,
            503 => {
                refused += 1;
                assert_eq!(
                    res.headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok()),
                    Some("2")
                );
                assert_eq!(
                    json(res).await,
                    serde_json::json!({"Busy": {"retry_after_seconds": 2}})
                );
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(
        refused >= 1,
        "with every core busy and no queue, some checks must be refused"
    );
    assert!(checked >= 1, "the cores still check passwords");
    assert_eq!(
        app.count("failed_attempts").await,
        2 * checked,
        "a refusal for load is not a guess"
    );
}

async fn the_refusal_comes_before_any_database_work(backend: Backend) {
    let app = spawn_app_with(backend, |config| config.password_queue = 0).await;
    // Every login that reaches the database now fails (500); one refused for
    // load before touching it answers 503 all the same.
    app.execute("DROP TABLE failed_attempts").await;
    // Enough at once that some overlap even on a busy machine (12 once all ran one by one).
    let logins = (0..40).map(|i| {
        let id = format!("ZZZ{i:06}");
        let app = &app;
        async move { app.login(&id, "not-the-password-1").await.status().as_u16() }
    });
    let statuses = futures::future::join_all(logins).await;
    assert!(
        statuses.iter().all(|s| *s == 500 || *s == 503),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&503),
        "refused before the guess limits were read: {statuses:?}"
    );
}
