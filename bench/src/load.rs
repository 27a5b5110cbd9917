//! Load generators. Closed loop: N workers each send the next request when
//! the last one answered (finds maximum throughput). Open loop: requests
//! leave on a fixed schedule whatever the server does, so a slow server
//! shows up as latency and refusals, not as a quietly lower offered rate.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use tokio::sync::Semaphore;

/// What became of one request.
#[derive(Debug, Clone, Copy)]
pub enum Outcome {
    Status(u16),
    /// No complete answer within the client's timeout.
    Timeout,
    /// Connection refused or reset, or a malformed answer.
    Error,
}

pub type RequestFn =
    Arc<dyn Fn(u64) -> Pin<Box<dyn Future<Output = Outcome> + Send>> + Send + Sync>;

/// Counts and latencies of one phase. Latency is recorded for 2xx answers
/// only, in microseconds, from the moment the request was handed to the
/// HTTP client.
#[derive(Clone)]
pub struct Tally {
    pub latency_us: Histogram<u64>,
    pub statuses: BTreeMap<u16, u64>,
    /// Transport failures, timeouts included.
    pub errors: u64,
    /// The part of `errors` that were timeouts.
    pub timeouts: u64,
    /// Open loop only: scheduled requests not sent because the cap on
    /// outstanding requests was reached.
    pub dropped: u64,
    /// Open loop only: how late the generator sent requests, in µs.
    pub lag_us: Histogram<u64>,
    pub sent: u64,
    /// The sending window (closed loop: the whole run).
    pub elapsed: Duration,
    /// Open loop: from the first send until the last answer, stragglers included.
    pub until_last: Duration,
}

fn histogram() -> Histogram<u64> {
    // 1 µs .. 60 s at 3 significant digits; values outside are clamped.
    // The bounds are constants hdrhistogram accepts; failure is a bug.
    #[expect(clippy::expect_used, reason = "constant bounds hdrhistogram accepts")]
    Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds")
}

impl Default for Tally {
    fn default() -> Self {
        Self {
            latency_us: histogram(),
            statuses: BTreeMap::new(),
            errors: 0,
            timeouts: 0,
            dropped: 0,
            lag_us: histogram(),
            sent: 0,
            elapsed: Duration::ZERO,
            until_last: Duration::ZERO,
        }
    }
}

impl Tally {
    pub fn record(&mut self, outcome: Outcome, took: Duration) {
        match outcome {
            Outcome::Status(s) => {
                *self.statuses.entry(s).or_default() += 1;
                if (200..300).contains(&s) {
                    self.latency_us
                        .saturating_record(took.as_micros().max(1) as u64);
                }
            }
            Outcome::Timeout => {
                self.errors += 1;
                self.timeouts += 1;
            }
            Outcome::Error => self.errors += 1,
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        // Same bounds on both sides, so adding cannot fail.
        let _ = self.latency_us.add(&other.latency_us);
        let _ = self.lag_us.add(&other.lag_us);
        for (s, n) in &other.statuses {
            *self.statuses.entry(*s).or_default() += n;
        }
        self.errors += other.errors;
        self.timeouts += other.timeouts;
        self.dropped += other.dropped;
        self.sent += other.sent;
    }

    pub fn ok(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(s, _)| (200..300).contains(*s))
            .map(|(_, n)| n)
            .sum()
    }

    pub fn count(&self, status: u16) -> u64 {
        self.statuses.get(&status).copied().unwrap_or(0)
    }

    /// Answers that are neither 2xx nor in `expected`, plus transport errors and drops.
    pub fn unexpected(&self, expected: &[u16]) -> u64 {
        let odd: u64 = self
            .statuses
            .iter()
            .filter(|(s, _)| !(200..300).contains(*s) && !expected.contains(s))
            .map(|(_, n)| n)
            .sum();
        odd + self.errors + self.dropped
    }

