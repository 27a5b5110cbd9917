//! The test candidates and their results, and centres and files imported
//! as the operator's command line does.

use sea_orm::DatabaseConnection;

use super::TestApp;

/// Entries for the tests: one released a day ago, one released in two days.
pub fn entries_csv() -> String {
    let now = chrono::Utc::now();
    format!(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
         SIR094701,4821,Marie,Lefebvre,B2 First,2026-06-13,{}\n\
         SIR094702,1907,Thomas,Moreau,C1 Advanced,2026-06-13,{}\n",
        (now - chrono::Duration::days(1)).to_rfc3339(),
        (now + chrono::Duration::days(2)).to_rfc3339(),
    )
}

pub const RESULTS_CSV: &str = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n\
    SIR094701,176,B,B2,172,168,181,183,\n\
    SIR094702,193,B,C1,190,186,199,196,194\n";

impl TestApp {
    pub async fn load_entries(&self) {
        import_entries(
            &self.db,
            &app::domain::CentreCode::default_centre(),
            entries_csv().as_bytes(),
        )
        .await
        .expect("entries import");
        import_results(
            &self.db,
            &app::domain::CentreCode::default_centre(),
            RESULTS_CSV.as_bytes(),
        )
        .await
        .expect("results import");
    }
}

/// Adds centre `code` (Lycée Ampère, in Paris time) as the operator does.
pub async fn add_centre(db: &DatabaseConnection, code: &str) -> app::domain::CentreCode {
    let code = app::domain::CentreCode::parse(code).expect("centre code");
    let by = app::server::staff::audit::Actor::operator();
    app::server::centres::add(
        db,
        &code,
        "Lycée Ampère",
        "Europe/Paris",
        &by,
        chrono::Utc::now(),
    )
    .await
    .expect("centre added");
    code
}

/// Imports a centre's entries as the operator's command line does; the
/// number of rows.
pub async fn import_entries(
    db: &DatabaseConnection,
    centre: &app::domain::CentreCode,
    csv: impl AsRef<[u8]>,
) -> Result<usize, app::server::import::ImportError> {
    import_csv(db, centre, app::domain::UploadKind::Entries, csv.as_ref()).await
}

/// Imports results for a centre's entries, as [`import_entries`] does.
pub async fn import_results(
    db: &DatabaseConnection,
    centre: &app::domain::CentreCode,
    csv: impl AsRef<[u8]>,
) -> Result<usize, app::server::import::ImportError> {
    import_csv(db, centre, app::domain::UploadKind::Results, csv.as_ref()).await
}

async fn import_csv(
    db: &DatabaseConnection,
    centre: &app::domain::CentreCode,
    kind: app::domain::UploadKind,
    csv: &[u8],
) -> Result<usize, app::server::import::ImportError> {
    app::server::import::import_as_operator(db, centre, kind, csv, "test.csv", &|_, _| {})
        .await
        .map(|s| s.rows)
}
