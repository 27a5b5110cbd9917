//! The report's parts about the release: `/results` against the same-work
//! yardstick, and the release herd.

use std::fmt::Write as _;

use crate::herd::Herd;
use crate::run::BackendResult;

/// Target from the issue: `/results` ÷ the same-work yardstick.
pub const SAME_WORK_RATIO: f64 = 0.5;

fn ms(v: f64) -> String {
    if v.is_nan() {
        "n/a".into()
    } else {
        format!("{v:.2} ms")
    }
}

/// `/results` in the server ÷ the same-work yardstick on the same database.
pub fn same_work_ratio(r: &BackendResult) -> f64 {
    let page = r
        .render
        .iter()
        .find(|(p, _)| *p == "/results")
        .map_or(0.0, |(_, t)| t.ok_per_sec());
    page / r.same_work.ok_per_sec().max(1e-9)
}

/// The same-work row under "What rendering a page costs", and its verdict.
pub fn same_work(o: &mut String, r: &BackendResult) {
    let t = &r.same_work;
    let ratio = same_work_ratio(r);
    let _ = writeln!(
        o,
        "Same-work yardstick (a bare axum handler reading the session, the entry and the results with the same SeaORM queries and writing the page with `format!`, \
         on this database, right after): **{:.0} answers/s**, p50 {} and p99 {}. `/results` ÷ same-work: **{ratio:.2}×** (target ≥ {SAME_WORK_RATIO}: {}).\n",
        t.ok_per_sec(),
        ms(t.ms(0.5)),
        ms(t.ms(0.99)),
        if ratio >= SAME_WORK_RATIO {
            "MET"
        } else {
            "MISSED"
        }
    );
}

/// "### 5. The release herd".
pub fn herd(o: &mut String, h: &Herd) {
    let _ = writeln!(o, "### 5. The release herd\n");
    let _ = writeln!(
        o,
        "{} waiting pages load `/results` before one release instant; every third browser's clock is 30 s off ({} pages). Each follows the page's policy: \
         count down the server's time, wait a random part of the server's spread ({:.0} s), ask, and ask again only as the answer says (at least 5 s later, plus jitter).\n",
        h.pages,
        h.skewed,
        h.spread.as_secs_f64()
    );
    let peak = h.per_second.iter().copied().max().unwrap_or(0);
    let busiest = h.per_second.iter().position(|&n| n == peak).unwrap_or(0);
    let asks = &h.asks;
    let five_xx: u64 = asks
        .statuses
        .iter()
        .filter(|(s, _)| **s >= 500)
        .map(|(_, n)| n)
        .sum();
    let _ = writeln!(o, "| Measure | Value |\n|---|---|");
    let _ = writeln!(
        o,
        "| Page loads before the release | {} ({} 2xx), p99 {} |",
        h.loads.sent,
        h.loads.ok(),
        ms(h.loads.ms(0.99))
    );
    let _ = writeln!(o, "| Asks sent before the release instant | {} |", h.early);
    let _ = writeln!(
        o,
        "| Asks from the release on | {} ({} 2xx, {five_xx} 5xx, statuses {}) |",
        asks.sent,
        asks.ok(),
        asks.other_statuses()
    );
    let _ = writeln!(
        o,
        "| Requests per second at the server, busiest second | {peak} (second {busiest} after the release) |"
    );
    let spread_secs = h.spread.as_secs().max(1) as usize;
    let mean = h.per_second.iter().take(spread_secs).sum::<u64>() as f64 / spread_secs as f64;
    let _ = writeln!(
        o,
        "| Requests per second over the spread, mean | {mean:.0} |"
    );
    let _ = writeln!(
        o,
        "| Ask latency p50 / p99 | {} / {} |",
        ms(asks.ms(0.5)),
        ms(asks.ms(0.99))
    );
    let _ = writeln!(o, "| Most asks by one page | {} |", h.most_asks_by_one_page);
    let _ = writeln!(
        o,
        "| Release → every page showing its scores | {} |\n",
        h.all_shown_after.map_or_else(
            || format!("{} pages never did", h.never_shown),
            |d| format!("{:.1} s", d.as_secs_f64())
        )
    );
    let _ = writeln!(
        o,
        "Asks per second after the release: {}\n",
        h.per_second
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// What in the herd nobody should see.
pub fn anomalies(r: &BackendResult) -> Vec<String> {
    let (b, h) = (r.backend, &r.herd);
    let mut out = Vec::new();
    if r.same_work.ok() == 0 {
        out.push(format!("{b}: same-work yardstick: no successful request"));
    }
    if h.early > 0 {
        out.push(format!(
            "{b}: release herd: {} asks before the release",
            h.early
        ));
    }
    if h.never_shown > 0 {
        out.push(format!(
            "{b}: release herd: {} pages never showed their scores",
            h.never_shown
        ));
    }
    let odd = h.asks.unexpected(&[]) + h.loads.unexpected(&[]);
    if odd > 0 {
        out.push(format!(
            "{b}: release herd: {odd} unexpected answers (statuses {}; errors {})",
            h.asks.other_statuses(),
            h.asks.errors_text()
        ));
    }
    out
}
