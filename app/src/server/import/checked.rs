//! What the import's two steps hand each other: a file checked, the rows
//! it would write, and who imports it.

use chrono::{DateTime, Utc};

use super::report::{RowError, rows_with_errors};
use crate::domain::{CentreCode, RowChange, UploadKind, UploadSummary};
use crate::server::entities::{entry, exam_result};
use crate::server::staff::audit::Actor;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} invalid row(s); nothing was imported", rows_with_errors(.0))]
    Invalid(Vec<RowError>),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// Told how many rows are written so far, of how many (the command line
/// draws a bar with it).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// A file checked against the database: what each row would do.
#[derive(Debug)]
pub struct Checked {
    pub kind: UploadKind,
    pub summary: UploadSummary,
    /// Every data row the reader could split, in file order.
    pub rows: Vec<CheckedRow>,
    /// Every problem, in file order; empty when the file can be imported.
    pub errors: Vec<RowError>,
    pub(super) writes: Writes,
}

/// One row of the file as typed, and what importing it would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRow {
    pub line: u64,
    /// The row's values in [`UploadKind::columns`] order, trimmed.
    pub values: Vec<String>,
    pub change: RowChange,
}

/// The rows to write (new or changed), with their lines.
#[derive(Debug)]
pub(super) enum Writes {
    Entries(Vec<(u64, entry::Model)>),
    Results(Vec<(u64, exam_result::Model)>),
}

impl From<Vec<(u64, entry::Model)>> for Writes {
    fn from(rows: Vec<(u64, entry::Model)>) -> Self {
        Self::Entries(rows)
    }
}

impl From<Vec<(u64, exam_result::Model)>> for Writes {
    fn from(rows: Vec<(u64, exam_result::Model)>) -> Self {
        Self::Results(rows)
    }
}

/// A file to import, and who imports it (for the audit log).
#[derive(Debug, Clone, Copy)]
pub struct ImportFile<'a> {
    pub centre: &'a CentreCode,
    pub kind: UploadKind,
    pub data: &'a [u8],
    /// As the audit log names it.
    pub name: &'a str,
    pub by: &'a Actor,
    pub at: DateTime<Utc>,
}
