//! "Targets, as this run measured them": one sentence per target and
//! backend, saying whether it was met.

use std::fmt::Write as _;

use super::context::Yardsticks;
use super::format::ms;
use super::judge::{
    HALF_LOAD_P99_MS, LOGIN_RATIO, PAGE_RATIO, RSS_LIMIT_MIB, SURGE_PAGE_P99_MS, judge,
};
use crate::run::BackendResult;

/// The section, for every backend.
pub(super) fn targets(o: &mut String, backends: &[BackendResult], y: &Yardsticks) {
    let _ = writeln!(o, "## Targets, as this run measured them\n");
    for r in backends {
        let j = judge(r, y);
        let b = r.backend;
        let _ = writeln!(
            o,
            "- {b}: login throughput is {:.2}× the argon2 rate: {}.",
            j.login_ratio,
            met_word(j.login_ratio >= LOGIN_RATIO)
        );
        let _ = writeln!(
            o,
            "- {b}: signed-in page views reach {:.2}× a bare axum handler's throughput: {}.",
            j.page_ratio,
            met_word(j.page_ratio >= PAGE_RATIO)
        );
        let _ = writeln!(
            o,
            "- {b}: at half that load the page p99 is {}: {}.",
            ms(j.half_p99),
            met_word(j.half_p99 <= HALF_LOAD_P99_MS)
        );
        let _ = writeln!(
            o,
            "- {b}: during the login surge signed-in page views kept a p99 of {}: {}.",
            ms(j.steady_p99),
            met_word(j.steady_p99 <= SURGE_PAGE_P99_MS)
        );
        let _ = writeln!(
            o,
            "- {b}: the server's memory peaked at {:.0} MiB: {}.",
            j.rss_mib,
            met_word(j.rss_mib <= RSS_LIMIT_MIB)
        );
        let ratio = crate::report_herd::same_work_ratio(r);
        let _ = writeln!(
            o,
            "- {b}: `/results` answers {ratio:.2}× the same-work yardstick: {}.",
            met_word(ratio >= crate::report_herd::SAME_WORK_RATIO)
        );
    }
    o.push('\n');
}

fn met_word(met: bool) -> &'static str {
    if met { "met" } else { "missed" }
}
