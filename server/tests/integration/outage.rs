//! Email is never lost: an SMTP outage delays it, and every message arrives
//! exactly once when the server is back, with one replica or several.

use std::time::Duration;

use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::maildev::MailDev;
use crate::on_both_backends;

on_both_backends!(
    emails_queued_while_smtp_is_down_arrive_exactly_once_when_it_is_back,
    with_two_replicas_each_queued_email_still_arrives_exactly_once,
);

const CANDIDATES: [(&str, &str, &str); 3] = [
    ("OUT000001", "1111", "chloe@example.fr"),
    ("OUT000002", "2222", "hugo@example.fr"),
    ("OUT000003", "3333", "lea@example.fr"),
];

async fn load_candidates(app: &TestApp) {
    let mut csv = String::from(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n",
    );
    for (id, secret, _) in CANDIDATES {
        csv.push_str(&format!(
            "{id},{secret},Test,Candidate,B2 First,2026-06-13,2026-07-01T10:00:00Z\n"
        ));
    }
    crate::helpers::import_entries(
        &app.db,
        &app::domain::CentreCode::default_centre(),
        csv.as_bytes(),
    )
    .await
    .expect("entries");
}

/// Registers the three candidates, the `n`th through `apps[n % len]`.
async fn register_all(apps: &[&TestApp]) {
    for (n, (id, secret, email)) in CANDIDATES.into_iter().enumerate() {
        assert_eq!(
            apps[n % apps.len()]
                .register(id, secret, email)
                .await
                .status(),
            200,
            "{id} registers while SMTP is down"
        );
    }
}

async fn assert_each_arrived_once(maildev: &MailDev, app: &TestApp) {
    // Two seconds more: long enough for any second try or second worker.
    let mut recipients = maildev
        .wait_for(CANDIDATES.len(), Duration::from_secs(2))
        .await;
    recipients.sort();
    let mut expected: Vec<String> = CANDIDATES.iter().map(|(_, _, e)| (*e).to_owned()).collect();
    expected.sort();
    assert_eq!(recipients, expected, "each confirmation exactly once");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL AND failed_at IS NULL"
        )
        .await,
        3
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM outbox WHERE text_body <> ''")
            .await,
        0,
        "sent bodies (with their links) are not kept"
    );
}

async fn emails_queued_while_smtp_is_down_arrive_exactly_once_when_it_is_back(backend: Backend) {
    let mut maildev = MailDev::start().await;
    let smtp = maildev.smtp_url();
    let app = spawn_app_with(backend, |c| c.smtp_url = Some(smtp)).await;
    load_candidates(&app).await;
    maildev.stop();
    register_all(&[&app]).await;
    // Every message has been tried and has failed at least once.
    app.wait_for_sql(
        "SELECT COUNT(*) AS n FROM outbox WHERE attempts >= 1 AND last_error IS NOT NULL",
        3,
    )
    .await;
    assert_eq!(app.count("accounts").await, 3);
    maildev.restart().await;
    assert_each_arrived_once(&maildev, &app).await;
}

async fn with_two_replicas_each_queued_email_still_arrives_exactly_once(backend: Backend) {
    let mut maildev = MailDev::start().await;
    let smtp = maildev.smtp_url();
    let first = spawn_app_with(backend, |c| c.smtp_url = Some(smtp)).await;
    let second = first.replica().await;
    load_candidates(&first).await;
    maildev.stop();
    register_all(&[&first, &second]).await;
    first
        .wait_for_sql(
            "SELECT COUNT(*) AS n FROM outbox WHERE attempts >= 1 AND last_error IS NOT NULL",
            3,
        )
        .await;
    maildev.restart().await;
    assert_each_arrived_once(&maildev, &first).await;
}
