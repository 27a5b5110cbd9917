//! The import report: each problem found in a centre's file, worded in the
//! centre's language.

use crate::domain::{Column, ValidationError};
use crate::i18n::{Locale, td_string};

/// Where in the file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole (its encoding).
    File,
    Header,
    /// A row that could not be split into its values.
    Row,
    Column(Column),
}

impl Place {
    /// How the report names the place: a column by its header name.
    pub fn name(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Header => "header",
            Self::Row => "row",
            Self::Column(column) => column.name(),
        }
    }
}

/// One problem in one row; `line` is the line number in the file (header = 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub place: Place,
    pub problem: RowProblem,
}

/// What is wrong with a value, kept apart from its wording so that the
/// report can be printed in the centre's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    Invalid(ValidationError),
    /// The CSV reader's own explanation, which is not translated.
    UnreadableHeader(String),
    UnreadableRow(String),
    MissingColumn(Column),
    UnknownIdNumber,
    DuplicateIdNumber,
    DateFormat,
    ReleaseTimeFormat,
    /// The file is not UTF-8 (Excel's plain "CSV" is Windows-1252).
    NotUtf8,
    /// The ID Number is another centre's candidate.
    OtherCentre,
}

impl RowError {
    pub fn new(line: u64, place: Place, problem: RowProblem) -> Self {
        Self {
            line,
            place,
            problem,
        }
    }

    /// The name of the column (or `file`, `header`, `row`) the problem is in.
    pub fn column(&self) -> &'static str {
        self.place.name()
    }

    /// Whether the problem is the file's or its header's, not a row's.
    pub fn is_whole_file(&self) -> bool {
        matches!(self.place, Place::File | Place::Header)
    }

    /// This problem in words, in `locale`, e.g. for the command line.
    pub fn describe(&self, locale: Locale, file: &str) -> String {
        let message = self.message(locale);
        let (file, line, column) = (file.to_owned(), self.line.to_string(), self.column());
        td_string!(
            locale,
            import.row_error,
            file = &file,
            line = &line,
            column = &column,
            message = &message
        )
    }

    /// What is wrong, without where (a preview shows it beside the row).
    pub fn message(&self, locale: Locale) -> String {
        match &self.problem {
            RowProblem::Invalid(e) => e.text(locale).to_owned(),
            RowProblem::UnreadableHeader(detail) => {
                let detail = detail.clone();
                td_string!(locale, import.unreadable_header, detail = &detail)
            }
            RowProblem::UnreadableRow(detail) => {
                let detail = detail.clone();
                td_string!(locale, import.unreadable_row, detail = &detail)
            }
            RowProblem::MissingColumn(column) => {
                let name = column.name();
                td_string!(locale, import.missing_column, column = &name)
            }
            RowProblem::UnknownIdNumber => td_string!(locale, import.unknown_id_number).to_owned(),
            RowProblem::DuplicateIdNumber => {
                td_string!(locale, import.duplicate_id_number).to_owned()
            }
            RowProblem::DateFormat => td_string!(locale, import.date_format).to_owned(),
            RowProblem::ReleaseTimeFormat => td_string!(locale, import.release_format).to_owned(),
            RowProblem::NotUtf8 => td_string!(locale, import.not_utf8).to_owned(),
            RowProblem::OtherCentre => td_string!(locale, import.other_centre).to_owned(),
        }
    }
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Locale::en, "input"))
    }
}

impl From<ValidationError> for RowProblem {
    fn from(e: ValidationError) -> Self {
        Self::Invalid(e)
    }
}

/// How many rows have at least one problem (a row may have several).
pub fn rows_with_errors(errors: &[RowError]) -> usize {
    errors
        .iter()
        .map(|e| e.line)
        .collect::<std::collections::HashSet<_>>()
        .len()
}
