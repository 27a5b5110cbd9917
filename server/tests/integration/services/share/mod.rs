//! Share codes and the Statement of Results through the services.
//!
//! - `codes`: how a code is stored and verified, and how many may work;
//! - `checks`: checks by institutions: one answer for every refusal,
//!   failed ones limited, successful ones shown to the candidate;
//! - `statements`: codes and statements after the release, and what the
//!   statement holds.

mod checks;
mod codes;
mod statements;

use app::domain::VerifyInput;
use app::server::Caller;
use chrono::Duration;

use crate::services::support::Services;

/// A candidate with accents in both names, released yesterday, signed in.
async fn zoe(s: &Services) -> Caller {
    let released = (chrono::Utc::now() - Duration::days(1)).to_rfc3339();
    let entries = format!(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\nACC000001,2468,Zoé,Lefèvre-Çelik,C1 Advanced,2026-06-13,{released}\n"
    );
    crate::helpers::import_entries(
        &s.state.db,
        &app::domain::CentreCode::default_centre(),
        entries.as_bytes(),
    )
    .await
    .expect("entries");
    let scores = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\nACC000001,193,B,C1,190,186,199,196,194\n";
    crate::helpers::import_results(
        &s.state.db,
        &app::domain::CentreCode::default_centre(),
        scores.as_bytes(),
    )
    .await
    .expect("results");
    s.confirmed_account("ACC000001", "2468").await;
    s.signed_in("ACC000001").await
}

fn input(code: &str, name: &str, organisation: &str) -> VerifyInput {
    VerifyInput::parse(code, name, organisation).expect("a well-formed check")
}

/// A checker at its own documentation address (RFC 5737).
fn institution(n: u8) -> Caller {
    Caller::from_ip(&format!("198.51.100.{n}"))
}
