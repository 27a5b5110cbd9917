//! Centres: one centre can neither load, overwrite nor score another's
//! candidates, and the command line adds a centre and loads into it only.

use app::domain::CentreCode;
use app::server::import::ImportError;

use super::support::{ENTRIES_HEADER, RESULTS_HEADER};
use crate::helpers::{Backend, entries_csv, import_entries, import_results, spawn_app};
use crate::on_both_backends;

on_both_backends!(a_centre_can_neither_load_nor_overwrite_nor_score_another_centres_candidates);

async fn lyon(app: &crate::helpers::TestApp) -> CentreCode {
    crate::helpers::add_centre(&app.db, "FR-LYON-02").await
}

async fn a_centre_can_neither_load_nor_overwrite_nor_score_another_centres_candidates(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    import_entries(
        &app.db,
        &CentreCode::default_centre(),
        entries_csv().as_bytes(),
    )
    .await
    .expect("default centre's entries");
    let lyon = lyon(&app).await;
    let csv = format!(
        "{ENTRIES_HEADER}\n\
         LYN000001,1111,Chloé,Girard,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n\
         SIR094701,9999,Intruder,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n"
    );
    let Err(ImportError::Invalid(errors)) = import_entries(&app.db, &lyon, csv.as_bytes()).await
    else {
        panic!("another centre's candidate must be refused");
    };
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.line, e.column()))
            .collect::<Vec<_>>(),
        vec![(3, "id_number")]
    );
    assert!(
        errors[0]
            .describe(app::i18n::Locale::en, "lyon.csv")
            .contains("another centre")
    );
    assert_eq!(
        app.count("entries").await,
        2,
        "nothing written, not even the good row"
    );
    assert_eq!(app.count("entries WHERE secret_number = '9999'").await, 0);

    let own = format!(
        "{ENTRIES_HEADER}\nLYN000001,1111,Chloé,Girard,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n"
    );
    import_entries(&app.db, &lyon, own.as_bytes())
        .await
        .expect("own entries");
    assert_eq!(
        app.count("entries WHERE centre_code = 'FR-LYON-02'").await,
        1
    );
    assert_eq!(app.count("entries WHERE centre_code = 'DEFAULT'").await, 2);

    let scores = format!(
        "{RESULTS_HEADER}\nLYN000001,176,B,B2,172,168,181,183,\nSIR094701,230,A,C2,230,230,230,230,\n"
    );
    let Err(ImportError::Invalid(errors)) = import_results(&app.db, &lyon, scores.as_bytes()).await
    else {
        panic!("results for another centre's candidate must be refused");
    };
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.line, e.column()))
            .collect::<Vec<_>>(),
        vec![(3, "id_number")]
    );
    assert_eq!(app.count("results").await, 0);
}

/// The command line: a centre is added, and a file is loaded into it.
#[tokio::test]
async fn the_command_line_adds_a_centre_and_loads_its_files_into_it_only() {
    use std::process::Command;
    let dir = tempfile::tempdir().expect("dir");
    let database = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("DATABASE_URL", &database)
            .env("LANG", "C")
            .output()
            .expect("runs")
    };
    let file = dir.path().join("entries.csv");
    std::fs::write(&file, entries_csv()).expect("csv");
    let file = file.to_str().expect("path");

    let out = run(&["import", "--centre", "FR-LYON-02", "entries", file]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("server centre add FR-LYON-02"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = run(&[
        "centre",
        "add",
        "fr-lyon-02",
        "--name",
        "Lycée Ampère",
        "--time-zone",
        "Europe/Lyon",
    ]);
    assert!(!out.status.success(), "no such time zone");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a time zone"));
    let out = run(&[
        "centre",
        "add",
        "fr-lyon-02",
        "--name",
        "Lycée Ampère",
        "--time-zone",
        "America/Martinique",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("FR-LYON-02"));
    let out = run(&["centre", "add", "FR-LYON-02", "--name", "Again"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));

    let out = run(&["import", "--centre", "fr-lyon-02", "entries", file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["import", "entries", file]);
    assert!(
        !out.status.success(),
        "the default centre may not take Lyon's candidates"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("another centre"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
