//! The accounts the other phases use: every candidate registers and
//! confirms from the emailed token, then signs in once for a session.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use super::common::{MAX_OUTSTANDING, request_fn};
use super::profile::Profile;
use super::result::Registration;
use crate::http::{self, Site};
use crate::load::{self, Outcome, Tally};
use crate::smtp;

/// Registers every candidate at a modest fixed rate, then waits for each
/// confirmation email and confirms the account with its token.
pub(super) async fn register_all(
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
pub(super) async fn sign_in_all(site: &Site, n: usize, cores: usize) -> (Tally, Vec<String>) {
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
