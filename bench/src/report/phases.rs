//! A backend's part of the report: the login, page-view, surge and
//! registration phases, the release herd, and the server's log.

use std::fmt::Write as _;

use super::context::Yardsticks;
use super::format::{mib, ms, sweep_table, verdict};
use super::judge::{
    HALF_LOAD_P99_MS, LOGIN_RATIO, PAGE_RATIO, RSS_LIMIT_MIB, SURGE_PAGE_P99_MS, judge,
};
use crate::run::BackendResult;

/// A backend's sections, each phase under its own heading; `base` is the
/// bare axum handler's best rate.
pub(super) fn backend(o: &mut String, r: &BackendResult, y: &Yardsticks, base: f64) {
    let j = judge(r, y);
    let _ = writeln!(o, "## {}\n", r.backend);

    let _ = writeln!(o, "### 1. Login throughput against the argon2 rate\n");
    let _ = writeln!(
        o,
        "argon2id verify (m = 19456 KiB, t = 2, p = 1, no HTTP) on {} threads, measured just before the logins: **{:.1} verifies/s** ({} in the window).\n",
        r.argon.threads, r.argon.per_sec, r.argon.verifies
    );
    sweep_table(o, "login (closed loop)", &r.login_sweep);
    let _ = writeln!(
        o,
        "| Measure | Value | Target | Result |\n|---|---|---|---|"
    );
    let _ = writeln!(
        o,
        "| Best logins/s ÷ argon2 verifies/s | {:.2}× ({:.1} / {:.1}) | ≥ {LOGIN_RATIO} | {} |\n",
        j.login_ratio,
        j.login_rate,
        r.argon.per_sec,
        verdict(j.login_ratio >= LOGIN_RATIO)
    );

    let _ = writeln!(o, "### 2. Signed-in page views (`GET /results`)\n");
    sweep_table(o, "/results (closed loop)", &r.page_sweep);
    let _ = writeln!(
        o,
        "| Measure | Value | Target | Result |\n|---|---|---|---|"
    );
    let _ = writeln!(
        o,
        "| Best /results/s ÷ bare axum req/s | {:.2}× ({:.0} / {base:.0}) | ≥ {PAGE_RATIO} | {} |",
        j.page_ratio,
        j.page_rate,
        verdict(j.page_ratio >= PAGE_RATIO)
    );
    let _ = writeln!(
        o,
        "| p50 / p99 at half load ({:.0}/s offered, {:.0}/s answered 2xx, generator p99 lag {}) | {} / {} | p99 ≤ {HALF_LOAD_P99_MS} ms | {} |\n",
        r.half_rate,
        r.half.ok_per_sec(),
        ms(r.half.lag_ms(0.99)),
        ms(r.half.ms(0.5)),
        ms(j.half_p99),
        verdict(j.half_p99 <= HALF_LOAD_P99_MS)
    );

    let _ = writeln!(
        o,
        "#### What rendering a page costs
"
    );
    let _ = writeln!(
        o,
        "Each path in this server, one after the other, at the best /results concurrency (closed loop); `/results/statement.pdf` is a Statement of Results drawn for each request.\n"
    );
    let _ = writeln!(
        o,
        "| Path | Answers/s | p50 | p99 | ÷ /healthz |\n|---|---|---|---|---|"
    );
    let health = r
        .render
        .iter()
        .find(|(p, _)| *p == "/healthz")
        .map_or(0.0, |(_, t)| t.ok_per_sec());
    for (path, t) in &r.render {
        let _ = writeln!(
            o,
            "| `{path}` | {:.0} | {} | {} | {:.3} |",
            t.ok_per_sec(),
            ms(t.ms(0.5)),
            ms(t.ms(0.99)),
            t.ok_per_sec() / health.max(1e-9)
        );
    }
    let _ = writeln!(o);
    crate::report_herd::same_work(o, r);

    let s = &r.surge;
    let other = s.unexpected(&[503]);
    let _ = writeln!(
        o,
        "### 3. Login surge at {:.0}× capacity, with page views alongside\n",
        r.surge_rate / j.login_rate.max(1e-9)
    );
    let _ = writeln!(
        o,
        "| Measure | Value | Target | Result |\n|---|---|---|---|"
    );
    let _ = writeln!(
        o,
        "| Logins offered (open loop, correct passwords) | {:.0}/s for {:.0} s: {} sent (generator p99 lag {}) | 20× login capacity | — |",
        r.surge_rate,
        s.elapsed.as_secs_f64(),
        s.sent,
        ms(s.lag_ms(0.99))
    );
    let _ = writeln!(
        o,
        "| Answered 2xx | {} ({:.1}/s over the {:.1} s until the last answer) | — | — |",
        s.ok(),
        s.ok_per_sec_until_last(),
        s.until_last.as_secs_f64()
    );
    let _ = writeln!(o, "| Answered 503 | {} | — | — |", s.count(503));
    let _ = writeln!(
        o,
        "| Other answers, transport errors, not sent (in-flight cap) | {} (statuses: {}; errors: {}; not sent: {}) | 0 | {} |",
        other,
        s.other_statuses(),
        s.errors_text(),
        s.dropped,
        verdict(other == 0)
    );
    let _ = writeln!(
        o,
        "| /results during the surge ({:.0}/s offered; {} of {} 2xx, {} told to come back with 503): p50 / p99 | {} / {} | p99 ≤ {SURGE_PAGE_P99_MS} ms | {} |",
        r.steady.offered_per_sec(),
        r.steady.ok(),
        r.steady.sent,
        r.steady.count(503),
        ms(r.steady.ms(0.5)),
        ms(j.steady_p99),
        verdict(j.steady_p99 <= SURGE_PAGE_P99_MS && r.steady.unexpected(&[503]) == 0)
    );
    let _ = writeln!(
        o,
        "| Server peak RSS: sampled every 100 ms before the surge / during it / VmHWM over its life | {:.0} / {:.0} / {:.0} MiB | ≤ {RSS_LIMIT_MIB} MiB | {} |\n",
        mib(r.rss_before_surge_kib),
        mib(r.rss_peak_kib),
        mib(r.vm_hwm_kib),
        verdict(j.rss_mib <= RSS_LIMIT_MIB)
    );

    let g = &r.registration;
    let n = g.requests.sent;
    let _ = writeln!(o, "### 4. Registration → email handed to SMTP\n");
    let _ = writeln!(
        o,
        "| Measure | Value | Target | Result |\n|---|---|---|---|"
    );
    let _ = writeln!(
        o,
        "| Registrations ({:.0}/s offered) | {} sent, {} answered 2xx ({}) | all 2xx | {} |",
        g.requests.offered_per_sec(),
        n,
        g.requests.ok(),
        g.requests.other_statuses(),
        verdict(g.requests.ok() == n && n > 0 && g.requests.unexpected(&[]) == 0)
    );
    let got = n.saturating_sub(g.emails_missing as u64);
    let _ = writeln!(
        o,
        "| Confirmation emails received by the sink (within 30 s) | {got} of {n} | all | {} |",
        verdict(g.emails_missing == 0 && n > 0)
    );
    let (p50, p99) = if g.email_latency_us.is_empty() {
        (f64::NAN, f64::NAN)
    } else {
        (
            g.email_latency_us.value_at_quantile(0.5) as f64 / 1000.0,
            g.email_latency_us.value_at_quantile(0.99) as f64 / 1000.0,
        )
    };
    let _ = writeln!(
        o,
        "| Request sent → DATA finished at the sink: p50 / p99 | {} / {} | — | — |",
        ms(p50),
        ms(p99)
    );
    let _ = writeln!(
        o,
        "| Accounts confirmed with the emailed token | {} of {} ({}) | all 2xx | {} |\n",
        g.confirms.ok(),
        got,
        g.confirms.other_statuses(),
        verdict(g.confirms.ok() == got && got > 0 && g.tokens_missing == 0)
    );
    crate::report_herd::herd(o, &r.herd);
    if !r.log_summary.is_empty() {
        let _ = writeln!(
            o,
            "Server log at `RUST_LOG=warn` over the whole run:\n\n| Lines | Level and source |\n|---|---|"
        );
        for (source, n) in &r.log_summary {
            let _ = writeln!(o, "| {n} | `{source}` |");
        }
        o.push('\n');
    }
}
