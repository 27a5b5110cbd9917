//! A centre's file, checked before anything is written: what each row
//! would do, for the preview page and the command line alike.

use serde::{Deserialize, Serialize};

/// What a centre's file holds. Stored as `entries` or `results` with a
/// file kept for its Import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)"
    )
)]
pub enum UploadKind {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "entries"))]
    Entries,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "results"))]
    Results,
}

/// A column of a centre's file, named as the header row names it. Every
/// list of columns (the files' headers, the preview's table, the import's
/// checks and their reports) is made of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    IdNumber,
    SecretNumber,
    GivenName,
    FamilyName,
    Exam,
    ExamDate,
    ResultsReleaseAt,
    OverallScore,
    Grade,
    CefrLevel,
    Reading,
    Writing,
    Listening,
    Speaking,
    UseOfEnglish,
}

impl Column {
    /// The name in a file's header row.
    pub fn name(self) -> &'static str {
        match self {
            Self::IdNumber => "id_number",
            Self::SecretNumber => "secret_number",
            Self::GivenName => "given_name",
            Self::FamilyName => "family_name",
            Self::Exam => "exam",
            Self::ExamDate => "exam_date",
            Self::ResultsReleaseAt => "results_release_at",
            Self::OverallScore => "overall_score",
            Self::Grade => "grade",
            Self::CefrLevel => "cefr_level",
            Self::Reading => "reading",
            Self::Writing => "writing",
            Self::Listening => "listening",
            Self::Speaking => "speaking",
            Self::UseOfEnglish => "use_of_english",
        }
    }
}

impl UploadKind {
    /// The columns a file of this kind must have, in the order the
    /// documentation gives them (a file may order them as it likes).
    pub fn columns(self) -> &'static [Column] {
        use Column::*;
        match self {
            Self::Entries => &[
                IdNumber,
                SecretNumber,
                GivenName,
                FamilyName,
                Exam,
                ExamDate,
                ResultsReleaseAt,
            ],
            Self::Results => &[
                IdNumber,
                OverallScore,
                Grade,
                CefrLevel,
                Reading,
                Writing,
                Listening,
                Speaking,
                UseOfEnglish,
            ],
        }
    }

    /// The header row of a file of this kind.
    pub fn header(self) -> String {
        let names: Vec<&str> = self.columns().iter().map(|c| c.name()).collect();
        names.join(",")
    }

    /// What a form sends for this kind.
    pub fn parse(input: &str) -> Option<Self> {
        match input.trim() {
            "entries" => Some(Self::Entries),
            "results" => Some(Self::Results),
            _ => None,
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

/// The largest file the portal takes: about 50,000 rows, far above a
/// centre's session. The page says so beside the file field.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;
/// Rows shown in a preview besides every row with a problem.
pub const PREVIEW_ROWS: usize = 50;

/// A checked file as the preview page shows it, problems already worded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadPreview {
    /// What the Import button sends back (never the file itself).
    pub upload: String,
    pub kind: UploadKind,
    pub file_name: String,
    pub summary: UploadSummary,
    /// Every row with a problem, and the first [`PREVIEW_ROWS`] rows.
    pub rows: Vec<PreviewRow>,
    /// Problems of the file as a whole (encoding, header).
    pub file_problems: Vec<String>,
}

impl UploadPreview {
    pub fn can_import(&self) -> bool {
        self.file_problems.is_empty() && self.summary.with_problems == 0 && self.summary.rows > 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    pub line: u64,
    pub values: Vec<String>,
    pub change: RowChange,
    /// "column: what is wrong", in the staff member's language.
    pub problems: Vec<String>,
}
