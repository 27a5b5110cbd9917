//! The release herd: thousands of waiting results pages, each following the
//! page's own asking policy (`app/src/components/enhance/release.rs`), at
//! one release instant, with every third browser's clock 30 s fast or slow.
//! Each page loads `/results` before the release, counts down the time the
//! server gave (on its own elapsed time, so its wrong clock cancels out),
//! waits a random part of the server's spread, asks, and keeps asking as the
//! answers say — the time left or `Retry-After`, at least 5 s, plus a random
//! part of the spread — until its scores come.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::http::Site;
use crate::load::{Outcome, Tally};

/// The page's floor between two asks (`MIN_WAIT_MS` in the page).
const MIN_WAIT: Duration = Duration::from_secs(5);

/// What the herd did, seen from the pages.
pub struct Herd {
    pub pages: usize,
    /// Pages whose clock was 30 s off.
    pub skewed: usize,
    /// The spread the server gave the pages.
    pub spread: Duration,
    /// The page loads before the release.
    pub loads: Tally,
    /// Every ask from the release on.
    pub asks: Tally,
    /// Asks sent before the release instant (the policy allows none).
    pub early: usize,
    /// Asks reaching the server in each second after the release.
    pub per_second: Vec<u64>,
    /// From the release until the last page showed its scores.
    pub all_shown_after: Option<Duration>,
    /// Pages that never showed their scores (gave up after two minutes).
    pub never_shown: usize,
    pub most_asks_by_one_page: usize,
}

struct Shared {
    loads: Tally,
    asks: Tally,
    ask_times: Vec<Duration>,
    early: usize,
    shown: Vec<Option<Duration>>,
    asks_per_page: Vec<usize>,
    spread: Duration,
}

impl Shared {
    fn new(pages: usize) -> Self {
        Self {
            loads: Tally::default(),
            asks: Tally::default(),
            ask_times: Vec::new(),
            early: 0,
            shown: vec![None; pages],
            asks_per_page: vec![0; pages],
            spread: Duration::ZERO,
        }
    }
}

/// Runs `pages` waiting pages whose results come out at `release`, loading
/// over the first half of the time until then.
pub async fn run(site: &Site, sessions: Arc<Vec<String>>, pages: usize, release: Instant) -> Herd {
    let shared = Arc::new(Mutex::new(Shared::new(pages)));
    let lead = release.saturating_duration_since(Instant::now());
    let tasks: Vec<_> = (0..pages)
        .map(|i| {
            let (site, sessions, shared) = (site.clone(), sessions.clone(), shared.clone());
            let load_at = Instant::now() + lead.mul_f64(fastrand::f64() * 0.5);
            tokio::spawn(async move {
                page(
                    i,
                    &site,
                    &sessions[i % sessions.len()],
                    load_at,
                    release,
                    &shared,
                )
                .await
            })
        })
        .collect();
    for t in tasks {
        let _ = t.await;
    }
    // Every task has ended: take what they gathered.
    let s = std::mem::replace(
        &mut *shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        Shared::new(0),
    );
    let mut per_second = Vec::new();
    for t in &s.ask_times {
        let second = t.as_secs() as usize;
        if per_second.len() <= second {
            per_second.resize(second + 1, 0);
        }
        per_second[second] += 1;
    }
    let never_shown = s.shown.iter().filter(|x| x.is_none()).count();
    Herd {
        pages,
        skewed: (0..pages).filter(|i| i.is_multiple_of(3)).count(),
        spread: s.spread,
        loads: s.loads,
        asks: s.asks,
        early: s.early,
        per_second,
        all_shown_after: if never_shown == 0 {
            s.shown.iter().flatten().max().copied()
        } else {
            None
        },
        never_shown,
        most_asks_by_one_page: s.asks_per_page.iter().copied().max().unwrap_or(0),
    }
}

/// One waiting page, from its load to its scores.
async fn page(
    i: usize,
    site: &Site,
    session: &str,
    load_at: Instant,
    release: Instant,
    shared: &Mutex<Shared>,
) {
    tokio::time::sleep_until(load_at.into()).await;
    let t0 = Instant::now();
    let (outcome, body, _) = site.results_html(session).await;
    let lock = || {
        shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    {
        let mut s = lock();
        s.loads.record(outcome, t0.elapsed());
        s.loads.sent += 1;
    }
    let Some(body) = body else { return };
    let Some(left_ms) = attribute(&body, "data-left-ms") else {
        return;
    };
    let spread =
        Duration::from_millis(attribute(&body, "data-spread-ms").unwrap_or(0.0).max(0.0) as u64);
    lock().spread = spread;
    // The browser's clock: every third one 30 s fast or slow. The page
    // counts the server's time on it, so the offset is on both sides.
    let skew = if i.is_multiple_of(3) {
        if i.is_multiple_of(2) { 30.0 } else { -30.0 }
    } else {
        0.0
    };
    let local_now = || t0.elapsed().as_secs_f64() + skew;
    let deadline = local_now() + left_ms / 1000.0;
    tokio::time::sleep(Duration::from_secs_f64((deadline - local_now()).max(0.0))).await;
    let jitter = || spread.mul_f64(fastrand::f64());
    let mut wait = jitter();
    let give_up = release + Duration::from_secs(120);
    let mut failure_wait = Duration::from_secs(10);
    while Instant::now() < give_up {
        tokio::time::sleep(wait).await;
        let asked = Instant::now();
        let (outcome, body, retry_after) = site.results_html(session).await;
        {
            let mut s = lock();
            s.asks.record(outcome, asked.elapsed());
            s.asks.sent += 1;
            s.asks_per_page[i] += 1;
            match asked.checked_duration_since(release) {
                Some(after) => s.ask_times.push(after),
                None => s.early += 1,
            }
        }
        let body = body.unwrap_or_default();
        wait = match outcome {
            Outcome::Status(200) if body.contains("id=\"overall-score\"") => {
                lock().shown[i] = Some(Instant::now().saturating_duration_since(release));
                return;
            }
            Outcome::Status(200) if attribute(&body, "data-left-ms").is_some() => {
                Duration::from_millis(
                    attribute(&body, "data-left-ms").unwrap_or(0.0).max(0.0) as u64
                )
                .max(MIN_WAIT)
                    + jitter()
            }
            Outcome::Status(503) => {
                Duration::from_secs_f64(retry_after.unwrap_or(5.0)).max(MIN_WAIT) + jitter()
            }
            _ => {
                failure_wait = (failure_wait * 2).min(Duration::from_secs(300));
                failure_wait / 2 + jitter()
            }
        };
    }
}

/// The number in the first `name="…"` of `html`.
fn attribute(html: &str, name: &str) -> Option<f64> {
    html.split(&format!("{name}=\""))
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()
}
