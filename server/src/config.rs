//! Configuration from environment variables, with defaults that let a fresh
//! checkout run with no services at all.

use std::path::PathBuf;

use anyhow::Context;
use app::server::db::Pool;
use app::server::outbox::Policy;
use app::server::{Mailer, Settings};

/// The embedded default: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://results-online.db?mode=rwc";
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:3000";
const DEFAULT_MAIL_FROM: &str = "Results Online <no-reply@results-online.localhost>";

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// True when `DATABASE_URL` was not set: demo data is loaded into an empty database.
    pub embedded_default: bool,
    /// `PUBLIC_URL`: the address candidates use; links in emails are built from it.
    pub public_url: String,
    /// `SMTP_URL`, e.g. `smtp://127.0.0.1:1025`; when unset, mail goes to `MAIL_DIR`.
    pub smtp_url: Option<String>,
    /// `MAIL_DIR` (default `mail`): where the file transport writes messages.
    pub mail_dir: PathBuf,
    /// `MAIL_FROM`: the sender of every email.
    pub mail_from: String,
    /// `ATTEMPTS_PER_IP_PER_HOUR` (default 30): failed Secret Numbers, and
    /// separately failed passwords, one client address may send in an hour.
    pub attempts_per_ip_per_hour: usize,
    /// `TRUSTED_PROXY_HEADER`, e.g. `X-Forwarded-For`: set it only behind a
    /// proxy that writes it, or clients could pick their own address.
    pub trusted_proxy_header: Option<String>,
    /// `SESSION_IDLE_MINUTES` (default 30): a session ends after this long
    /// without a request; the page warns two minutes before.
    pub session_idle_minutes: i64,
    /// `PASSWORD_QUEUE` (default 64): password checks that may wait for a
    /// core; beyond that, 503 with `Retry-After` instead of a growing queue.
    pub password_queue: usize,
    /// `OUTBOX_MAX_ATTEMPTS` (default 12), `OUTBOX_RETRY_SECONDS` (default
    /// 10, doubling after each failure up to an hour), `OUTBOX_POLL_MS`
    /// (default 1000): how queued email is sent and retried.
    pub outbox: Policy,
    /// `DB_MAX_CONNECTIONS` (default 10 on PostgreSQL, 4 on SQLite),
    /// `DB_MIN_CONNECTIONS` (1), `DB_CONNECT_TIMEOUT_MS` (5000),
    /// `DB_ACQUIRE_TIMEOUT_MS` (5000), `DB_STATEMENT_TIMEOUT_MS` (5000,
    /// PostgreSQL only; 0 for none): this replica's connection pool.
    pub pool: Pool,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn millis(name: &str) -> Option<std::time::Duration> {
    var(name).and_then(|v| v.parse().ok()).map(std::time::Duration::from_millis)
}

fn pool() -> Pool {
    let defaults = Pool::default();
    Pool {
        max_connections: var("DB_MAX_CONNECTIONS").and_then(|v| v.parse().ok()).filter(|n| *n > 0),
        min_connections: var("DB_MIN_CONNECTIONS").and_then(|v| v.parse().ok()).unwrap_or(defaults.min_connections),
        connect_timeout: millis("DB_CONNECT_TIMEOUT_MS").unwrap_or(defaults.connect_timeout),
        acquire_timeout: millis("DB_ACQUIRE_TIMEOUT_MS").unwrap_or(defaults.acquire_timeout),
        statement_timeout: match millis("DB_STATEMENT_TIMEOUT_MS") {
            Some(d) if d.is_zero() => None,
            Some(d) => Some(d),
            None => defaults.statement_timeout,
        },
    }
}

fn outbox_policy() -> Policy {
    let defaults = Policy::default();
    Policy {
        max_attempts: var("OUTBOX_MAX_ATTEMPTS").and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(defaults.max_attempts),
        retry_base: var("OUTBOX_RETRY_SECONDS").and_then(|v| v.parse().ok()).map_or(defaults.retry_base, chrono::Duration::seconds),
        poll_interval: var("OUTBOX_POLL_MS").and_then(|v| v.parse().ok()).map_or(defaults.poll_interval, std::time::Duration::from_millis),
        ..defaults
    }
}

impl Config {
    pub fn from_env() -> Self {
        let database_url = var("DATABASE_URL");
        Self {
            embedded_default: database_url.is_none(),
            database_url: database_url.unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            public_url: var("PUBLIC_URL").unwrap_or_else(|| DEFAULT_PUBLIC_URL.to_owned()),
            smtp_url: var("SMTP_URL"),
            mail_dir: var("MAIL_DIR").map_or_else(|| PathBuf::from("mail"), PathBuf::from),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
            attempts_per_ip_per_hour: var("ATTEMPTS_PER_IP_PER_HOUR").and_then(|v| v.parse().ok()).unwrap_or(30),
            trusted_proxy_header: var("TRUSTED_PROXY_HEADER"),
            session_idle_minutes: var("SESSION_IDLE_MINUTES").and_then(|v| v.parse().ok()).filter(|m| *m > 2).unwrap_or(30),
            password_queue: var("PASSWORD_QUEUE").and_then(|v| v.parse().ok()).unwrap_or(64),
            outbox: outbox_policy(),
            pool: pool(),
        }
    }

    pub fn settings(&self) -> Settings {
        Settings {
            attempts_per_ip_per_hour: self.attempts_per_ip_per_hour,
            trusted_proxy_header: self.trusted_proxy_header.clone(),
            session_idle_timeout: chrono::Duration::minutes(self.session_idle_minutes),
            outbox: self.outbox.clone(),
            ..Settings::new(self.public_url.clone())
        }
    }

    /// # Errors
    /// When the SMTP URL or sender is invalid, or the mail folder cannot be made.
    pub fn mailer(&self) -> anyhow::Result<Mailer> {
        match &self.smtp_url {
            Some(url) => Mailer::smtp(url, &self.mail_from).context("configuring SMTP"),
            None => Mailer::file(self.mail_dir.clone(), &self.mail_from).context("configuring the mail folder"),
        }
    }
}
