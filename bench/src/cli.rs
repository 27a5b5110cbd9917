//! The command line: which backends, which server binary, where the report
//! goes, and the hidden sub-modes the harness starts its yardsticks with.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Which {
    Sqlite,
    Postgres,
    Both,
}

/// Black-box load test of the Results Online server; writes bench/REPORT.md.
#[derive(Parser)]
#[command(about)]
pub(crate) struct Cli {
    /// Every phase for a second or two: checks the harness and the server
    /// still work (exits non-zero on any failed phase); report to stdout.
    #[arg(long, env = "BENCH_SMOKE")]
    pub(crate) smoke: bool,
    /// Which database backend(s) to run against.
    #[arg(long, value_enum, default_value = "both")]
    pub(crate) backend: Which,
    /// The server binary (default: <workspace>/target/release/server, the release build).
    #[arg(long, env = "SERVER_BIN")]
    pub(crate) server_bin: Option<PathBuf>,
    /// Where to write the report (default: bench/REPORT.md, or a temp file in smoke mode).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Extra environment for the server, e.g. `--server-env PASSWORD_QUEUE=16`
    /// or `--server-env MALLOC_ARENA_MAX=2` (repeatable; for experiments).
    #[arg(long, value_parser = parse_pair)]
    pub(crate) server_env: Vec<(String, String)>,
    /// Internal: serve the bare axum baseline on this port.
    #[arg(long, hide = true)]
    pub(crate) baseline_serve: Option<u16>,
    /// Internal: serve the same-work yardstick on this port (database from `SAME_WORK_DATABASE_URL`).
    #[arg(long, hide = true)]
    pub(crate) same_work_serve: Option<u16>,
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("expected KEY=VALUE, got {s:?}"))
}
