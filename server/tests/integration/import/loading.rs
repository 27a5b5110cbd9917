//! Files that import: the same file twice, a correction, the example
//! files, and a file as Excel writes it in France.

use app::domain::CentreCode;

use super::support::RESULTS_HEADER;
use crate::helpers::{
    Backend, RESULTS_CSV, entries_csv, import_entries, import_results, spawn_app,
};
use crate::on_both_backends;

on_both_backends!(
    importing_the_same_file_twice_changes_nothing,
    a_reimport_updates_rows_in_place,
    the_example_files_import_cleanly,
    a_semicolon_file_with_a_byte_order_mark_and_windows_line_ends_imports_as_excel_writes_it,
);

async fn importing_the_same_file_twice_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let csv = entries_csv();
    assert_eq!(
        import_entries(&app.db, &CentreCode::default_centre(), csv.as_bytes())
            .await
            .expect("first"),
        2
    );
    assert_eq!(
        import_entries(&app.db, &CentreCode::default_centre(), csv.as_bytes())
            .await
            .expect("second"),
        2
    );
    assert_eq!(
        import_results(
            &app.db,
            &CentreCode::default_centre(),
            RESULTS_CSV.as_bytes()
        )
        .await
        .expect("results"),
        2
    );
    assert_eq!(
        import_results(
            &app.db,
            &CentreCode::default_centre(),
            RESULTS_CSV.as_bytes()
        )
        .await
        .expect("results again"),
        2
    );
    assert_eq!(app.count("entries").await, 2);
    assert_eq!(app.count("results").await, 2);
}

async fn a_reimport_updates_rows_in_place(backend: Backend) {
    let app = spawn_app(backend).await;
    import_entries(
        &app.db,
        &CentreCode::default_centre(),
        entries_csv().as_bytes(),
    )
    .await
    .expect("entries");
    import_results(
        &app.db,
        &CentreCode::default_centre(),
        RESULTS_CSV.as_bytes(),
    )
    .await
    .expect("results");
    let corrected = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n\
                     SIR094701,180,A,C1,172,168,181,183,\n";
    import_results(&app.db, &CentreCode::default_centre(), corrected.as_bytes())
        .await
        .expect("correction");
    assert_eq!(
        app.count("results WHERE id_number = 'SIR094701' AND overall_score = 180 AND grade = 'A'")
            .await,
        1
    );
    assert_eq!(app.count("results").await, 2);
}

async fn the_example_files_import_cleanly(backend: Backend) {
    let app = spawn_app(backend).await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let entries = std::fs::read(root.join("entries.csv")).expect("examples/entries.csv");
    let results = std::fs::read(root.join("results.csv")).expect("examples/results.csv");
    assert_eq!(
        import_entries(&app.db, &CentreCode::default_centre(), entries)
            .await
            .expect("entries"),
        3
    );
    assert_eq!(
        import_results(&app.db, &CentreCode::default_centre(), results)
            .await
            .expect("results"),
        3
    );
}

async fn a_semicolon_file_with_a_byte_order_mark_and_windows_line_ends_imports_as_excel_writes_it(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let csv = "\u{FEFF}id_number;secret_number;given_name;family_name;exam;exam_date;results_release_at\r\n\
               SIR094701;4821;Zoé;Lefèvre;B2 First;2026-06-13;2026-07-12T10:00:00+02:00\r\n\
               SIR094702;1907;\"Jean, Marc\";Moreau;C1 Advanced;2026-06-13;2026-07-12T10:00:00+02:00\r\n";
    assert_eq!(
        import_entries(&app.db, &CentreCode::default_centre(), csv.as_bytes())
            .await
            .expect("entries"),
        2
    );
    assert_eq!(
        app.text_value("SELECT given_name AS v FROM entries WHERE id_number = 'SIR094702'")
            .await,
        "Jean, Marc"
    );
    assert_eq!(
        app.text_value("SELECT family_name AS v FROM entries WHERE id_number = 'SIR094701'")
            .await,
        "Lefèvre",
        "the BOM is not part of the first column"
    );
    let results = format!(
        "{}\r\nSIR094701;176;B;B2;172;168;181;183;\r\n",
        RESULTS_HEADER.replace(',', ";")
    );
    assert_eq!(
        import_results(&app.db, &CentreCode::default_centre(), results.as_bytes())
            .await
            .expect("results"),
        1
    );
}
