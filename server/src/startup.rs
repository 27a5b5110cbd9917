//! Builds the axum application and runs it.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::server::gate::Gate;
use app::server::outbox::worker::Worker;
use app::server::{AppState, Outbox, PasswordHasher};
use axum::Router;
use leptos::prelude::*;

use crate::config::Config;

pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
    limits: crate::serve::Limits,
    pub state: AppState,
}

/// Leptos options from cargo-leptos' environment, or defaults when the
/// binary runs on its own (tests, a plain `cargo run`), with `addr`, the
/// address actually bound (`LEPTOS_SITE_ADDR` is read with the other settings).
pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let under_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some();
    let configured = under_cargo_leptos
        .then(|| get_configuration(None).ok())
        .flatten()
        .map(|c| c.leptos_options);
    let mut options = configured.unwrap_or_else(|| {
        LeptosOptions::builder()
            .output_name("results-online")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .build()
    });
    options.site_addr = addr;
    // A release build names its files by their content and writes the names
    // beside the binary: use them when they are there, whatever the
    // environment says, so that the binary run as it is serves them.
    if hash_file_beside_binary(&options).is_some() {
        options.hash_files = true;
    }
    options
}

fn hash_file_beside_binary(options: &LeptosOptions) -> Option<std::path::PathBuf> {
    let file = std::env::current_exe()
        .ok()?
        .parent()?
        .join(options.hash_file.as_ref());
    file.is_file().then_some(file)
}

/// Statements that may wait for a core; beyond, a download is asked to
/// come back in a moment (a burst this size is hundreds a second).
const STATEMENTS_WAITING: usize = 256;

/// What the services run on for `config`: the database (migrated), the
/// mailer, the password hasher and the settings. Tests of the services
/// start here, without HTTP.
///
/// # Errors
/// When the database or the mailer cannot be set up.
pub async fn app_state(config: &Config) -> anyhow::Result<AppState> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    Ok(AppState {
        db: app::server::db::connect_and_migrate(&config.database_url, &config.pool).await?,
        mailer: config.mailer()?,
        outbox: Outbox::default(),
        hasher: PasswordHasher::new(config.password_queue).await?,
        results_pages: Gate::new(config.release.max_in_flight, 0),
        statements: Gate::new(cores, STATEMENTS_WAITING),
        settings: Arc::new(config.settings()),
    })
}

impl Application {
    /// Connects to the database (running migrations), binds `addr` (port 0
    /// for any free port) and assembles the routes.
    ///
    /// # Errors
    /// When the database, mailer or listener cannot be set up.
    pub async fn build(config: &Config, addr: SocketAddr) -> anyhow::Result<Self> {
        config.check_server_key()?;
        config.note_passkeys();
        let state = app_state(config).await?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let options = leptos_options(listener.local_addr().context("local address")?);
        let router = crate::router::router(state.clone(), options, config.http.request_timeout);
        Ok(Self {
            listener,
            router,
            limits: config.http,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Serves, and sends queued email, until Ctrl-C or SIGTERM.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves, and sends queued email, until `stop` completes; then stops
    /// accepting connections, lets in-flight requests finish and the email
    /// worker finish the message in hand, and returns.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(address = %self.listener.local_addr().context("local address")?, "listening");
        let (stopping, stop_worker) = tokio::sync::watch::channel(false);
        let worker = Worker {
            db: self.state.db.clone(),
            mailer: self.state.mailer.clone(),
            outbox: self.state.outbox.clone(),
            settings: Arc::clone(&self.state.settings),
        };
        let worker = tokio::spawn(worker.run(stop_worker));
        crate::serve::serve(self.listener, self.router, self.limits, async move {
            stop.await;
            let _ = stopping.send(true);
        })
        .await;
        worker.await.context("email worker")?;
        tracing::info!("stopped");
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
