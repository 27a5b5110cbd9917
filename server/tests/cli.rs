//! The command line: `server import entries|results FILE` for centres, `server outbox [retry]` for operators.

use std::process::Command;

fn server(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    server_in_locale(dir, args, "C.UTF-8")
}

/// Runs the binary with the shell's `LANG` set to `lang`.
fn server_in_locale(dir: &std::path::Path, args: &[&str], lang: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("cli.db").display()),
        )
        // The report's language follows the shell's unless --lang is given.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("server binary runs")
}

#[test]
fn a_bad_file_prints_every_error_with_its_line_and_exits_non_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
         SIR094701,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n\
         BAD,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n\
         SIR094702,12,Thomas,Moreau,C1 Advanced,2026-06-13,2026-07-12T10:00:00+02:00\n",
    )
    .expect("write csv");
    let out = server(
        dir.path(),
        &["import", "entries", file.to_str().expect("path")],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3, column id_number: Enter your ID Number"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4, column secret_number: Enter the four digits"),
        "{stderr}"
    );
    assert!(stderr.contains("2 invalid row(s)"), "{stderr}");
}

#[test]
fn the_report_speaks_french_when_asked_or_when_the_shell_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
         BAD,4821,Marie,Lefebvre,B2 First,13/06/2026,2026-07-12T10:00:00+02:00\n",
    )
    .expect("write csv");
    let path = file.to_str().expect("path");
    let by_flag = server(dir.path(), &["import", "--lang", "fr", "entries", path]);
    let by_shell = server_in_locale(dir.path(), &["import", "entries", path], "fr_FR.UTF-8");
    for out in [by_flag, by_shell] {
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("ligne 2, colonne id_number : Saisissez votre ID Number"),
            "{stderr}"
        );
        assert!(
            stderr.contains("colonne exam_date : date ISO attendue"),
            "{stderr}"
        );
        assert!(stderr.contains("1 ligne(s) invalide(s)"), "{stderr}");
    }
    let unknown = server(dir.path(), &["import", "--lang", "de", "entries", path]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("use en or fr"));
}

#[test]
fn the_example_files_import_and_reimport() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    for _ in 0..2 {
        for (kind, file) in [("entries", "entries.csv"), ("results", "results.csv")] {
            let out = server(
                dir.path(),
                &["import", kind, root.join(file).to_str().expect("path")],
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("Imported 3 {kind}")));
        }
    }
}

#[test]
fn the_outbox_command_shows_failed_emails_and_queues_them_again() {
    use app::server::entities::outbox as row;
    use sea_orm::{ActiveModelTrait, Set};
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let db = app::server::db::connect_and_migrate(&url, &app::server::db::Pool::default())
            .await
            .expect("database");
        let now = chrono::Utc::now();
        let email = app::server::mailer::Email {
            subject: "Confirm".into(),
            text: "t".into(),
            html: "h".into(),
        };
        app::server::outbox::Outbox::queue(&db, "marie@example.fr", email, now)
            .await
            .expect("queued");
        let failed = row::ActiveModel {
            id: Set(1),
            failed_at: Set(Some(now)),
            attempts: Set(12),
            last_error: Set(Some("sending over SMTP: connection refused".into())),
            ..Default::default()
        };
        failed.update(&db).await.expect("marked failed");
    });
    let status = server(dir.path(), &["outbox"]);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(
        stdout.contains("Emails: 0 pending, 0 sent, 1 failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("failed #1 to marie@example.fr after 12 tries")
            && stdout.contains("connection refused"),
        "{stdout}"
    );
    let retry = server(dir.path(), &["outbox", "retry"]);
    assert!(
        String::from_utf8_lossy(&retry.stdout).contains("Queued 1 failed email(s) again"),
        "{}",
        String::from_utf8_lossy(&retry.stdout)
    );
    let after = server(dir.path(), &["outbox"]);
    assert!(String::from_utf8_lossy(&after.stdout).contains("Emails: 1 pending, 0 sent, 0 failed"));
}

#[test]
fn a_setting_that_does_not_parse_stops_start_up_and_says_which_and_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        ("PASSWORD_QUEUE", "6x4", "invalid digit"),
        ("SESSION_IDLE_MINUTES", "2", "3..=720"),
        (
            "PUBLIC_URL",
            "results.example.org",
            "e.g. https://results.example.org",
        ),
        ("DB_ACQUIRE_TIMEOUT_MS", "5s", "invalid digit"),
        ("TRUSTED_PROXY_HEADER", "X Forwarded For", "a header name"),
    ];
    for (name, value, accepted) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["outbox"])
            .env(
                "DATABASE_URL",
                format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display()),
            )
            .env(name, value)
            .output()
            .expect("server binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}={value} was accepted");
        for part in [name, value, accepted] {
            assert!(
                stderr.contains(part),
                "{name}={value}: {part:?} missing from {stderr}"
            );
        }
    }
    assert!(!dir.path().join("cli.db").exists(), "nothing started");
}
