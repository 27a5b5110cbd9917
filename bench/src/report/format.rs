//! How the report writes its numbers: verdicts, milliseconds, MiB, and the
//! table of a concurrency sweep.

use std::fmt::Write as _;

use crate::load::Tally;

pub(super) fn verdict(met: bool) -> &'static str {
    if met { "MET" } else { "MISSED" }
}

pub(super) fn ms(v: f64) -> String {
    if v.is_nan() {
        "n/a".into()
    } else {
        format!("{v:.2} ms")
    }
}

pub(super) fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

pub(super) fn sweep_table(out: &mut String, what: &str, sweep: &[(usize, Tally)]) {
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
