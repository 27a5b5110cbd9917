//! The server under test as a child process: started with the environment
//! the brief prescribes, stopped with SIGTERM on every exit path (its guard
//! does it on drop), and watched for memory through /proc.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

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

/// A running server; dropping it sends SIGTERM and waits (SIGKILL after 10 s).
pub struct ServerProcess {
    child: Option<Child>,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts `cmd` with its output going to `log`.
    pub fn spawn(mut cmd: Command, log: &Path) -> anyhow::Result<Self> {
        let file =
            std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let err = file.try_clone().context("duplicating the log handle")?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .with_context(|| format!("starting {:?}", cmd.get_program()))?;
        Ok(Self {
            child: Some(child),
            log: log.to_owned(),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Waits until `/readyz` answers 200, failing early if the process exits.
    pub async fn wait_ready(
        &mut self,
        client: &reqwest::Client,
        base: &str,
        timeout: Duration,
    ) -> anyhow::Result<()> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(child) = self.child.as_mut()
                && let Some(status) = child.try_wait().context("polling the server")?
            {
                bail!(
                    "server exited during start-up ({status}); log:\n{}",
                    self.log_tail()
                );
            }
            if let Ok(r) = client.get(format!("{base}/readyz")).send().await
                && r.status().is_success()
            {
                return Ok(());
            }
            if tokio::time::Instant::now() > deadline {
                bail!(
                    "server not ready after {timeout:?}; log:\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The last lines of the server's log, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(10)..].join("\n")
    }

    /// The log's lines counted by level and source (`WARN sqlx::pool::acquire`),
    /// most frequent first: what the server complained about, and how often.
    pub fn log_summary(&self) -> Vec<(String, usize)> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let mut counts = std::collections::HashMap::<String, usize>::new();
        for line in text.lines() {
            let plain = strip_ansi(line);
            let mut words = plain.split_whitespace();
            // `<timestamp> <LEVEL> <target>: <message>`; anything else is
            // counted whole (a panic message, say) so it is not lost.
            let key = match (words.next(), words.next(), words.next()) {
                (Some(_), Some(level), Some(target)) if target.ends_with(':') => {
                    format!("{level} {}", target.trim_end_matches(':'))
                }
                _ => plain.chars().take(80).collect(),
            };
            *counts.entry(key).or_default() += 1;
        }
        let mut out: Vec<_> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Stops the server now; also done on drop.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let pid = child.id() as libc::pid_t;
        // SAFETY: kill(2) with a pid we spawned and still own (not yet reaped).
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        for _ in 0..100 {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!("warning: server {pid} ignored SIGTERM for 10 s; killing it");
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A field of /proc/<pid>/status in KiB (`VmRSS`, `VmHWM`).
pub fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    text.lines().find_map(|l| {
        l.strip_prefix(field)?
            .strip_prefix(':')?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    })
}

/// Samples VmRSS every 100 ms and keeps the highest value seen, in KiB.
/// Sampling stops when the sampler is dropped.
pub struct RssSampler {
    peak_kib: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl RssSampler {
    pub fn start(pid: u32) -> Self {
        let (peak_kib, stop) = (
            Arc::new(AtomicU64::new(0)),
            Arc::new(AtomicBool::new(false)),
        );
        let (peak, stopped) = (peak_kib.clone(), stop.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            while !stopped.load(Ordering::Relaxed) {
                tick.tick().await;
                if let Some(kib) = proc_status_kib(pid, "VmRSS") {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
            }
        });
        Self { peak_kib, stop }
    }

    /// Starts a new window: the next peak is measured from now.
    pub fn reset(&self) {
        self.peak_kib.store(0, Ordering::Relaxed);
    }

    pub fn peak_kib(&self) -> u64 {
        self.peak_kib.load(Ordering::Relaxed)
    }
}

impl Drop for RssSampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A free TCP port on 127.0.0.1 (bound, read, released).
pub fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr().context("free port address")?.port())
}

/// The text of a log line without its colour codes (`ESC [ … m`).
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
