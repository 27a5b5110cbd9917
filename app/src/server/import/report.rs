//! The import report: each problem found in a centre's file, worded in the
//! centre's language.

use crate::domain::ValidationError;
use crate::i18n::Locale;
use crate::server::texts::plain;

/// One problem in one row; `line` is the line number in the file (header = 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: String,
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
    /// This problem in words, in `locale`, e.g. for the command line.
    pub fn describe(&self, locale: Locale, file: &str) -> String {
        use crate::i18n::td;
        let message = self.message(locale);
        let (file, line, column) = (file.to_owned(), self.line.to_string(), self.column.clone());
        plain(td!(
            locale,
            import.row_error,
            file = move || file.clone(),
            line = move || line.clone(),
            column = move || column.clone(),
            message = move || message.clone()
        )())
    }

    /// What is wrong, without where (a preview shows it beside the row).
    pub fn message(&self, locale: Locale) -> String {
        use crate::i18n::{td, td_string};
        match &self.problem {
            RowProblem::Invalid(e) => e.text(locale).to_owned(),
            RowProblem::UnreadableHeader(detail) => {
                let detail = detail.clone();
                plain(td!(
                    locale,
                    import.unreadable_header,
                    detail = move || detail.clone()
                )())
            }
            RowProblem::UnreadableRow(detail) => {
                let detail = detail.clone();
                plain(td!(
                    locale,
                    import.unreadable_row,
                    detail = move || detail.clone()
                )())
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
