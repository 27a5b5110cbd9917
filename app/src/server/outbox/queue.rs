//! Queuing an email, and waking this replica's worker to send it.

use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use tokio::sync::Notify;

use crate::server::entities::outbox;
use crate::server::mailer::Email;

/// This replica's doorbell: mail queued here is sent at once rather than at
/// the worker's next look.
#[derive(Clone, Default)]
pub struct Outbox {
    wake: Arc<Notify>,
}

impl Outbox {
    /// Queues `email` for `to` on `db`: inside a transaction, it is sent only
    /// if that transaction commits. Call [`Outbox::wake`] after the commit.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn queue(
        db: &impl ConnectionTrait,
        to: &str,
        email: Email,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        outbox::ActiveModel {
            recipient: Set(to.to_owned()),
            subject: Set(email.subject),
            text_body: Set(email.text),
            html_body: Set(email.html),
            created_at: Set(now),
            next_attempt_at: Set(now),
            claimed_until: Set(None),
            attempts: Set(0),
            sent_at: Set(None),
            failed_at: Set(None),
            last_error: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await
        .context("queuing an email")?;
        Ok(())
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub(crate) async fn rung(&self) {
        self.wake.notified().await;
    }
}
