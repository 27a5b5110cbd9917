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
    /// How a page waiting for the release asks again: on the server's
    /// clock, never the browser's, and spread out.
    pub asking: Asking,
}

/// The results page of an account: the exam it shows in full (the one the
/// account was opened with, whose statement and share codes the page
/// offers), and the account's other exams in brief, newest exam first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountResults {
    pub shown: ResultsView,
    pub others: Vec<ExamOutcome>,
}

/// Another exam of the account, as the results page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamOutcome {
    pub id_number: String,
    pub exam: String,
    /// ISO date, e.g. `2026-06-13`.
    pub exam_date: String,
    pub outcome: Outcome,
}

/// The server's side of the waiting page's asking policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asking {
    /// The server's time when it answered, in milliseconds since the Unix
    /// epoch: the page counts down `release_at_ms - server_now_ms` on its
    /// own monotonic time, so a wrong clock in the browser changes nothing.
    pub server_now_ms: i64,
    /// At zero each page waits a random delay up to this long before
    /// asking (full jitter), so that pages waiting together do not ask together.
    pub spread_ms: i64,
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
