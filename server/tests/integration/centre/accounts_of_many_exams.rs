//! A candidate's account holding exams of two centres: each centre sees
//! its own entry registered and confirmed, and nothing of the other exam,
//! the other centre or the candidate's address.

use super::support::{ENTRIES_HEADER, add_centre, staff_session};
use crate::helpers::{Backend, spawn_app, visible_text};
use crate::on_both_backends;

on_both_backends!(a_centre_sees_its_own_exam_of_an_account_and_nothing_of_the_others);

async fn a_centre_sees_its_own_exam_of_an_account_and_nothing_of_the_others(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let lyon = add_centre(&app, "FR-LYON-02").await;
    let csv = format!(
        "{ENTRIES_HEADER}\nLYN000001,1111,Marie,Lefebvre,C2 Proficiency,2027-03-20,2027-05-01T08:00:00Z\nLYN000002,2222,Hugo,Roux,B2 First,2026-06-13,2027-05-01T08:00:00Z\n"
    );
    crate::helpers::import_entries(&app.db, &lyon, csv.as_bytes())
        .await
        .expect("entries");
    // Marie registered her B2 First (default centre) and adds her Lyon exam.
    let marie = app.signed_in("SIR094701", "4821").await;
    let added = app
        .post(
            "/api/add_exam",
            &[
                ("id_number", "LYN000001"),
                ("secret_number", "1111"),
                ("other_password", ""),
            ],
            Some(&marie),
        )
        .await;
    assert_eq!(added.status(), 200);

    let cookie = staff_session(&app, &lyon, "claire@lycee-ampere.fr").await;
    let page = visible_text(
        &app.get("/centre/candidates", Some(&cookie))
            .await
            .text()
            .await
            .expect("page"),
    );
    // Two rows: Marie's Lyon exam in a confirmed account, Hugo not registered.
    assert!(
        page.contains("LYN000001") && page.contains("LYN000002"),
        "{page}"
    );
    assert_eq!(page.matches("Confirmed").count(), 1, "{page}");
    assert_eq!(page.matches("Not registered").count(), 1, "{page}");
    for elsewhere in ["SIR094701", "marie@example.fr", "DEFAULT", "Default centre"] {
        assert!(!page.contains(elsewhere), "{elsewhere} shown: {page}");
    }
}
