//! How the outbox's worker paces delivery.

use chrono::Duration;

/// How the worker paces delivery.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Tries before a message is marked failed.
    pub max_attempts: i32,
    /// Wait after the first failure; it doubles with each further one.
    pub retry_base: Duration,
    /// The longest wait between two tries.
    pub retry_cap: Duration,
    /// How often an idle worker looks for mail queued by other replicas.
    pub poll_interval: std::time::Duration,
    /// How long one message may take to hand over, greeting to goodbye: an
    /// SMTP server that accepts the connection and then says nothing must
    /// not hold up every email of this replica.
    pub send_timeout: std::time::Duration,
    /// How long a claimed row is left to its worker; longer than
    /// `send_timeout`, so a row is never sent by two workers at once.
    pub lease: Duration,
}

/// The SMTP transport's timeout for one message.
pub const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Default for Policy {
    fn default() -> Self {
        Self {
            // 10 s, 20 s, 40 s … capped at an hour: twelve tries span about
            // three and a half hours of SMTP outage before anything is failed.
            max_attempts: 12,
            retry_base: Duration::seconds(10),
            retry_cap: Duration::hours(1),
            poll_interval: std::time::Duration::from_secs(1),
            send_timeout: SMTP_TIMEOUT,
            lease: Duration::minutes(2),
        }
    }
}

impl Policy {
    /// The wait before try `attempts + 1`, after `attempts` failed tries.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(30);
        let wait = self
            .retry_base
            .num_milliseconds()
            .saturating_mul(1_i64 << doublings);
        Duration::milliseconds(wait).min(self.retry_cap)
    }
}
