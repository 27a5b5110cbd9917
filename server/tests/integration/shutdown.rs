//! Graceful shutdown: requests in flight get their answers, the email worker
//! finishes the message in hand and leaves the rest queued.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use app::server::mailer::Email;
use app::server::outbox::Outbox;

use crate::helpers::{Backend, spawn_stoppable};
use crate::on_both_backends;
use crate::smtp_stub::SlowSmtp;

on_both_backends!(stopping_lets_requests_in_flight_finish_and_the_worker_finish_its_email);

async fn stopping_lets_requests_in_flight_finish_and_the_worker_finish_its_email(backend: Backend) {
    let smtp = SlowSmtp::start(Duration::from_millis(1500)).await;
    let url = smtp.url.clone();
    let (app, stop, stopped) = spawn_stoppable(backend, |c| c.smtp_url = Some(url)).await;
    let data_arrived = smtp.data_arrived.notified();
    for n in 0..3 {
        let email = Email {
            subject: format!("Message {n}"),
            text: "text".to_owned(),
            html: "<p>html</p>".to_owned(),
        };
        Outbox::queue(&app.db, &format!("c{n}@example.fr"), email, app.clock.now())
            .await
            .expect("queued");
    }
    tokio::time::timeout(Duration::from_secs(10), data_arrived)
        .await
        .expect("the worker is sending the first email");

    // Logins with unknown IDs: each holds an argon2 check, so several are
    // still being answered when the stop comes.
    let logins: Vec<_> = (0..8)
        .map(|n| {
            let (client, address, origin) =
                (app.client.clone(), app.address.clone(), app.origin.clone());
            tokio::spawn(async move {
                let form = [
                    ("id_number", format!("STP{n:06}")),
                    ("password", "wrongpass99".to_owned()),
                ];
                let res = client
                    .post(format!("{address}/api/login"))
                    .header("origin", origin)
                    .form(&form)
                    .send()
                    .await;
                (res.map(|r| r.status().as_u16()), Instant::now())
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let stop_sent = Instant::now();
    stop.send(()).expect("stop");
    let mut answered_after_stop = 0;
    for login in logins {
        let (status, at) = login.await.expect("task");
        assert_eq!(status.expect("answered, not cut off"), 401);
        answered_after_stop += usize::from(at > stop_sent);
    }
    assert!(
        answered_after_stop > 0,
        "some logins were still in flight at the stop"
    );
    tokio::time::timeout(Duration::from_secs(20), stopped)
        .await
        .expect("stopped in time")
        .expect("task")
        .expect("clean stop");

    assert_eq!(
        smtp.accepted.load(Ordering::SeqCst),
        1,
        "the email in hand was finished"
    );
    assert_eq!(
        smtp.started.load(Ordering::SeqCst),
        1,
        "no new email was started after the stop"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND attempts = 0 AND claimed_until IS NULL").await,
        2,
        "the rest wait, unclaimed, for another replica"
    );
    assert!(
        app.client
            .get(format!("{}/healthz", app.address))
            .send()
            .await
            .is_err(),
        "no longer accepting connections"
    );
}
