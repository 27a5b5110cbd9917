use app::server::import::{ImportError, import_entries, import_results};

use crate::helpers::{Backend, RESULTS_CSV, entries_csv, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    every_bad_row_is_reported_with_its_line_and_nothing_is_imported,
    importing_the_same_file_twice_changes_nothing,
    a_reimport_updates_rows_in_place,
    results_for_unknown_ids_are_refused,
    the_example_files_import_cleanly,
    a_file_with_windows_line_ends_is_reported_with_the_lines_a_spreadsheet_shows,
    names_with_invisible_or_direction_changing_characters_are_refused,
);

async fn every_bad_row_is_reported_with_its_line_and_nothing_is_imported(backend: Backend) {
    let app = spawn_app(backend).await;
    let csv = "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
               SIR094701,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n\
               SIR09470,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n\
               SIR094703,48211,Jean,,B2 First,13/06/2026,2026-07-12 10:00\n\
               SIR094701,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n";
    let Err(ImportError::Invalid(errors)) = import_entries(&app.db, csv.as_bytes()).await else {
        panic!("the import should fail");
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(found, vec![(3, "id_number"), (4, "secret_number"), (4, "family_name"), (4, "exam_date"), (4, "results_release_at"), (5, "id_number"),]);
    assert_eq!(app.count("entries").await, 0);
}

async fn importing_the_same_file_twice_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let csv = entries_csv();
    assert_eq!(import_entries(&app.db, csv.as_bytes()).await.expect("first"), 2);
    assert_eq!(import_entries(&app.db, csv.as_bytes()).await.expect("second"), 2);
    assert_eq!(import_results(&app.db, RESULTS_CSV.as_bytes()).await.expect("results"), 2);
    assert_eq!(import_results(&app.db, RESULTS_CSV.as_bytes()).await.expect("results again"), 2);
    assert_eq!(app.count("entries").await, 2);
    assert_eq!(app.count("results").await, 2);
}

async fn a_reimport_updates_rows_in_place(backend: Backend) {
    let app = spawn_app(backend).await;
    import_entries(&app.db, entries_csv().as_bytes()).await.expect("entries");
    import_results(&app.db, RESULTS_CSV.as_bytes()).await.expect("results");
    let corrected = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n\
                     SIR094701,180,A,C1,172,168,181,183,\n";
    import_results(&app.db, corrected.as_bytes()).await.expect("correction");
    assert_eq!(app.count("results WHERE id_number = 'SIR094701' AND overall_score = 180 AND grade = 'A'").await, 1);
    assert_eq!(app.count("results").await, 2);
}

async fn results_for_unknown_ids_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    import_entries(&app.db, entries_csv().as_bytes()).await.expect("entries");
    let csv = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n\
               SIR094701,176,B,B2,172,168,181,183,\n\
               ZZZ000001,176,B,B2,172,168,181,183,\n\
               SIR094702,300,Q,B9,172,168,181,183,12\n";
    let Err(ImportError::Invalid(errors)) = import_results(&app.db, csv.as_bytes()).await else {
        panic!("the import should fail");
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(found, vec![(3, "id_number"), (4, "overall_score"), (4, "grade"), (4, "cefr_level"), (4, "use_of_english")]);
    assert_eq!(app.count("results").await, 0);
}

async fn the_example_files_import_cleanly(backend: Backend) {
    let app = spawn_app(backend).await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let entries = std::fs::File::open(root.join("entries.csv")).expect("examples/entries.csv");
    let results = std::fs::File::open(root.join("results.csv")).expect("examples/results.csv");
    assert_eq!(import_entries(&app.db, entries).await.expect("entries"), 3);
    assert_eq!(import_results(&app.db, results).await.expect("results"), 3);
}

async fn a_file_with_windows_line_ends_is_reported_with_the_lines_a_spreadsheet_shows(backend: Backend) {
    let app = spawn_app(backend).await;
    // What Excel writes: \r\n after every line, a quoted name over two lines.
    let csv = "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\r\n\
               SIR094701,4821,\"Marie\r\nAnne\",Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\r\n\
               SIR094702,1907,Thomas,Moreau,C1 Advanced,2026-06-13,2026-07-12T10:00:00+02:00\r\n\
               SIR09470,4821,Jean,Petit,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\r\n";
    let Err(ImportError::Invalid(errors)) = import_entries(&app.db, csv.as_bytes()).await else {
        panic!("the import should fail");
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(found, vec![(2, "given_name"), (5, "id_number")], "the name's line break is refused; the bad ID is on line 5");
}

async fn names_with_invisible_or_direction_changing_characters_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for c in ['\u{061C}', '\u{2028}', '\u{2029}', '\u{2060}', '\u{206A}', '\u{FFF9}', '\u{00AD}', '\u{180E}'] {
        let csv = format!(
            "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
             SIR094701,4821,Ma{c}rie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n"
        );
        let outcome = import_entries(&app.db, csv.as_bytes()).await;
        let Err(ImportError::Invalid(errors)) = outcome else { panic!("U+{:04X} was accepted", u32::from(c)) };
        assert_eq!((errors[0].line, errors[0].column.as_str()), (2, "given_name"), "U+{:04X}", u32::from(c));
    }
    assert_eq!(app.count("entries").await, 0);
}
