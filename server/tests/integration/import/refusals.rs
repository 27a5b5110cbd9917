//! Files refused with every problem found: bad rows, results for unknown
//! IDs, lines as a spreadsheet counts them, invisible characters and a
//! file not in UTF-8. Nothing of a refused file is imported.

use app::domain::CentreCode;
use app::server::import::ImportError;

use super::support::ENTRIES_HEADER;
use crate::helpers::{Backend, entries_csv, import_entries, import_results, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    every_bad_row_is_reported_with_its_line_and_nothing_is_imported,
    results_for_unknown_ids_are_refused,
    a_file_with_windows_line_ends_is_reported_with_the_lines_a_spreadsheet_shows,
    names_with_invisible_or_direction_changing_characters_are_refused,
    a_file_not_in_utf8_is_refused_with_what_to_do,
);

async fn every_bad_row_is_reported_with_its_line_and_nothing_is_imported(backend: Backend) {
    let app = spawn_app(backend).await;
    let csv = "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
               SIR094701,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n\
               SIR09470,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n\
               SIR094703,48211,Jean,,B2 First,13/06/2026,2026-07-12 10:00\n\
               SIR094701,4821,Marie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n";
    let Err(ImportError::Invalid(errors)) =
        import_entries(&app.db, &CentreCode::default_centre(), csv.as_bytes()).await
    else {
        panic!("the import should fail");
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column())).collect();
    assert_eq!(
        found,
        vec![
            (3, "id_number"),
            (4, "secret_number"),
            (4, "family_name"),
            (4, "exam_date"),
            (4, "results_release_at"),
            (5, "id_number"),
        ]
    );
    assert_eq!(app.count("entries").await, 0);
}

async fn results_for_unknown_ids_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    import_entries(
        &app.db,
        &CentreCode::default_centre(),
        entries_csv().as_bytes(),
    )
    .await
    .expect("entries");
    let csv = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n\
               SIR094701,176,B,B2,172,168,181,183,\n\
               ZZZ000001,176,B,B2,172,168,181,183,\n\
               SIR094702,300,Q,B9,172,168,181,183,12\n";
    let Err(ImportError::Invalid(errors)) =
        import_results(&app.db, &CentreCode::default_centre(), csv.as_bytes()).await
    else {
        panic!("the import should fail");
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column())).collect();
    assert_eq!(
        found,
        vec![
            (3, "id_number"),
            (4, "overall_score"),
            (4, "grade"),
            (4, "cefr_level"),
            (4, "use_of_english")
        ]
    );
    assert_eq!(app.count("results").await, 0);
}

async fn a_file_with_windows_line_ends_is_reported_with_the_lines_a_spreadsheet_shows(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    // What Excel writes: \r\n after every line, a quoted name over two lines.
    let csv = "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\r\n\
               SIR094701,4821,\"Marie\r\nAnne\",Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\r\n\
               SIR094702,1907,Thomas,Moreau,C1 Advanced,2026-06-13,2026-07-12T10:00:00+02:00\r\n\
               SIR09470,4821,Jean,Petit,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\r\n";
    let Err(ImportError::Invalid(errors)) =
        import_entries(&app.db, &CentreCode::default_centre(), csv.as_bytes()).await
    else {
        panic!("the import should fail");
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column())).collect();
    assert_eq!(
        found,
        vec![(2, "given_name"), (5, "id_number")],
        "the name's line break is refused; the bad ID is on line 5"
    );
}

async fn names_with_invisible_or_direction_changing_characters_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    for c in [
        '\u{061C}', '\u{2028}', '\u{2029}', '\u{2060}', '\u{206A}', '\u{FFF9}', '\u{00AD}',
        '\u{180E}',
    ] {
        let csv = format!(
            "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
             SIR094701,4821,Ma{c}rie,Lefebvre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n"
        );
        let outcome = import_entries(&app.db, &CentreCode::default_centre(), csv.as_bytes()).await;
        let Err(ImportError::Invalid(errors)) = outcome else {
            panic!("U+{:04X} was accepted", u32::from(c))
        };
        assert_eq!(
            (errors[0].line, errors[0].column()),
            (2, "given_name"),
            "U+{:04X}",
            u32::from(c)
        );
    }
    assert_eq!(app.count("entries").await, 0);
}

async fn a_file_not_in_utf8_is_refused_with_what_to_do(backend: Backend) {
    let app = spawn_app(backend).await;
    // "Lefèvre" as Excel's plain CSV writes it in France (Windows-1252).
    let mut csv = format!("{ENTRIES_HEADER}\nSIR094701,4821,Zoe,Lef").into_bytes();
    csv.push(0xE8);
    csv.extend_from_slice(b"vre,B2 First,2026-06-13,2026-07-12T10:00:00+02:00\n");
    let Err(ImportError::Invalid(errors)) =
        import_entries(&app.db, &CentreCode::default_centre(), csv.as_slice()).await
    else {
        panic!("the import should fail");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column()), (2, "file"));
    assert!(
        errors[0]
            .describe(app::i18n::Locale::fr, "notes.csv")
            .contains("CSV UTF-8"),
        "{}",
        errors[0].describe(app::i18n::Locale::fr, "notes.csv")
    );
    assert_eq!(app.count("entries").await, 0);
}
