//! What a server process is told: its environment, built the same way for
//! `server import` and for serving, and a free port to listen on.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use super::process::ServerProcess;

/// Everything a server process of this run needs to be told.
pub struct ServerEnv {
    pub bin: PathBuf,
    pub database_url: String,
    pub port: u16,
    pub smtp_port: u16,
    pub site_root: PathBuf,
    pub mail_dir: PathBuf,
    /// Extra `KEY=VALUE` pairs from `--server-env`, applied last.
    pub extra: Vec<(String, String)>,
}

impl ServerEnv {
    pub fn public_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("DATABASE_URL", &self.database_url)
            .env("PUBLIC_URL", self.public_url())
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port))
            .env("LEPTOS_SITE_ROOT", &self.site_root)
            .env("LEPTOS_OUTPUT_NAME", "results-online")
            .env("LEPTOS_ENV", "PROD")
            .env("SMTP_URL", format!("smtp://127.0.0.1:{}", self.smtp_port))
            .env("MAIL_DIR", &self.mail_dir)
            // All load comes from one address: the per-address guessing
            // limit would otherwise end the run within seconds.
            .env("ATTEMPTS_PER_IP_PER_HOUR", "100000000")
            .env("PASSWORD_QUEUE", "64")
            .env("RUST_LOG", "warn");
        cmd.envs(self.extra.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// `server import entries|results <csv>`.
    pub fn import(&self, kind: &str, csv: &Path) -> anyhow::Result<()> {
        let out = self
            .command()
            .arg("import")
            .arg(kind)
            .arg(csv)
            .output()
            .with_context(|| format!("running {} import", self.bin.display()))?;
        if !out.status.success() {
            bail!(
                "import {kind} failed ({}): {}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    }

    /// Starts serving; logs go to `log`. The returned guard stops it.
    pub fn spawn(&self, log: &Path) -> anyhow::Result<ServerProcess> {
        ServerProcess::spawn(self.command(), log)
    }
}

/// A free TCP port on 127.0.0.1 (bound, read, released).
pub fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr().context("free port address")?.port())
}
