//! The settings as flags and environment variables (clap): each checked
//! before anything starts, with the variable, the value and what is accepted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use app::server::db::Pool;
use app::server::outbox::Policy;
use app::server::release::Policy as ReleasePolicy;
use app::server::retention::Retention;
use app::server::server_key::ServerKey;

use super::settings::Config;
use crate::serve::Limits;

/// The embedded default: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://results-online.db?mode=rwc";

pub const DEFAULT_PUBLIC_URL: &str = "http://localhost:3000";

const DEFAULT_MAIL_FROM: &str = "Results Online <no-reply@results-online.localhost>";

/// Every setting, read from its environment variable (or the flag of the
/// same name) and checked before anything starts: a value that does not
/// parse stops the program with a message naming the variable, the value
/// and what is accepted, instead of quietly becoming the default.
#[derive(clap::Args, Debug, Clone)]
#[command(
    next_help_heading = "Settings (each flag can also be given as the environment variable shown)"
)]
pub struct ConfigArgs {
    /// The address this replica listens on.
    #[arg(
        long,
        env = "LEPTOS_SITE_ADDR",
        value_name = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    site_addr: SocketAddr,
    /// `sqlite://…` or `postgres://user:pass@host/db`; unset: a SQLite file here, with demo data.
    #[arg(long, env = "DATABASE_URL", value_name = "DATABASE_URL", hide_env_values = true, value_parser = database_url)]
    database_url: Option<String>,
    /// The address candidates use; links in emails are built from it.
    #[arg(long, env = "PUBLIC_URL", value_name = "PUBLIC_URL", default_value = DEFAULT_PUBLIC_URL, value_parser = public_url)]
    public_url: String,
    /// e.g. `smtp://127.0.0.1:1025`; unset: emails are written to MAIL_DIR.
    #[arg(long, env = "SMTP_URL", value_name = "SMTP_URL", hide_env_values = true, value_parser = smtp_url)]
    smtp_url: Option<String>,
    /// Folder for emails when SMTP_URL is unset.
    #[arg(
        long,
        env = "MAIL_DIR",
        value_name = "MAIL_DIR",
        default_value = "mail"
    )]
    mail_dir: PathBuf,
    /// Sender of every email.
    #[arg(long, env = "MAIL_FROM", value_name = "MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    mail_from: String,
    /// Failed Secret Numbers, and separately failed passwords, one client address may send in an hour.
    #[arg(long, env = "ATTEMPTS_PER_IP_PER_HOUR", value_name = "ATTEMPTS_PER_IP_PER_HOUR", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    attempts_per_ip_per_hour: u32,
    /// e.g. `X-Forwarded-For`: take the client address from this header. Only behind a proxy that writes it.
    #[arg(long, env = "TRUSTED_PROXY_HEADER", value_name = "TRUSTED_PROXY_HEADER", value_parser = header_name)]
    trusted_proxy_header: Option<String>,
    /// Minutes without a request after which a session ends (the page warns two minutes before).
    #[arg(long, env = "SESSION_IDLE_MINUTES", value_name = "SESSION_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(i64).range(3..=720))]
    session_idle_minutes: i64,
    /// Password checks that may wait for a core; beyond that, 503 with Retry-After.
    #[arg(long, env = "PASSWORD_QUEUE", value_name = "PASSWORD_QUEUE", default_value_t = 64, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    password_queue: u32,
    /// Tries before a queued email is marked failed.
    #[arg(long, env = "OUTBOX_MAX_ATTEMPTS", value_name = "OUTBOX_MAX_ATTEMPTS", default_value_t = 12, value_parser = clap::value_parser!(i32).range(1..=1000))]
    outbox_max_attempts: i32,
    /// Seconds to wait after an email's first failed try (doubling after each further one, up to an hour).
    #[arg(long, env = "OUTBOX_RETRY_SECONDS", value_name = "OUTBOX_RETRY_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(i64).range(1..=3600))]
    outbox_retry_seconds: i64,
    /// How often, in milliseconds, an idle email worker looks for mail queued by another replica.
    #[arg(long, env = "OUTBOX_POLL_MS", value_name = "OUTBOX_POLL_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..=3_600_000))]
    outbox_poll_ms: u64,
    /// This replica's connection pool at most (default 10 on PostgreSQL, 4 on SQLite).
    #[arg(long, env = "DB_MAX_CONNECTIONS", value_name = "DB_MAX_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    db_max_connections: Option<u32>,
    /// Connections kept open while idle.
    #[arg(long, env = "DB_MIN_CONNECTIONS", value_name = "DB_MIN_CONNECTIONS", default_value_t = 1, value_parser = clap::value_parser!(u32).range(0..=10_000))]
    db_min_connections: u32,
    /// Milliseconds before giving up on reaching the database.
    #[arg(long, env = "DB_CONNECT_TIMEOUT_MS", value_name = "DB_CONNECT_TIMEOUT_MS", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    db_connect_timeout_ms: u64,
    /// Milliseconds before giving up on a free connection.
    #[arg(long, env = "DB_ACQUIRE_TIMEOUT_MS", value_name = "DB_ACQUIRE_TIMEOUT_MS", default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    db_acquire_timeout_ms: u64,
    /// Milliseconds after which PostgreSQL cancels a statement (0: no limit).
    #[arg(
        long,
        env = "DB_STATEMENT_TIMEOUT_MS",
        value_name = "DB_STATEMENT_TIMEOUT_MS",
        default_value_t = 5000
    )]
    db_statement_timeout_ms: u64,
    /// Seconds a client has to send a request's headers, on a new connection or an idle kept-alive one.
    #[arg(long, env = "HTTP_HEADER_TIMEOUT_SECONDS", value_name = "HTTP_HEADER_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    http_header_timeout_seconds: u64,
    /// Seconds within which a request, body included, must be answered (408 otherwise).
    #[arg(long, env = "HTTP_REQUEST_TIMEOUT_SECONDS", value_name = "HTTP_REQUEST_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    http_request_timeout_seconds: u64,
    /// Connections this replica serves at once; more wait until one closes. Keep it under the open-file limit (`ulimit -n`).
    #[arg(long, env = "MAX_CONNECTIONS", value_name = "MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_connections: u32,
    /// Days after which an account whose address was never confirmed is deleted.
    #[arg(long, env = "UNCONFIRMED_ACCOUNT_DAYS", value_name = "UNCONFIRMED_ACCOUNT_DAYS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=3650))]
    unconfirmed_account_days: i64,
    /// Days a link from an email is kept once it stopped working (to say why when followed).
    #[arg(long, env = "DEAD_LINK_DAYS", value_name = "DEAD_LINK_DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..=3650))]
    dead_link_days: i64,
    /// Days the record of a sent email (recipient, subject, times) is kept.
    #[arg(long, env = "SENT_EMAIL_DAYS", value_name = "SENT_EMAIL_DAYS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=3650))]
    sent_email_days: i64,
    /// Seconds over which pages waiting for a release spread their first ask (each waits a random part of it).
    #[arg(long, env = "RELEASE_SPREAD_SECONDS", value_name = "RELEASE_SPREAD_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(i64).range(0..=3600))]
    release_spread_seconds: i64,
    /// Hours before a release within which a candidate with the waiting page open stays signed in, however idle.
    #[arg(long, env = "RELEASE_KEEP_SIGNED_IN_HOURS", value_name = "RELEASE_KEEP_SIGNED_IN_HOURS", default_value_t = 3, value_parser = clap::value_parser!(i64).range(0..=12))]
    release_keep_signed_in_hours: i64,
    /// "Your results are available" emails queued per minute, across all replicas (keep it under the login capacity).
    #[arg(long, env = "RESULTS_EMAILS_PER_MINUTE", value_name = "RESULTS_EMAILS_PER_MINUTE", default_value_t = 1800, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    results_emails_per_minute: u32,
    /// Results pages one replica answers at once; more are told to come back after one more release spread (503).
    #[arg(long, env = "RESULTS_MAX_IN_FLIGHT", value_name = "RESULTS_MAX_IN_FLIGHT", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    results_max_in_flight: u32,
    /// The server's secret: share codes and staff recovery codes are stored under it (HMAC), staff authenticator apps encrypted under it. At least 32 characters, e.g. `openssl rand -hex 32`; back it up with the database. Required when PUBLIC_URL is https; unset otherwise, each run makes its own and codes stop working at restart.
    #[arg(long, env = "SERVER_KEY", value_name = "SERVER_KEY", hide_env_values = true, value_parser = server_key)]
    server_key: Option<ServerKey>,
    /// The earlier name of SERVER_KEY, still read when SERVER_KEY is unset.
    #[arg(long, env = "SHARE_CODE_KEY", value_name = "SHARE_CODE_KEY", hide = true, hide_env_values = true, value_parser = server_key)]
    share_code_key: Option<ServerKey>,
}

