//! Where the server keeps its data: the backend, and for PostgreSQL a
//! database made for the run and dropped after it.

use std::process::Command;

use anyhow::{Context, bail};

/// Where the server keeps its data for one run.
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// A PostgreSQL database made for this run and dropped (forcibly, in case a
/// server connection lingers) when the guard goes.
pub struct PgDatabase {
    pub name: String,
}

fn psql(sql: &str) -> anyhow::Result<()> {
    let out = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            sql,
        ])
        .output()
        .context("running psql (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "psql {sql:?} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

impl PgDatabase {
    pub fn create() -> anyhow::Result<Self> {
        // Time and pid make the name unique enough among concurrent runs
        // without pulling in a random-number crate.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!("loadtest_{}_{:08x}", std::process::id(), nanos);
        psql(&format!("CREATE DATABASE {name}"))
            .context("creating the PostgreSQL database (is it up on 127.0.0.1:5432?)")?;
        Ok(Self { name })
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:5432/{}", self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Err(e) = psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )) {
            eprintln!("warning: could not drop database {}: {e:#}", self.name);
        }
    }
}
