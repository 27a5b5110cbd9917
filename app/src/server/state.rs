//! What every service runs on: the database, email, hashing, the gates
//! that bound work at once, and the settings read at start-up.

use std::sync::Arc;

use super::entities::{session, staff_session};
use super::gate::Gate;
use super::session_store::SessionStore;
use super::{Mailer, Outbox, PasswordHasher, clock, outbox, passkeys, release};
use super::{retention, server_key};

/// A staff session ends after 15 idle minutes (a candidate's after 30)…
pub const STAFF_IDLE_MINUTES: i64 = 15;
/// …and after 8 hours whatever happens.
pub const STAFF_SESSION_HOURS: i64 = 8;

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
    pub server_key: server_key::ServerKey,
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
            server_key: server_key::ServerKey::generate(),
            clock: clock::Clock::default(),
        }
    }

    /// The address of `path` on this site, for an email or a file: built
    /// from `PUBLIC_URL`, never from a request's `Host`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// The address of `path` holding a link's `token` (the token is hex).
    pub fn token_link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.public_url)
    }

    /// Candidates' sessions: `session_lifetime` at most, `session_idle_timeout`
    /// without a request; activity written once a minute, not per request.
    pub fn candidate_sessions(&self) -> SessionStore<session::Entity> {
        SessionStore::new(
            self.session_lifetime,
            self.session_idle_timeout,
            chrono::Duration::minutes(1),
        )
    }

    /// Staff sessions: 8 hours at most, 15 idle minutes; activity written a
    /// few times a minute.
    pub fn staff_sessions(&self) -> SessionStore<staff_session::Entity> {
        SessionStore::new(
            chrono::Duration::hours(STAFF_SESSION_HOURS),
            chrono::Duration::minutes(STAFF_IDLE_MINUTES),
            chrono::Duration::seconds(30),
        )
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
    /// Results pages this replica answers at once (see [`release::Policy::max_in_flight`]).
    pub results_pages: Gate,
    /// Statements being drawn: one per core, a few in line (see
    /// [`super::statement::statement`]).
    pub statements: Gate,
    pub settings: Arc<Settings>,
}
