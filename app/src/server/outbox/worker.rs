//! The loop every replica runs to send queued email.

use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::watch;

use super::{Outbox, claim, mark_failed, mark_sent};
use crate::server::Settings;
use crate::server::entities::outbox;
use crate::server::mailer::{Email, Mailer};
use crate::server::release::{ANNOUNCE_EVERY, announce_released};
use crate::server::retention::{Deleted, clean_up};

/// Sends queued email until told to stop.
pub struct Worker {
    pub db: DatabaseConnection,
    pub mailer: Mailer,
    pub outbox: Outbox,
    /// How email is paced, how long records are kept, how the release's
    /// announcements are paced and where their links point.
    pub settings: Arc<Settings>,
}

impl Worker {
    /// Sends due messages one at a time; when none is due, waits for this
    /// replica's doorbell or the poll interval. When `stop` turns true it
    /// finishes the message in hand and returns, leaving the rest queued
    /// for the other replicas or the next start.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!("email worker started");
        let (mut last_purge, mut last_announce) = (None, None);
        while !*stop.borrow() {
            let now = self.settings.clock.now();
            // Before claiming, so that what it queues goes out in this turn.
            if last_announce.is_none_or(|at| now - at >= ANNOUNCE_EVERY) {
                last_announce = Some(now);
                if let Err(error) = announce_released(
                    &self.db,
                    &self.settings.public_url,
                    &self.settings.release,
                    now,
                )
                .await
                {
                    tracing::warn!(error = ?error, "could not announce released results");
                }
            }
            match claim(&self.db, now, self.settings.outbox.lease).await {
                Ok(Some(message)) => self.deliver(message).await,
                Ok(None) => {
                    // Idle: the hourly clean-up of records past their period fits here.
                    if last_purge.is_none_or(|at| now - at >= chrono::Duration::hours(1)) {
                        last_purge = Some(now);
                        match clean_up(&self.db, &self.settings, now).await {
                            Ok(Some(deleted)) if deleted != Deleted::default() => {
                                tracing::info!(?deleted, "records past their period deleted")
                            }
                            Ok(_) => {}
                            Err(error) => {
                                tracing::warn!(error = ?error, "could not delete records past their period")
                            }
                        }
                    }
                    tokio::select! {
                        () = self.outbox.rung() => {}
                        () = tokio::time::sleep(self.settings.outbox.poll_interval) => {}
                        _ = stop.changed() => {}
                    }
                }
                Err(error) => {
                    // The database is away: wait, then look again.
                    tracing::warn!(error = ?error, "email worker could not look at the queue");
                    tokio::select! {
                        () = tokio::time::sleep(self.settings.outbox.poll_interval) => {}
                        _ = stop.changed() => {}
                    }
                }
            }
        }
        tracing::info!("email worker stopped");
    }

    async fn deliver(&self, message: outbox::Model) {
        let email = Email {
            subject: message.subject.clone(),
            text: message.text_body.clone(),
            html: message.html_body.clone(),
        };
        // lettre's own timeout covers the connection only, not a server that
        // never greets: the whole exchange is bounded here.
        let outcome = match tokio::time::timeout(
            self.settings.outbox.send_timeout,
            self.mailer.send(&message.recipient, email),
        )
        .await
        {
            Ok(sent) => sent,
            Err(_) => Err(anyhow::anyhow!(
                "the SMTP server did not finish within {:?}",
                self.settings.outbox.send_timeout
            )),
        };
        let now = self.settings.clock.now();
        let recorded = match &outcome {
            Ok(()) => mark_sent(&self.db, &message, now).await.map(|()| {
                tracing::info!(email_id = message.id, attempt = message.attempts, "email sent");
            }),
            Err(error) => mark_failed(&self.db, &message, &format!("{error:#}"), now, &self.settings.outbox).await.map(|given_up| {
                if given_up {
                    tracing::error!(email_id = message.id, attempts = message.attempts, error = ?error, "email failed for good; `server outbox retry` queues it again");
                } else {
                    tracing::warn!(email_id = message.id, attempt = message.attempts, error = ?error, "email not sent; will try again");
                }
            }),
        };
        if let Err(error) = recorded {
            // The lease runs out and the message is tried again: sent twice
            // at worst, never lost.
            tracing::error!(email_id = message.id, error = ?error, "could not record the outcome of an email");
        }
    }
}
