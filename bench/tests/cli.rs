//! The harness as an operator starts it. Cargo builds the `loadtest`
//! binary for these tests, with the same dependency features as every
//! other test: that build is also the one CI's smoke run uses.

use std::process::{Command, Output};

fn loadtest(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loadtest"))
        .args(args)
        .output()
        .expect("loadtest runs")
}

#[test]
fn without_a_server_binary_the_harness_stops_at_once_and_says_where_it_looked() {
    let out = loadtest(&["--smoke", "--server-bin", "/nonexistent/server"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no server binary at /nonexistent/server"),
        "{said}"
    );
}

#[test]
fn a_server_setting_without_a_value_is_refused_before_anything_starts() {
    let out = loadtest(&["--smoke", "--server-env", "PASSWORD_QUEUE"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("expected KEY=VALUE"), "{said}");
}
