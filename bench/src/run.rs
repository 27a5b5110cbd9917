//! One backend's run: start the server, load candidates, and measure the
//! four things the report is about, in an order where each phase leaves the
//! next what it needs (registration → confirmed accounts → sessions).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use hdrhistogram::Histogram;

use crate::http::{self, Site};
use crate::load::{self, Outcome, RequestFn, Tally};
use crate::server::{Backend, PgDatabase, RssSampler, ServerEnv, free_port, proc_status_kib};
use crate::smtp;

/// How long and how hard each phase runs.
pub struct Profile {
    pub candidates: usize,
    pub register_rate: f64,
    pub argon_secs: f64,
    pub login_concurrency: Vec<usize>,
    pub login_secs: f64,
    pub page_concurrency: Vec<usize>,
    pub page_secs: f64,
    pub half_secs: f64,
    pub surge_secs: f64,
    pub surge_factor: f64,
    pub steady_rate: f64,
    /// Waiting pages in the release herd, and how long before the release
    /// they start loading.
    pub herd_pages: usize,
    pub herd_lead_secs: f64,
    /// The server's `RELEASE_SPREAD_SECONDS`, when not its default.
    pub release_spread_secs: Option<u32>,
}

impl Profile {
    pub fn full(cores: usize) -> Self {
        Self {
            // More candidates than the server admits password checks at once
            // (cores + PASSWORD_QUEUE = 66 here), so the round-robin surge never
            // has one account's logins in flight five at a time: the server
            // treats that as guessing (429), and real candidates log in once.
            candidates: 200,
            register_rate: 20.0,
            argon_secs: 5.0,
            login_concurrency: concurrencies(cores),
            login_secs: 8.0,
            page_concurrency: vec![8, 32, 64],
            page_secs: 6.0,
            half_secs: 15.0,
            surge_secs: 60.0,
            surge_factor: 20.0,
            steady_rate: 50.0,
            herd_pages: 3000,
            herd_lead_secs: 20.0,
            release_spread_secs: None,
        }
    }

    pub fn smoke(cores: usize) -> Self {
        Self {
            // As many as a full run, for the same reason: with 80, a smoke
            // run here once had one account's logins five at a time (a 429).
            candidates: 200,
            register_rate: 40.0,
            argon_secs: 1.0,
            login_concurrency: vec![2 * cores],
            login_secs: 1.5,
            page_concurrency: vec![8],
            page_secs: 1.5,
            half_secs: 1.5,
            surge_secs: 2.0,
            surge_factor: 20.0,
            steady_rate: 50.0,
            herd_pages: 200,
            herd_lead_secs: 6.0,
            release_spread_secs: Some(2),
        }
    }
}

/// 2×cores, doubling, up to 16: enough in flight to keep every core
/// hashing, yet far below the server's password queue (no 503s expected).
fn concurrencies(cores: usize) -> Vec<usize> {
    let mut c = (2 * cores).min(16);
    let mut out = vec![c];
    while c < 16 {
        c = (c * 2).min(16);
        out.push(c);
    }
    out
}

/// Open-loop cap on requests in flight, below the file-descriptor limit.
const MAX_OUTSTANDING: usize = 8000;

pub struct Registration {
    pub requests: Tally,
    pub email_latency_us: Histogram<u64>,
    pub emails_missing: usize,
    pub tokens_missing: usize,
    pub confirms: Tally,
}

