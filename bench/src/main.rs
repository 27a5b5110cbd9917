//! Load test of the release server: see bench/README.md. Orchestration
//! only; each concern lives in its own module.

mod argon;
mod baseline;
mod cli;
mod herd;
mod http;
mod load;
mod machine;
mod report;
mod report_herd;
mod run;
mod same_work;
mod server;
mod smtp;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Parser;

use crate::cli::{Cli, Which};
use crate::http::Site;
use crate::report::Yardsticks;
use crate::run::{Profile, best};
use crate::server::{Backend, free_port};

fn workspace() -> PathBuf {
    // bench/ sits directly in the workspace root.
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .map_or(manifest.clone(), std::path::Path::to_path_buf)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let child = match (cli.baseline_serve, cli.same_work_serve) {
        (Some(port), _) => Some(runtime.block_on(baseline::serve(port))),
        (None, Some(port)) => Some(runtime.block_on(same_work::serve(
            port,
            &std::env::var("SAME_WORK_DATABASE_URL").unwrap_or_default(),
        ))),
        (None, None) => None,
    };
    if let Some(served) = child {
        return match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        };
    }
    // On Ctrl-C or SIGTERM the run's future is dropped, and with it every
    // guard: the servers get SIGTERM, the database is dropped, temp dirs removed.
    let outcome = runtime.block_on(async {
        tokio::select! {
            r = bench(&cli) => r,
            () = interrupted() => Err(anyhow::anyhow!("interrupted")),
        }
    });
    // Outstanding request tasks must not hold the process open.
    runtime.shutdown_timeout(Duration::from_secs(1));
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn interrupted() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            // Without a SIGTERM handler, Ctrl-C still cleans up.
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {},
        () = terminate => {},
    }
}

/// How many times the servers' logs say a thread panicked.
fn server_panics(results: &[run::BackendResult]) -> usize {
    results
        .iter()
        .flat_map(|r| &r.log_summary)
        .filter(|(line, _)| line.contains("panicked at"))
        .map(|(_, n)| n)
        .sum()
}

/// The whole run; `Ok(false)` when the server panicked, or smoke mode
/// found a broken phase.
async fn bench(cli: &Cli) -> anyhow::Result<bool> {
    let root = workspace();
    let server_bin = cli
        .server_bin
        .clone()
        .unwrap_or_else(|| root.join("target/release/server"));
    anyhow::ensure!(
        server_bin.is_file(),
        "no server binary at {} (build it with `cargo build --release -p server`, or set SERVER_BIN)",
        server_bin.display()
    );
    let site_root = root.join("target/site");
    let machine = machine::describe();
    let load_before = machine::load_average();
    eprintln!("load average before the run: {load_before}");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let profile = if cli.smoke {
        Profile::smoke(cores)
    } else {
        Profile::full(cores)
    };

    let yardsticks = {
        let dir = tempfile::Builder::new()
            .prefix("loadtest-baseline-")
            .tempdir()
            .context("making a temp dir")?;
        let port = free_port()?;
        let mut process = baseline::spawn(port, &dir.path().join("baseline.log"))?;
        let site = Site {
            base: format!("http://127.0.0.1:{port}"),
            client: http::client()?,
        };
        process
            .wait_ready(&site.client, &site.base, Duration::from_secs(10))
            .await?;
        let page = {
            let s = site.clone();
            run::request_fn(move |_| {
                let s = s.clone();
                async move { s.get("/").await }
            })
        };
        let mut sweep = Vec::new();
        for &c in &profile.page_concurrency {
            eprintln!(
                "bare axum, closed loop, {c} in flight, {}s",
                profile.page_secs
            );
            sweep.push((
                c,
                load::closed_loop(c, Duration::from_secs_f64(profile.page_secs), page.clone())
                    .await,
            ));
        }
        let rate = (best(&sweep).map_or(0.0, |(_, t)| t.ok_per_sec()) / 2.0).max(1.0);
        eprintln!(
            "bare axum, open loop at {rate:.0}/s, {}s",
            profile.half_secs
        );
        let half =
            load::open_loop(rate, Duration::from_secs_f64(profile.half_secs), 8000, page).await;
        process.stop();
        Yardsticks {
            baseline_sweep: sweep,
            baseline_half: half,
            baseline_half_rate: rate,
        }
    };

    let backends: Vec<Backend> = match cli.backend {
        Which::Sqlite => vec![Backend::Sqlite],
        Which::Postgres => vec![Backend::Postgres],
        Which::Both => vec![Backend::Sqlite, Backend::Postgres],
    };
    let mut results = Vec::new();
    for b in backends {
        results.push(
            run::run_backend(
                b,
                server_bin.clone(),
                site_root.clone(),
                cli.server_env.clone(),
                &profile,
            )
            .await?,
        );
    }

    let mut command = String::from("cargo build --release -p server -p loadtest\n");
    if cli.server_bin.is_some() {
        command.push_str(&format!("SERVER_BIN={} ", server_bin.display()));
    }
    command.push_str("cargo run --release -p loadtest");
    let mut args = Vec::new();
    if cli.smoke {
        args.push("--smoke".to_owned());
    }
    if cli.backend != Which::Both {
        args.push(format!(
            "--backend {}",
            if cli.backend == Which::Sqlite {
                "sqlite"
            } else {
                "postgres"
            }
        ));
    }
    for (k, v) in &cli.server_env {
        args.push(format!("--server-env {k}={v}"));
    }
    if !args.is_empty() {
        command.push_str(&format!(" -- {}", args.join(" ")));
    }
    let text = report::render(&report::Context {
        date: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        smoke: cli.smoke,
        machine: &machine,
        server_bin: server_bin.display().to_string(),
        command,
        load_before,
        load_after: machine::load_average(),
        yardsticks: &yardsticks,
        backends: &results,
    });
    let out = match (&cli.out, cli.smoke) {
        (Some(p), _) => p.clone(),
        (None, true) => std::env::temp_dir().join("loadtest-smoke-REPORT.md"),
        (None, false) => root.join("bench/REPORT.md"),
    };
    std::fs::write(&out, &text).with_context(|| format!("writing {}", out.display()))?;
    if cli.smoke {
        println!("{text}");
    }
    eprintln!("report written to {}", out.display());

    let anomalies = report::anomalies(&yardsticks, &results);
    for a in &anomalies {
        eprintln!("anomaly: {a}");
    }
    // A panic in the server is a bug whatever else the run says: any run
    // fails on one (the report lists the lines).
    let panics = server_panics(&results);
    if panics > 0 {
        eprintln!("the server panicked {panics} time(s): see the server log's lines in the report");
    }
    // Only smoke mode fails on anomalies: a full run's job is the report,
    // which lists them.
    Ok(panics == 0 && (!cli.smoke || anomalies.is_empty()))
}