fn server_key(value: &str) -> Result<ServerKey, String> {
    ServerKey::from_setting(value)
}

fn database_url(value: &str) -> Result<String, String> {
    if value.starts_with("sqlite:")
        || value.starts_with("postgres://")
        || value.starts_with("postgresql://")
    {
        Ok(value.to_owned())
    } else {
        Err("expected sqlite://… or postgres://…".to_owned())
    }
}

fn smtp_url(value: &str) -> Result<String, String> {
    if value.starts_with("smtp://") || value.starts_with("smtps://") {
        Ok(value.to_owned())
    } else {
        Err("expected smtp://host:port or smtps://user:pass@host".to_owned())
    }
}

fn public_url(value: &str) -> Result<String, String> {
    match url::Url::parse(value) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
            Ok(value.trim_end_matches('/').to_owned())
        }
        _ => Err("expected the site's address, e.g. https://results.example.org".to_owned()),
    }
}

fn header_name(value: &str) -> Result<String, String> {
    axum::http::HeaderName::from_bytes(value.as_bytes())
        .map(|_| value.to_owned())
        .map_err(|_| "expected a header name, e.g. X-Forwarded-For".to_owned())
}

impl From<ConfigArgs> for Config {
    fn from(args: ConfigArgs) -> Self {
        let defaults = Policy::default();
        Self {
            site_addr: args.site_addr,
            embedded_default: args.database_url.is_none(),
            database_url: args
                .database_url
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            public_url: args.public_url,
            smtp_url: args.smtp_url,
            mail_dir: args.mail_dir,
            mail_from: args.mail_from,
            attempts_per_ip_per_hour: args.attempts_per_ip_per_hour as usize,
            trusted_proxy_header: args.trusted_proxy_header,
            session_idle_minutes: args.session_idle_minutes,
            password_queue: args.password_queue as usize,
            outbox: Policy {
                max_attempts: args.outbox_max_attempts,
                retry_base: chrono::Duration::seconds(args.outbox_retry_seconds),
                poll_interval: Duration::from_millis(args.outbox_poll_ms),
                ..defaults
            },
            pool: Pool {
                max_connections: args.db_max_connections,
                min_connections: args.db_min_connections,
                connect_timeout: Duration::from_millis(args.db_connect_timeout_ms),
                acquire_timeout: Duration::from_millis(args.db_acquire_timeout_ms),
                statement_timeout: (args.db_statement_timeout_ms > 0)
                    .then(|| Duration::from_millis(args.db_statement_timeout_ms)),
            },
            http: Limits {
                header_timeout: Duration::from_secs(args.http_header_timeout_seconds),
                request_timeout: Duration::from_secs(args.http_request_timeout_seconds),
                max_connections: args.max_connections as usize,
            },
            retention: Retention {
                unconfirmed_accounts: chrono::Duration::days(args.unconfirmed_account_days),
                dead_links: chrono::Duration::days(args.dead_link_days),
                sent_emails: chrono::Duration::days(args.sent_email_days),
            },
            release: ReleasePolicy {
                spread: chrono::Duration::seconds(args.release_spread_seconds),
                keep_signed_in_within: chrono::Duration::hours(args.release_keep_signed_in_hours),
                emails_per_minute: args.results_emails_per_minute,
                max_in_flight: args.results_max_in_flight as usize,
            },
            server_key_generated: args.server_key.is_none() && args.share_code_key.is_none(),
            server_key: args
                .server_key
                .or(args.share_code_key)
                .unwrap_or_else(ServerKey::generate),
        }
    }
}
