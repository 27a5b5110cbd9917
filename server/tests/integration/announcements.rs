//! "Your results are available" through running servers: each replica's
//! email worker queues its share at the paced rate, and a replica stopped
//! in the middle leaves nobody told twice and nobody forgotten.

use std::time::Duration;

use crate::helpers::{Backend, spawn_stoppable};
use crate::on_both_backends;
use crate::services::release::candidates;

on_both_backends!(the_results_email_goes_exactly_once_through_two_replicas_and_a_restart);

const TOLD: &str =
    "SELECT COUNT(*) AS n FROM account_entries WHERE results_notified_at IS NOT NULL";

async fn the_results_email_goes_exactly_once_through_two_replicas_and_a_restart(backend: Backend) {
    // 60 a minute: 5 every 5 seconds, so 12 candidates take three turns.
    let (first, stop_first, first_running) =
        spawn_stoppable(backend, |c| c.release.emails_per_minute = 60).await;
    let released = chrono::Utc::now() - chrono::Duration::minutes(1);
    candidates(
        &first.db,
        12,
        released,
        released - chrono::Duration::days(1),
        true,
    )
    .await;
    let second = first.replica().await;
    // The first turn is taken by one replica; then the first replica stops.
    wait_until(&second, |told| told >= 5).await;
    stop_first.send(()).expect("first replica running");
    first_running
        .await
        .expect("joined")
        .expect("stopped cleanly");
    // It starts again (a new process on the same database).
    let restarted = second.replica().await;
    wait_until(&restarted, |told| told == 12).await;
    // The only email of this test is the announcement.
    let recipients = |app: &crate::helpers::TestApp| {
        let files = std::fs::read_dir(&app.mail_dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let mut to: Vec<String> = files
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .map(|m| crate::helpers::recipient(&m).to_owned())
            .collect();
        to.sort();
        to
    };
    // Every queued email is sent, once; a few more turns change nothing.
    second
        .wait_for_sql(
            "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
            0,
        )
        .await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    let to = recipients(&second);
    let mut distinct = to.clone();
    distinct.dedup();
    assert_eq!(to.len(), 12, "{to:?}");
    assert_eq!(distinct.len(), 12, "nobody twice: {to:?}");
    assert_eq!(second.scalar("SELECT COUNT(*) AS n FROM outbox").await, 12);
    assert_eq!(restarted.scalar(TOLD).await, 12);
}

/// Waits up to 40 s for the number of candidates told to satisfy `done`.
async fn wait_until(app: &crate::helpers::TestApp, done: impl Fn(i64) -> bool) {
    let mut told = 0;
    for _ in 0..400 {
        told = app.scalar(TOLD).await;
        if done(told) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("only {told} candidates told after 40 s");
}
