//! The whole report: its heading, the machine yardsticks, each backend's
//! sections, the targets and the anomalies.

use std::fmt::Write as _;

use super::anomalies::anomalies;
use super::context::Context;
use super::format::{ms, sweep_table};
use super::phases::backend;
use super::targets::targets;
use crate::run::best;

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
        "Server binary: `{}`, load generator on the same machine.\n",
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
        backend(&mut o, r, y, base);
    }

    targets(&mut o, cx.backends, y);

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
