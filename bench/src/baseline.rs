//! The yardstick for page views: a bare axum handler returning a small
//! static HTML page, run as its own process (this binary re-executed) so it
//! competes with the load generator for the cores exactly as the server does.

use std::path::Path;
use std::process::Command;

use anyhow::Context;
use axum::Router;
use axum::response::Html;
use axum::routing::get;

use crate::server::ServerProcess;

pub const PAGE_LEN: usize = PAGE.len();

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Results</title></head>\
<body><main><h1>Your results</h1><p>B2 First: 176, grade B</p></main></body></html>";

/// Serves `/` (and `/readyz` so start-up is awaited like the real server).
pub async fn serve(port: u16) -> anyhow::Result<()> {
    let app = Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route("/readyz", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("binding baseline port {port}"))?;
    axum::serve(listener, app)
        .await
        .context("serving the baseline")
}

/// Starts `loadtest --baseline-serve <port>` as a child process.
pub fn spawn(port: u16, log: &Path) -> anyhow::Result<ServerProcess> {
    let exe = std::env::current_exe().context("locating the loadtest binary")?;
    let mut cmd = Command::new(exe);
    cmd.arg("--baseline-serve").arg(port.to_string());
    ServerProcess::spawn(cmd, log)
}
