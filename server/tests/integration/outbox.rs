//! The outbox: claimed by one worker at a time, retried with backoff, failed
//! for an operator to see. (That a registration and its email are written
//! together is `register::an_internal_failure_is_answered_with_a_reference…`.)

use std::collections::HashSet;

use app::server::mailer::Email;
use app::server::outbox::{self, Outbox};
use chrono::Duration;

use crate::helpers::{Backend, spawn_app, spawn_app_with};
use crate::on_both_backends;
use crate::smtp_stub::silent_smtp;

on_both_backends!(
    concurrent_claims_never_take_the_same_message_and_a_lease_runs_out,
    a_message_that_keeps_failing_is_marked_failed_and_an_operator_can_queue_it_again,
    sent_rows_are_deleted_after_thirty_days,
    an_smtp_server_that_never_greets_does_not_hold_up_the_queue,
);

fn email(n: usize) -> Email {
    Email {
        subject: format!("Message {n}"),
        text: "text".to_owned(),
        html: "<p>html</p>".to_owned(),
    }
}

async fn concurrent_claims_never_take_the_same_message_and_a_lease_runs_out(backend: Backend) {
    let app = spawn_app(backend).await;
    // Due tomorrow by the application's clock, so its own worker leaves them alone.
    let tomorrow = app.clock.now() + Duration::days(1);
    for n in 0..12 {
        Outbox::queue(&app.db, "a@example.fr", email(n), tomorrow)
            .await
            .expect("queued");
    }
    let lease = Duration::minutes(2);
    let claims: Vec<_> = (0..16)
        .map(|_| {
            let db = app.db.clone();
            tokio::spawn(async move { outbox::claim(&db, tomorrow, lease).await })
        })
        .collect();
    let mut ids = Vec::new();
    for claim in claims {
        // A claim may lose a lock race on SQLite (busy): that is a retry later, never a double send.
        if let Ok(Some(message)) = claim.await.expect("task") {
            assert_eq!(message.attempts, 1);
            ids.push(message.id);
        }
    }
    let distinct: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "a message was claimed twice: {ids:?}"
    );
    while outbox::claim(&app.db, tomorrow, lease)
        .await
        .expect("claim")
        .is_some()
    {}
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM outbox WHERE claimed_until IS NOT NULL")
            .await,
        12,
        "all twelve claimed once"
    );
    assert!(
        outbox::claim(&app.db, tomorrow + Duration::minutes(1), lease)
            .await
            .expect("claim")
            .is_none(),
        "leased"
    );
    let retaken = outbox::claim(&app.db, tomorrow + lease, lease)
        .await
        .expect("claim")
        .expect("the lease ran out");
    assert_eq!(
        retaken.attempts, 2,
        "a retaken message counts its second try"
    );
}

async fn a_message_that_keeps_failing_is_marked_failed_and_an_operator_can_queue_it_again(
    backend: Backend,
) {
    let app = spawn_app_with(backend, |c| {
        c.smtp_url = Some("smtp://127.0.0.1:9".to_owned());
        c.outbox.max_attempts = 3;
    })
    .await;
    Outbox::queue(&app.db, "a@example.fr", email(1), app.clock.now())
        .await
        .expect("queued");
    app.wait_for_sql(
        "SELECT COUNT(*) AS n FROM outbox WHERE failed_at IS NOT NULL AND attempts = 3",
        1,
    )
    .await;
    let error = app.text_value("SELECT last_error AS v FROM outbox").await;
    assert!(
        error.contains("SMTP"),
        "the cause is kept for the operator: {error}"
    );
    let counts = outbox::counts(&app.db).await.expect("counts");
    assert_eq!((counts.pending, counts.sent, counts.failed), (0, 0, 1));
    assert_eq!(
        outbox::retry_failed(&app.db, app.clock.now())
            .await
            .expect("retry"),
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM outbox WHERE failed_at IS NULL")
            .await,
        1,
        "queued again"
    );
    app.wait_for_sql(
        "SELECT COUNT(*) AS n FROM outbox WHERE failed_at IS NOT NULL AND attempts = 3",
        1,
    )
    .await;
}

async fn sent_rows_are_deleted_after_thirty_days(backend: Backend) {
    let app = spawn_app(backend).await;
    Outbox::queue(&app.db, "a@example.fr", email(1), app.clock.now())
        .await
        .expect("queued");
    app.wait_for_sql(
        "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL",
        1,
    )
    .await;
    app.clock.advance(Duration::days(29));
    Outbox::queue(&app.db, "b@example.fr", email(2), app.clock.now())
        .await
        .expect("queued");
    app.wait_for_sql(
        "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL",
        2,
    )
    .await;
    // An hour and a day later the first is thirty days old; the worker's next idle clean-up deletes it alone.
    app.clock.advance(Duration::hours(25));
    app.wait_for_sql("SELECT COUNT(*) AS n FROM outbox", 1)
        .await;
    assert_eq!(
        app.text_value("SELECT recipient AS v FROM outbox").await,
        "b@example.fr"
    );
}

async fn an_smtp_server_that_never_greets_does_not_hold_up_the_queue(backend: Backend) {
    let url = silent_smtp().await;
    let app = spawn_app_with(backend, |config| {
        config.smtp_url = Some(url);
        config.outbox.send_timeout = std::time::Duration::from_millis(300);
    })
    .await;
    for n in 0..2 {
        Outbox::queue(&app.db, "a@example.fr", email(n), app.clock.now())
            .await
            .expect("queued");
    }
    // Both messages tried twice: the worker gave up on each silent exchange
    // and went on, where it used to wait for the greeting forever.
    app.wait_for_sql("SELECT COUNT(*) AS n FROM outbox WHERE attempts >= 2 AND last_error LIKE '%did not finish%'", 2).await;
    assert_eq!(app.count("outbox").await, 2);
}
