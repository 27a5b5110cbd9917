//! How long each kind of record is kept: the settings of the clean-up.

use chrono::Duration;

/// How long each kind of record is kept once it is no longer in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub unconfirmed_accounts: Duration,
    pub dead_links: Duration,
    pub sent_emails: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            unconfirmed_accounts: Duration::days(30),
            dead_links: Duration::days(7),
            sent_emails: Duration::days(30),
        }
    }
}
