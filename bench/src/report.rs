//! Writes the markdown report, and lists anomalies (phases with no success
//! or with answers nobody expected) for smoke mode's exit code.

use std::fmt::Write as _;

use crate::load::Tally;
use crate::machine::Machine;
use crate::run::{BackendResult, best};

/// Targets from the issue.
pub const LOGIN_RATIO: f64 = 0.9;
pub const PAGE_RATIO: f64 = 0.5;
pub const HALF_LOAD_P99_MS: f64 = 5.0;
pub const SURGE_PAGE_P99_MS: f64 = 50.0;
pub const RSS_LIMIT_MIB: f64 = 512.0;

/// What was measured once for the whole machine.
pub struct Yardsticks {
    pub baseline_sweep: Vec<(usize, Tally)>,
    pub baseline_half: Tally,
    pub baseline_half_rate: f64,
}

pub struct Context<'a> {
    pub date: String,
    pub smoke: bool,
    pub machine: &'a Machine,
    pub server_bin: String,
    pub command: String,
    /// 1-minute load average before and after the run: anything else busy
    /// on the machine skews every number.
    pub load_before: String,
    pub load_after: String,
    pub yardsticks: &'a Yardsticks,
    pub backends: &'a [BackendResult],
}

fn verdict(met: bool) -> &'static str {
    if met { "MET" } else { "MISSED" }
}

fn ms(v: f64) -> String {
    if v.is_nan() {
        "n/a".into()
    } else {
        format!("{v:.2} ms")
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// The numbers each target is judged on, computed once for both the
/// tables and the sentences.
struct Judged {
    login_rate: f64,
    login_ratio: f64,
    page_rate: f64,
    page_ratio: f64,
    half_p99: f64,
    steady_p99: f64,
    rss_mib: f64,
}

fn judge(r: &BackendResult, y: &Yardsticks) -> Judged {
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

fn sweep_table(out: &mut String, what: &str, sweep: &[(usize, Tally)]) {
    let _ = writeln!(
        out,
        "| {what}: in flight | 2xx/s | p50 | p99 | other answers |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (c, t) in sweep {
        let _ = writeln!(
            out,
            "| {c} | {:.1} | {} | {} | {}{} |",
            t.ok_per_sec(),
            ms(t.ms(0.5)),
            ms(t.ms(0.99)),
            t.other_statuses(),
            if t.errors > 0 {
                format!(", {} transport errors", t.errors_text())
            } else {
                String::new()
            }
        );
    }
    out.push('\n');
}

pub fn render(cx: &Context<'_>) -> String {
    let y = cx.yardsticks;
    let m = cx.machine;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Results Online: load test report{}\n",
        if cx.smoke {
            " (SMOKE RUN: durations too short to mean anything)"
        } else {
            ""
        }
    );
    let _ = writeln!(o, "Date: {}  ", cx.date);
    let _ = writeln!(
        o,
        "Machine: {} × {} cores, {} RAM, Linux {}, {}  ",
        m.cpu, m.cores, m.ram, m.kernel, m.rustc
    );
    let _ = writeln!(
        o,
        "Load average (1 min) before / after the run: {} / {} (the harness itself adds about 2 while it runs).  ",
        cx.load_before, cx.load_after
    );
    let _ = writeln!(
        o,
        "Server binary: `{}` (release build), load generator on the same machine.\n",
        cx.server_bin
    );
    let _ = writeln!(o, "Reproduce:\n\n```sh\n{}\n```\n", cx.command);
    let _ = writeln!(
        o,
        "Everything below was measured in this one run. Latencies are of 2xx answers, from the moment the request was handed to the HTTP client until its body was read.\n"
    );

    let _ = writeln!(o, "## Machine yardsticks\n");
    let base = best(&y.baseline_sweep).map_or(0.0, |(_, t)| t.ok_per_sec());
    let _ = writeln!(
        o,
        "Bare axum handler returning a {}-byte static HTML page: **{base:.0} req/s** at best; at half that ({:.0}/s offered, open loop) p50 {} and p99 {}.\n",
        crate::baseline::PAGE_LEN,
        y.baseline_half_rate,
        ms(y.baseline_half.ms(0.5)),
        ms(y.baseline_half.ms(0.99))
    );
    sweep_table(&mut o, "bare axum", &y.baseline_sweep);

    for r in cx.backends {
        let j = judge(r, y);
        let _ = writeln!(o, "## {}\n", r.backend);

        let _ = writeln!(o, "### 1. Login throughput against the argon2 rate\n");
        let _ = writeln!(
            o,
            "argon2id verify (m = 19456 KiB, t = 2, p = 1, no HTTP) on {} threads, measured just before the logins: **{:.1} verifies/s** ({} in the window).\n",
            r.argon.threads, r.argon.per_sec, r.argon.verifies
        );
        sweep_table(&mut o, "login (closed loop)", &r.login_sweep);
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
        sweep_table(&mut o, "/results (closed loop)", &r.page_sweep);
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
        crate::report_herd::same_work(&mut o, r);

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
        crate::report_herd::herd(&mut o, &r.herd);
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

    let _ = writeln!(o, "## Targets, as this run measured them\n");
    for r in cx.backends {
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

    let _ = writeln!(o, "## Anomalies\n");
    let all = anomalies(y, cx.backends);
    if all.is_empty() {
        let _ = writeln!(
            o,
            "None: every phase had successes and only the expected answers."
        );
    } else {
        for a in all {
            let _ = writeln!(o, "- {a}");
        }
    }
    o
}

fn met_word(met: bool) -> &'static str {
    if met { "met" } else { "missed" }
}

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
