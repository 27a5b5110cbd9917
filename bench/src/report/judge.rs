//! The targets, and the numbers of a backend's run each is judged on.

use super::context::Yardsticks;
use super::format::mib;
use crate::run::{BackendResult, best};

/// Targets from the issue.
pub const LOGIN_RATIO: f64 = 0.9;
pub const PAGE_RATIO: f64 = 0.5;
pub const HALF_LOAD_P99_MS: f64 = 5.0;
pub const SURGE_PAGE_P99_MS: f64 = 50.0;
pub const RSS_LIMIT_MIB: f64 = 512.0;

/// The numbers each target is judged on, computed once for both the
/// tables and the sentences.
pub(super) struct Judged {
    pub(super) login_rate: f64,
    pub(super) login_ratio: f64,
    pub(super) page_rate: f64,
    pub(super) page_ratio: f64,
    pub(super) half_p99: f64,
    pub(super) steady_p99: f64,
    pub(super) rss_mib: f64,
}

pub(super) fn judge(r: &BackendResult, y: &Yardsticks) -> Judged {
    let login_rate = best(&r.login_sweep).map_or(0.0, |(_, t)| t.ok_per_sec());
    let page_rate = best(&r.page_sweep).map_or(0.0, |(_, t)| t.ok_per_sec());
    let base_rate = best(&y.baseline_sweep).map_or(0.0, |(_, t)| t.ok_per_sec());
    Judged {
        login_rate,
        login_ratio: login_rate / r.argon.per_sec.max(1e-9),
        page_rate,
        page_ratio: page_rate / base_rate.max(1e-9),
        half_p99: r.half.ms(0.99),
        steady_p99: r.steady.ms(0.99),
        rss_mib: mib(r.rss_peak_kib.max(r.rss_before_surge_kib).max(r.vm_hwm_kib)),
    }
}