pub struct BackendResult {
    pub backend: &'static str,
    pub argon: crate::argon::Rate,
    pub registration: Registration,
    pub sign_in: Tally,
    pub login_sweep: Vec<(usize, Tally)>,
    pub page_sweep: Vec<(usize, Tally)>,
    pub half: Tally,
    pub half_rate: f64,
    pub surge: Tally,
    pub surge_rate: f64,
    pub steady: Tally,
    /// Peak VmRSS sampled from start-up until the surge began.
    pub rss_before_surge_kib: u64,
    pub rss_peak_kib: u64,
    pub vm_hwm_kib: u64,
    /// Server log lines by level and source, most frequent first.
    pub log_summary: Vec<(String, usize)>,
    /// `/healthz`, `/login` and `/results` in this server, one after the
    /// other at the same concurrency: what rendering a page costs.
    pub render: Vec<(&'static str, Tally)>,
    /// The same-work yardstick (a bare axum handler with the same queries)
    /// on this database, at the same concurrency, right after.
    pub same_work: Tally,
    pub herd: crate::herd::Herd,
}

/// The best throughput of a sweep, and the tally that reached it.
pub fn best(sweep: &[(usize, Tally)]) -> Option<&(usize, Tally)> {
    sweep
        .iter()
        .max_by(|a, b| a.1.ok_per_sec().total_cmp(&b.1.ok_per_sec()))
}

pub fn request_fn<F, Fut>(f: F) -> RequestFn
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Outcome> + Send + 'static,
{
    Arc::new(move |n| Box::pin(f(n)))
}

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
    let mut render = Vec::new();
    // The statement is drawn and compressed per request: its row is what a PDF costs.
    for path in ["/healthz", "/login", "/results", "/results/statement.pdf"] {
        eprintln!(
            "[{}] {path}, closed loop, {render_concurrency} in flight, {}s",
            backend.name(),
            profile.page_secs
        );
        let (s, sessions) = (site.clone(), sessions.clone());
        let f = request_fn(move |n| {
            let (s, sessions) = (s.clone(), sessions.clone());
            async move {
                if path.starts_with("/results") {
                    s.signed_in_get(path, &sessions[(n as usize) % sessions.len()])
                        .await
                } else {
                    s.get(path).await
                }
            }
        });
        render.push((
            path,
            load::closed_loop(
                render_concurrency,
                Duration::from_secs_f64(profile.page_secs),
                f,
            )
            .await,
        ));
    }
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
    let login_capacity = best(&login_sweep)
        .map_or(0.0, |(_, t)| t.ok_per_sec())
        .max(1.0);
    let surge_rate = profile.surge_factor * login_capacity;
    eprintln!(
        "[{}] surge: logins at {surge_rate:.0}/s and /results at {}/s for {}s",
        backend.name(),
        profile.steady_rate,
        profile.surge_secs
    );
    // Its own client, so page views do not queue behind the surge's connections.
    let steady_site = Site {
        base: site.base.clone(),
        client: http::client()?,
    };
    let steady_pages = {
        let sessions = sessions.clone();
        request_fn(move |n| {
            let (s, sessions) = (steady_site.clone(), sessions.clone());
            async move {
                s.results_page(&sessions[(n as usize) % sessions.len()])
                    .await
            }
        })
    };
    let surge_logins = {
        let s = site.clone();
        request_fn(move |n| {
            let s = s.clone();
            async move { s.login((n % accounts) as usize).await.0 }
        })
    };
    let rss_before_surge_kib = rss.peak_kib();
    rss.reset();
    let window = Duration::from_secs_f64(profile.surge_secs);
    let (surge, steady) = tokio::join!(
        load::open_loop(surge_rate, window, MAX_OUTSTANDING, surge_logins),
        load::open_loop(profile.steady_rate, window, MAX_OUTSTANDING, steady_pages),
    );
    let rss_peak_kib = rss.peak_kib();
    let vm_hwm_kib = proc_status_kib(server.pid(), "VmHWM").unwrap_or(0);
    drop(rss);

