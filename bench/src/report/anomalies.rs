//! Anomalies: phases with no success or with answers nobody expected,
//! listed in the report and failing smoke mode.

use super::context::Yardsticks;
use crate::load::Tally;
use crate::run::BackendResult;

/// Phases with no success or with unexpected answers (anything but 2xx,
/// and 503 during the surge, for logins and page views alike), plus lost
/// emails.
pub fn anomalies(y: &Yardsticks, backends: &[BackendResult]) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |name: String, t: &Tally, expected: &[u16]| {
        if t.ok() == 0 {
            out.push(format!("{name}: no successful request ({} sent)", t.sent));
        }
        let odd = t.unexpected(expected);
        if odd > 0 {
            out.push(format!(
                "{name}: {odd} unexpected (statuses {}; transport errors {}; not sent {})",
                t.other_statuses(),
                t.errors_text(),
                t.dropped
            ));
        }
    };
    for (c, t) in &y.baseline_sweep {
        check(format!("bare axum, {c} in flight"), t, &[]);
    }
    check("bare axum, half load".into(), &y.baseline_half, &[]);
    for r in backends {
        let b = r.backend;
        check(format!("{b}: registration"), &r.registration.requests, &[]);
        check(format!("{b}: confirmation"), &r.registration.confirms, &[]);
        check(format!("{b}: signing in"), &r.sign_in, &[]);
        for (c, t) in &r.login_sweep {
            check(format!("{b}: login, {c} in flight"), t, &[]);
        }
        for (c, t) in &r.page_sweep {
            check(format!("{b}: /results, {c} in flight"), t, &[]);
        }
        check(format!("{b}: /results at half load"), &r.half, &[]);
        check(format!("{b}: login surge"), &r.surge, &[503]);
        // 503: the replica already answered RESULTS_MAX_IN_FLIGHT results
        // pages and said to come back after one spread, as designed.
        check(format!("{b}: /results during the surge"), &r.steady, &[503]);
    }
    for r in backends {
        if r.argon.verifies == 0 {
            out.push(format!("{}: argon2: no verify finished", r.backend));
        }
        let g = &r.registration;
        if g.emails_missing > 0 {
            out.push(format!(
                "{}: {} confirmation emails never reached the sink",
                r.backend, g.emails_missing
            ));
        }
        if g.tokens_missing > 0 {
            out.push(format!(
                "{}: {} emails had no confirmation token",
                r.backend, g.tokens_missing
            ));
        }
        out.extend(crate::report_herd::anomalies(r));
    }
    out
}
