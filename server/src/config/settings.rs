//! The configuration a server runs with, and the settings it gives the
//! services.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use app::server::db::Pool;
use app::server::outbox::Policy;
use app::server::release::Policy as ReleasePolicy;
use app::server::retention::Retention;
use app::server::server_key::ServerKey;
use app::server::{Mailer, Settings};

use crate::serve::Limits;

/// The settings, checked and resolved: what start-up and the tests use.
/// [`ConfigArgs`] reads them, with each one's variable, default and range.
#[derive(Debug, Clone)]
pub struct Config {
    pub site_addr: SocketAddr,
    pub database_url: String,
    /// True when `DATABASE_URL` was not set: demo data is loaded into an empty database.
    pub embedded_default: bool,
    pub public_url: String,
    /// When unset, mail goes to `mail_dir`.
    pub smtp_url: Option<String>,
    pub mail_dir: PathBuf,
    pub mail_from: String,
    pub attempts_per_ip_per_hour: usize,
    pub trusted_proxy_header: Option<String>,
    pub session_idle_minutes: i64,
    pub password_queue: usize,
    pub outbox: Policy,
    pub pool: Pool,
    pub http: Limits,
    pub retention: Retention,
    pub release: ReleasePolicy,
    /// The server's secret (`SERVER_KEY`).
    pub server_key: ServerKey,
    /// True when `SERVER_KEY` was not set and this run made its own key.
    pub server_key_generated: bool,
}

impl Config {
    pub fn settings(&self) -> Settings {
        Settings {
            attempts_per_ip_per_hour: self.attempts_per_ip_per_hour,
            trusted_proxy_header: self.trusted_proxy_header.clone(),
            session_idle_timeout: chrono::Duration::minutes(self.session_idle_minutes),
            outbox: self.outbox.clone(),
            retention: self.retention,
            release: self.release,
            server_key: self.server_key.clone(),
            ..Settings::new(self.public_url.clone())
        }
    }

    /// A site served over https is a production one: its share codes must
    /// outlive a restart and work on every replica, so it needs its own key.
    /// Anywhere else a key made for this run will do, and the log says so.
    ///
    /// # Errors
    /// When `PUBLIC_URL` is https and `SERVER_KEY` is not set.
    pub fn check_server_key(&self) -> anyhow::Result<()> {
        if !self.server_key_generated {
            return Ok(());
        }
        anyhow::ensure!(
            !self.public_url.starts_with("https://"),
            "SERVER_KEY is not set: a site served over https needs its own key (at least 32 characters, e.g. `openssl rand -hex 32`), the same on every replica"
        );
        tracing::warn!(
            "SERVER_KEY is not set: using a development key made for this run; share codes and staff authenticator apps added now stop working when the server restarts"
        );
        Ok(())
    }

    /// Says in the log when this site cannot offer passkeys: browsers accept
    /// them only for a domain name, so a `PUBLIC_URL` of `http://127.0.0.1`
    /// hides the passkey buttons (everything else works).
    pub fn note_passkeys(&self) {
        if let Err(why) = app::server::passkeys::RelyingParty::for_site(&self.public_url) {
            tracing::warn!("passkeys are off: {why:#}");
        }
    }

    /// # Errors
    /// When the SMTP URL or sender is invalid, or the mail folder cannot be made.
    pub fn mailer(&self) -> anyhow::Result<Mailer> {
        match &self.smtp_url {
            Some(url) => Mailer::smtp(url, &self.mail_from).context("configuring SMTP"),
            None => Mailer::file(self.mail_dir.clone(), &self.mail_from)
                .context("configuring the mail folder"),
        }
    }
}
