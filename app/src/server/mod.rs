//! Server-only services: database, password hashing, email, sessions, import.
//! Compiled only with the `ssr` feature, so none of it reaches the WASM.

pub mod account_settings;
pub mod accounts;
pub mod caller;
pub mod centres;
pub mod clock;
pub mod db;
pub mod entities;
pub mod error;
pub mod import;
pub mod in_flight;
pub mod links;
pub mod mailer;
pub mod outbox;
pub mod passkeys;
pub mod password;
pub mod privacy;
pub mod recovery;
pub mod release;
pub mod results;
pub mod retention;
pub mod sessions;
pub mod share_codes;
pub mod sign_in_links;
pub mod staff;
pub mod statement;
pub mod texts;
pub mod throttle;
pub mod tokens;
pub mod verification;

use std::sync::Arc;

pub use caller::Caller;
pub use error::{ServiceError, ServiceResult};
pub use mailer::Mailer;
pub use outbox::Outbox;
pub use password::PasswordHasher;

/// Settings the services need at request time.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where candidates reach the site, e.g. `https://results.example.org`.
    /// Links in emails are built from this, never from the request's Host.
    pub public_url: String,
    /// A session ends this long after it was created, whatever happens.
    pub session_lifetime: chrono::Duration,
    /// A session ends after this long without a request.
    pub session_idle_timeout: chrono::Duration,
    pub confirmation_token_lifetime: chrono::Duration,
    pub reset_token_lifetime: chrono::Duration,
    pub email_change_token_lifetime: chrono::Duration,
    pub sign_in_token_lifetime: chrono::Duration,
    /// Failed Secret Numbers (and, separately, passwords) one client address
    /// may send in an hour.
    pub attempts_per_ip_per_hour: usize,
    /// The header a trusted reverse proxy puts the client address in (e.g.
    /// `X-Forwarded-For`); unset, the connection's own address is used.
    pub trusted_proxy_header: Option<String>,
    /// How queued email is sent and retried.
    pub outbox: outbox::Policy,
    /// How long records are kept once no longer in use.
    pub retention: retention::Retention,
    /// How pages waiting for a release ask, and how candidates are told.
    pub release: release::Policy,
    /// The key share codes and checkers' addresses are hashed with.
    pub share_key: share_codes::ShareKey,
    /// This site as a WebAuthn relying party, from `public_url`; none when
    /// its host is an IP address, which browsers refuse passkeys for.
    pub passkeys: Option<passkeys::RelyingParty>,
    pub clock: clock::Clock,
}

impl Settings {
    pub fn new(public_url: impl Into<String>) -> Self {
        let public_url = public_url.into().trim_end_matches('/').to_owned();
        Self {
            passkeys: passkeys::RelyingParty::for_site(&public_url).ok(),
            public_url,
            session_lifetime: chrono::Duration::hours(12),
            session_idle_timeout: chrono::Duration::minutes(30),
            confirmation_token_lifetime: chrono::Duration::hours(48),
            reset_token_lifetime: chrono::Duration::hours(1),
            email_change_token_lifetime: chrono::Duration::hours(24),
            sign_in_token_lifetime: chrono::Duration::minutes(15),
            attempts_per_ip_per_hour: 30,
            trusted_proxy_header: None,
            outbox: outbox::Policy::default(),
            retention: retention::Retention::default(),
            release: release::Policy::default(),
            share_key: share_codes::ShareKey::generate(),
            clock: clock::Clock::default(),
        }
    }

    /// Cookies are `Secure` whenever the public site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Runs `work` after the answer has gone, logging its failure with `what`:
/// for work whose timing must not show in the response (queuing emails that
/// go only when an account exists).
pub fn spawn_logged(
    what: &'static str,
    work: impl Future<Output = anyhow::Result<()>> + Send + 'static,
) {
    tokio::spawn(async move {
        if let Err(error) = work.await {
            tracing::error!(error = ?error, "{what} failed");
        }
    });
}

/// Everything a service needs: the database, email, hashing and settings.
#[derive(Clone)]
pub struct AppState {
    pub db: sea_orm::DatabaseConnection,
    pub mailer: Mailer,
    /// Wakes this replica's email worker.
    pub outbox: Outbox,
    pub hasher: PasswordHasher,
    /// Results pages this replica is answering now (see [`release::Policy::max_in_flight`]).
    pub results_in_flight: in_flight::InFlight,
    /// Statements being drawn at once: one per core (see [`statement::statement`]).
    pub statements: Arc<tokio::sync::Semaphore>,
    pub settings: Arc<Settings>,
}
