//! How the release moment is handled: the settings it runs by.

use chrono::Duration;

/// How the release is handled; each part a setting (`server --help`).
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// At the release each waiting page waits a random delay up to this
    /// long before asking for its results.
    pub spread: Duration,
    /// A candidate whose results come out within this long stays signed in
    /// while their waiting page is open, however long they leave it alone.
    pub keep_signed_in_within: Duration,
    /// "Your results are available" emails queued per minute, across every
    /// replica: each may bring a login, and logins cost argon2 time.
    pub emails_per_minute: u32,
    /// Results pages one replica answers at once; an ask beyond it is told
    /// to come back after one more spread (503, `Retry-After`), which widens
    /// the window while the server is overloaded.
    pub max_in_flight: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            spread: Duration::seconds(30),
            keep_signed_in_within: Duration::hours(3),
            emails_per_minute: 1800,
            max_in_flight: 64,
        }
    }
}