    // 6. The release herd: every candidate's results come out at one
    // instant, and thousands of waiting pages are open.
    let lead = Duration::from_secs_f64(profile.herd_lead_secs);
    let release = Instant::now() + lead;
    let release_utc = chrono::Utc::now() + chrono::Duration::from_std(lead).unwrap_or_default();
    let (entries, _) =
        http::write_candidates_released_at(dir.path(), profile.candidates, release_utc)?;
    env.import("entries", &entries)?;
    eprintln!(
        "[{}] release herd: {} waiting pages, release in {}s",
        backend.name(),
        profile.herd_pages,
        profile.herd_lead_secs
    );
    let herd = crate::herd::run(&site, sessions.clone(), profile.herd_pages, release).await;
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

/// `/results` from the same-work yardstick on this database, at `concurrency`.
async fn same_work(
    database_url: &str,
    log: &std::path::Path,
    sessions: &Arc<Vec<String>>,
    concurrency: usize,
    profile: &Profile,
) -> anyhow::Result<Tally> {
    let port = free_port()?;
    let mut process = crate::same_work::spawn(port, database_url, log)?;
    let site = Site {
        base: format!("http://127.0.0.1:{port}"),
        client: http::client()?,
    };
    process
        .wait_ready(&site.client, &site.base, Duration::from_secs(10))
        .await?;
    eprintln!(
        "same-work /results, closed loop, {concurrency} in flight, {}s",
        profile.page_secs
    );
    let sessions = sessions.clone();
    let f = request_fn(move |n| {
        let (s, sessions) = (site.clone(), sessions.clone());
        async move {
            s.results_page(&sessions[(n as usize) % sessions.len()])
                .await
        }
    });
    let tally = load::closed_loop(concurrency, Duration::from_secs_f64(profile.page_secs), f).await;
    process.stop();
    Ok(tally)
}

/// Registers every candidate at a modest fixed rate, then waits for each
/// confirmation email and confirms the account with its token.
async fn register_all(
    site: &Site,
    inbox: &smtp::Inbox,
    profile: &Profile,
) -> anyhow::Result<Registration> {
    let n = profile.candidates;
    let sent_at: Arc<Mutex<Vec<Option<Instant>>>> = Arc::new(Mutex::new(vec![None; n]));
    let f = {
        let (s, sent_at) = (site.clone(), sent_at.clone());
        request_fn(move |i| {
            let (s, sent_at) = (s.clone(), sent_at.clone());
            async move {
                sent_at
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)[i as usize] =
                    Some(Instant::now());
                s.register(i as usize).await
            }
        })
    };
    let duration = Duration::from_secs_f64(n as f64 / profile.register_rate);
    let requests = load::open_loop(profile.register_rate, duration, MAX_OUTSTANDING, f).await;
    let sent_at = sent_at
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();

    let mut email_latency_us = Histogram::new_with_bounds(1, 600_000_000, 3)
        .map_err(|e| anyhow::anyhow!("histogram: {e:?}"))?;
    let (mut emails_missing, mut tokens_missing) = (0, 0);
    let mut tokens = Vec::new();
    // Mail goes out from a background worker: give it a generous while.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    for (i, sent) in sent_at.iter().enumerate() {
        let Some(sent) = sent else { continue };
        let wait = deadline.saturating_duration_since(tokio::time::Instant::now());
        match inbox.wait_for(&http::email(i), wait).await {
            Some(message) => {
                email_latency_us.saturating_record(
                    message
                        .at
                        .saturating_duration_since(*sent)
                        .as_micros()
                        .max(1) as u64,
                );
                match smtp::confirmation_token(&message.body) {
                    Some(t) => tokens.push(t),
                    None => tokens_missing += 1,
                }
            }
            None => emails_missing += 1,
        }
    }
    let mut confirms = Tally::default();
    let start = Instant::now();
    for token in tokens {
        let t0 = Instant::now();
        let outcome = site.confirm(&token).await;
        confirms.sent += 1;
        confirms.record(outcome, t0.elapsed());
    }
    confirms.elapsed = start.elapsed();
    Ok(Registration {
        requests,
        email_latency_us,
        emails_missing,
        tokens_missing,
        confirms,
    })
}

/// Logs every candidate in once, `cores` at a time (no queueing, so no 503s),
/// returning the session cookies.
async fn sign_in_all(site: &Site, n: usize, cores: usize) -> (Tally, Vec<String>) {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..cores.max(1))
        .map(|_| {
            let (site, next) = (site.clone(), next.clone());
            tokio::spawn(async move {
                let (mut tally, mut cookies) = (Tally::default(), Vec::new());
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= n {
                        break (tally, cookies);
                    }
                    let t0 = Instant::now();
                    let (outcome, cookie) = site.login(i).await;
                    tally.sent += 1;
                    tally.record(outcome, t0.elapsed());
                    cookies
                        .extend(cookie.filter(|_| matches!(outcome, Outcome::Status(200..=299))));
                }
            })
        })
        .collect();
    let (mut total, mut sessions) = (Tally::default(), Vec::new());
    for w in workers {
        if let Ok((t, c)) = w.await {
            total.merge(&t);
            sessions.extend(c);
        }
    }
    total.elapsed = start.elapsed();
    (total, sessions)
}
