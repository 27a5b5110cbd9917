//! What a candidate may see of their entry and results: built by the
//! server, shown by the results page.

use serde::{Deserialize, Serialize};

use super::ExamScale;

/// What the results page shows the signed-in candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsView {
    pub candidate_name: String,
    pub id_number: String,
    pub exam: String,
    /// ISO date, e.g. `2026-06-13`; the page words it in the reader's language.
    pub exam_date: String,
    pub outcome: Outcome,
}

/// Before the release time the view carries no score at all: not hidden,
/// absent from the HTML and from every response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Pending {
        /// Milliseconds since the Unix epoch: the page shows it in UTC and,
        /// once the browser runs, in the candidate's own time zone.
        release_at_ms: i64,
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
