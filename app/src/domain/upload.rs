//! A centre's file, checked before anything is written: what each row
//! would do, for the preview page and the command line alike.

use serde::{Deserialize, Serialize};

/// What a centre's file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UploadKind {
    Entries,
    Results,
}

impl UploadKind {
    /// The columns a file of this kind must have, in the order the
    /// documentation gives them (a file may order them as it likes).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Entries => &["id_number", "secret_number", "given_name", "family_name", "exam", "exam_date", "results_release_at"],
            Self::Results => &["id_number", "overall_score", "grade", "cefr_level", "reading", "writing", "listening", "speaking", "use_of_english"],
        }
    }
}

/// What importing a row would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowChange {
    New,
    Updated,
    /// The row is already loaded exactly so.
    Unchanged,
    /// The row has at least one problem: the file cannot be imported.
    Problem,
}

/// How many rows of a file would do what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadSummary {
    pub rows: usize,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub with_problems: usize,
}

impl UploadSummary {
    pub fn count(&mut self, change: RowChange) {
        self.rows += 1;
        match change {
            RowChange::New => self.new += 1,
            RowChange::Updated => self.updated += 1,
            RowChange::Unchanged => self.unchanged += 1,
            RowChange::Problem => self.with_problems += 1,
        }
    }
}
