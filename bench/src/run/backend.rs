//! One backend's run: start the server, load candidates, and run the
//! phases in order, each leaving the next what it needs.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};

use super::accounts::{register_all, sign_in_all};
use super::common::{MAX_OUTSTANDING, request_fn};
use super::profile::Profile;
use super::release::release_herd;
use super::render_cost::{render_costs, same_work};
use super::result::{BackendResult, best};
use super::surge::{Surge, login_surge};
use crate::http::{self, Site};
use crate::load;
use crate::server::{Backend, PgDatabase, RssSampler, ServerEnv, free_port};
use crate::smtp;

pub async fn run_backend(
    backend: Backend,
    server_bin: PathBuf,
    site_root: PathBuf,
    extra_env: Vec<(String, String)>,
    profile: &Profile,
) -> anyhow::Result<BackendResult> {
    // Declared first so they are dropped last: the server (declared later)
    // stops before its database and files go away.
    let dir = tempfile::Builder::new()
        .prefix("loadtest-")
        .tempdir()
        .context("making a temp dir")?;
    let pg = match backend {
        Backend::Postgres => Some(PgDatabase::create()?),
        Backend::Sqlite => None,
    };
    let database_url = match &pg {
        Some(pg) => pg.url(),
        None => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("loadtest.db").display()
        ),
    };
    let (smtp_port, inbox) = smtp::start().await?;
    let mut extra = extra_env;
    if let Some(spread) = profile.release_spread_secs {
        extra.push(("RELEASE_SPREAD_SECONDS".to_owned(), spread.to_string()));
    }
    let env = ServerEnv {
        bin: server_bin,
        database_url: database_url.clone(),
        port: free_port()?,
        smtp_port,
        site_root,
        mail_dir: dir.path().join("mail"),
        extra,
    };
    eprintln!(
        "[{}] importing {} candidates",
        backend.name(),
        profile.candidates
    );
    let (entries, results) = http::write_candidates(dir.path(), profile.candidates)?;
    env.import("entries", &entries)?;
    env.import("results", &results)?;

    let mut server = env.spawn(&dir.path().join("server.log"))?;
    let site = Site {
        base: env.public_url(),
        client: http::client()?,
    };
    server
        .wait_ready(&site.client, &site.base, Duration::from_secs(60))
        .await?;
    let rss = RssSampler::start(server.pid());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);

    // 4. Registration → email handed to SMTP.
    eprintln!(
        "[{}] registering {} candidates at {}/s",
        backend.name(),
        profile.candidates,
        profile.register_rate
    );
    let registration = register_all(&site, &inbox, profile).await?;
    if registration.confirms.ok() == 0 {
        bail!(
            "no account could be confirmed; server log:\n{}",
            server.log_tail()
        );
    }

    // Sessions for the page-view phases: every confirmed candidate signs in once.
    eprintln!("[{}] signing candidates in", backend.name());
    let (sign_in, sessions) = sign_in_all(&site, profile.candidates, cores).await;
    if sessions.is_empty() {
        bail!(
            "no candidate could sign in; server log:\n{}",
            server.log_tail()
        );
    }
    let sessions = Arc::new(sessions);
    let accounts = profile.candidates as u64;

    // 1. The raw argon2 rate, measured right before the logins (server
    // idle) so both see the same machine, then login throughput.
    eprintln!(
        "[{}] argon2 verify rate on {cores} threads, {}s",
        backend.name(),
        profile.argon_secs
    );
    let argon = {
        let secs = profile.argon_secs;
        tokio::task::spawn_blocking(move || crate::argon::measure(Duration::from_secs_f64(secs)))
            .await
            .context("argon2 task")??
    };
    eprintln!("[{}]   {:.1} verifies/s", backend.name(), argon.per_sec);
    let mut login_sweep = Vec::new();
    for &c in &profile.login_concurrency {
        eprintln!(
            "[{}] login, closed loop, {c} in flight, {}s",
            backend.name(),
            profile.login_secs
        );
        let s = site.clone();
        let f = request_fn(move |n| {
            let s = s.clone();
            async move { s.login((n % accounts) as usize).await.0 }
        });
        login_sweep.push((
            c,
            load::closed_loop(c, Duration::from_secs_f64(profile.login_secs), f).await,
        ));
    }

    // 2. Signed-in page views, closed loop, then open loop at half the best.
    let pages = {
        let (s, sessions) = (site.clone(), sessions.clone());
        request_fn(move |n| {
            let (s, sessions) = (s.clone(), sessions.clone());
            async move {
                s.results_page(&sessions[(n as usize) % sessions.len()])
                    .await
            }
        })
    };
    let mut page_sweep = Vec::new();
    for &c in &profile.page_concurrency {
        eprintln!(
            "[{}] /results, closed loop, {c} in flight, {}s",
            backend.name(),
            profile.page_secs
        );
        page_sweep.push((
            c,
            load::closed_loop(c, Duration::from_secs_f64(profile.page_secs), pages.clone()).await,
        ));
    }
    let max_pages = best(&page_sweep).map_or(0.0, |(_, t)| t.ok_per_sec());

    // What a page costs to render, against the cheapest answer of the same
    // server, same concurrency, one after the other.
    let render_concurrency = best(&page_sweep).map_or(8, |(c, _)| *c);
    let render = render_costs(&backend, &site, &sessions, render_concurrency, profile).await;
    let same_work = same_work(
        &database_url,
        &dir.path().join("same-work.log"),
        &sessions,
        render_concurrency,
        profile,
    )
    .await?;
    let half_rate = (max_pages / 2.0).max(1.0);
    eprintln!(
        "[{}] /results, open loop at {half_rate:.0}/s, {}s",
        backend.name(),
        profile.half_secs
    );
    let half = load::open_loop(
        half_rate,
        Duration::from_secs_f64(profile.half_secs),
        MAX_OUTSTANDING,
        pages.clone(),
    )
    .await;

    // 3. Login surge at 20× capacity, with signed-in page views alongside.
    let Surge {
        surge_rate,
        surge,
        steady,
        rss_before_surge_kib,
        rss_peak_kib,
        vm_hwm_kib,
    } = login_surge(
        &backend,
        &site,
        &sessions,
        &login_sweep,
        profile,
        rss,
        server.pid(),
    )
    .await?;

    // 6. The release herd: every candidate's results come out at one
    // instant, and thousands of waiting pages are open.
    let herd = release_herd(&backend, &dir, &env, &site, &sessions, profile).await?;
    let log_summary = server.log_summary();
    for (source, n) in &log_summary {
        eprintln!("[{}] server log: {n} × {source}", backend.name());
    }
    server.stop();
    // For a closer look at what the server said (e.g. a panic's place).
    if let Some(keep) = std::env::var_os("LOADTEST_KEEP_LOG") {
        let _ = std::fs::copy(
            dir.path().join("server.log"),
            std::path::Path::new(&keep).join(format!("server-{}.log", backend.name())),
        );
    }
    Ok(BackendResult {
        backend: backend.name(),
        argon,
        registration,
        sign_in,
        login_sweep,
        page_sweep,
        half,
        half_rate,
        surge,
        surge_rate,
        steady,
        rss_before_surge_kib,
        rss_peak_kib,
        vm_hwm_kib,
        log_summary,
        render,
        same_work,
        herd,
    })
}
