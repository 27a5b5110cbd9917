//! What one backend's run measured, and the best point of a sweep.

use hdrhistogram::Histogram;

use crate::load::Tally;

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