    pub fn ok_per_sec(&self) -> f64 {
        self.ok() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// 2xx per second over the time until the last answer: the rate the
    /// server actually sustained, not flattered by answers that came late.
    pub fn ok_per_sec_until_last(&self) -> f64 {
        self.ok() as f64 / self.until_last.max(self.elapsed).as_secs_f64().max(1e-9)
    }

    pub fn offered_per_sec(&self) -> f64 {
        self.sent as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Latency quantile in milliseconds (NaN when nothing succeeded).
    pub fn ms(&self, q: f64) -> f64 {
        if self.latency_us.is_empty() {
            f64::NAN
        } else {
            self.latency_us.value_at_quantile(q) as f64 / 1000.0
        }
    }

    pub fn lag_ms(&self, q: f64) -> f64 {
        if self.lag_us.is_empty() {
            0.0
        } else {
            self.lag_us.value_at_quantile(q) as f64 / 1000.0
        }
    }

    /// Transport failures as `12 (5 timeouts)`.
    pub fn errors_text(&self) -> String {
        if self.timeouts > 0 {
            format!("{} ({} timeouts)", self.errors, self.timeouts)
        } else {
            self.errors.to_string()
        }
    }

    /// Statuses other than 2xx, as `503×12, 500×1`.
    pub fn other_statuses(&self) -> String {
        let parts: Vec<String> = self
            .statuses
            .iter()
            .filter(|(s, _)| !(200..300).contains(*s))
            .map(|(s, n)| format!("{s}×{n}"))
            .collect();
        if parts.is_empty() {
            "none".into()
        } else {
            parts.join(", ")
        }
    }
}

/// `concurrency` workers loop for `duration`; request numbers are handed out
/// in order so callers can spread them over accounts.
pub async fn closed_loop(concurrency: usize, duration: Duration, request: RequestFn) -> Tally {
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + duration;
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (request, counter) = (request.clone(), counter.clone());
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while Instant::now() < deadline {
                    let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let sent = Instant::now();
                    let outcome = request(n).await;
                    tally.sent += 1;
                    tally.record(outcome, sent.elapsed());
                }
                tally
            })
        })
        .collect();
    let mut total = Tally::default();
    for w in workers {
        // A worker only panics if the request closure does; count it as lost.
        match w.await {
            Ok(t) => total.merge(&t),
            Err(_) => total.errors += 1,
        }
    }
    total.elapsed = start.elapsed();
    total
}

/// Sends `rate` requests per second for `duration`, each in its own task,
/// at most `max_outstanding` at once (beyond that a request is counted as
/// dropped rather than delayed). Waits for the stragglers before returning;
/// `elapsed` is the sending window, so rates are per scheduled second.
pub async fn open_loop(
    rate: f64,
    duration: Duration,
    max_outstanding: usize,
    request: RequestFn,
) -> Tally {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let permits = Arc::new(Semaphore::new(max_outstanding));
    let total = (rate * duration.as_secs_f64()).round() as u64;
    let interval = Duration::from_secs_f64(1.0 / rate.max(1e-9));
    let start = tokio::time::Instant::now();
    let mut lag = histogram();
    let mut dropped = 0;
    for n in 0..total {
        let due = start + interval.mul_f64(n as f64);
        tokio::time::sleep_until(due).await;
        lag.saturating_record(due.elapsed().as_micros().max(1) as u64);
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            dropped += 1;
            continue;
        };
        let (request, tally) = (request.clone(), tally.clone());
        tokio::spawn(async move {
            let sent = Instant::now();
            let outcome = request(n).await;
            let took = sent.elapsed();
            tally
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .record(outcome, took);
            drop(permit);
        });
    }
    let window = start.elapsed();
    // Every permit back means every request finished (the client has a timeout).
    let _all = permits.acquire_many(max_outstanding as u32).await;
    let mut out = tally
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    out.sent = total - dropped;
    out.dropped = dropped;
    out.lag_us = lag;
    out.elapsed = window;
    out.until_last = start.elapsed();
    out
}
