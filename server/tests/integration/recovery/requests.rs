//! Asking for a reset: the same answer for any ID, emails only to
//! accounts, at most one a minute, and requests limited per address.

use super::support::forgot;
use crate::helpers::{Backend, recipient, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    asking_for_a_reset_answers_the_same_for_any_id_and_mails_only_accounts,
    reset_emails_are_sent_at_most_once_a_minute,
    requests_for_emails_are_limited_per_client_address_alike_for_every_id,
);

async fn asking_for_a_reset_answers_the_same_for_any_id_and_mails_only_accounts(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    let mut answers = Vec::new();
    // An account, an unknown ID, and an entry without an account.
    for id in ["SIR094701", "ZZZ999999", "SIR094702"] {
        let res = forgot(&app, id).await;
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        answers.push((res.status(), location, res.text().await.expect("body")));
    }
    assert_eq!(answers[0].0, 200);
    assert_eq!(answers[0].1.as_deref(), Some("/forgot-password/sent"));
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    let mails = app.wait_for_emails(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.emails().await.len(),
        2,
        "one confirmation, one reset link: nothing for the others"
    );
    assert_eq!(recipient(&mails[1]), "marie@example.fr");
    assert!(
        mails[1].contains("Choose a new password for Results Online")
            && mails[1].contains("SIR094701"),
        "{}",
        mails[1]
    );
    // A malformed ID is the only thing that is told apart.
    assert_eq!(forgot(&app, "12").await.status(), 422);
}

async fn reset_emails_are_sent_at_most_once_a_minute(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    for _ in 0..5 {
        assert_eq!(forgot(&app, "SIR094701").await.status(), 200);
    }
    app.wait_for_emails(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.emails().await.len(), 2);
    app.clock.advance(chrono::Duration::minutes(2));
    forgot(&app, "SIR094701").await;
    assert_eq!(app.wait_for_emails(3).await.len(), 3);
}

async fn requests_for_emails_are_limited_per_client_address_alike_for_every_id(backend: Backend) {
    let app = spawn_app_with(backend, |config| config.attempts_per_ip_per_hour = 3).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    assert_eq!(forgot(&app, "SIR094701").await.status(), 200);
    assert_eq!(forgot(&app, "ZZZ999999").await.status(), 200);
    assert_eq!(
        app.post(
            "/api/resend_confirmation",
            &[("id_number", "SIR094702")],
            None
        )
        .await
        .status(),
        200
    );
    // The fourth request from this address is refused, whichever ID it names.
    let (known, unknown) = (
        forgot(&app, "SIR094701").await,
        forgot(&app, "ZZZ999998").await,
    );
    assert_eq!(
        (known.status().as_u16(), unknown.status().as_u16()),
        (429, 429)
    );
    assert_eq!(
        known.headers().get("retry-after"),
        unknown.headers().get("retry-after")
    );
    assert_eq!(
        known.text().await.expect("body"),
        unknown.text().await.expect("body")
    );
    assert_eq!(
        app.post(
            "/api/resend_confirmation",
            &[("id_number", "SIR094701")],
            None
        )
        .await
        .status(),
        429
    );
    app.clock.advance(chrono::Duration::minutes(61));
    assert_eq!(forgot(&app, "SIR094701").await.status(), 200);
}
