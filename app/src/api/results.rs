use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::AppError;
use crate::domain::ExamScale;

/// What the results page shows the signed-in candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    pub candidate_name: String,
    pub id_number: String,
    pub exam: String,
    /// ISO date, e.g. `2026-06-13`.
    pub exam_date: String,
    /// The same date for people, e.g. `13 June 2026`.
    pub exam_date_text: String,
    pub outcome: Outcome,
}

/// Before the release time the view carries no score at all: not hidden,
/// absent from the HTML and from every response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Pending {
        /// Milliseconds since the Unix epoch, for the browser's own clock and zone.
        release_at_ms: i64,
        /// e.g. `12 July 2026, 09:00 UTC`, shown before the browser formats it.
        release_at_utc: String,
    },
    /// Release time passed but the centre has not loaded the results yet.
    NotYetLoaded,
    Released(Scores),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub overall: u16,
    pub grade: String,
    pub cefr_level: String,
    pub scale: ExamScale,
    pub skills: Vec<SkillScore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Skill {
    Reading,
    Writing,
    Listening,
    Speaking,
    UseOfEnglish,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillScore {
    pub skill: Skill,
    pub score: u16,
}

/// The signed-in candidate's results, or [`AppError::NotSignedIn`].
#[server(endpoint = "my_results")]
pub async fn my_results() -> Result<ResultsView, AppError> {
    use crate::server::request::{state, with_status};
    let result = async {
        let state = state()?;
        let id_number = crate::server::sessions::current_candidate(&state).await?.ok_or(AppError::NotSignedIn)?;
        crate::server::results::results_for(&state, &id_number, chrono::Utc::now()).await
    }
    .await;
    with_status(result)
}
