//! CSV import of a centre's entries and results. Every row is checked with
//! the same domain types as the web forms; one bad row and nothing is
//! written. Re-importing a file updates rows in place (upsert).

use std::collections::HashSet;
use std::io::Read;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait};
use serde::Deserialize;

mod report;

pub use report::{RowError, RowProblem, rows_with_errors};

use super::entities::{entry, exam_result};
use crate::domain::{CefrLevel, Grade, IdNumber, Score, SecretNumber, ValidationError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} invalid row(s); nothing was imported", rows_with_errors(.0))]
    Invalid(Vec<RowError>),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// Rows written per statement; also the progress bar's step.
const CHUNK: usize = 500;
const MAX_NAME_CHARS: usize = 200;

#[derive(Deserialize)]
struct EntryRow {
    id_number: String,
    secret_number: String,
    given_name: String,
    family_name: String,
    exam: String,
    exam_date: String,
    results_release_at: String,
}

#[derive(Deserialize)]
struct ResultRow {
    id_number: String,
    overall_score: String,
    grade: String,
    cefr_level: String,
    reading: String,
    writing: String,
    listening: String,
    speaking: String,
    use_of_english: String,
}

/// Collects the problems of one row.
struct RowCheck<'a> {
    line: u64,
    errors: &'a mut Vec<RowError>,
}

impl RowCheck<'_> {
    fn check<T, E: Into<RowProblem>>(&mut self, column: &str, r: Result<T, E>) -> Option<T> {
        r.map_err(|e| self.errors.push(RowError { line: self.line, column: column.to_owned(), problem: e.into() })).ok()
    }
}

fn text(value: &str) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ValidationError::Required)
    } else if v.chars().count() > MAX_NAME_CHARS {
        Err(ValidationError::OutOfRange)
    } else if crate::domain::has_forbidden_chars(v) {
        Err(ValidationError::ForbiddenCharacters)
    } else {
        Ok(v.to_owned())
    }
}

fn optional_score(value: &str) -> Result<Option<i16>, ValidationError> {
    if value.trim().is_empty() { Ok(None) } else { Score::parse(value).map(|s| Some(score_i16(s))) }
}

fn score_i16(s: Score) -> i16 {
    // 80..=230 always fits.
    i16::try_from(s.value()).unwrap_or(i16::MAX)
}

/// Line numbers from byte offsets, counting `\n` only: the CSV reader's own
/// count is one too low after `\r\n` line ends, which is what Excel
/// writes, and a centre would look for the problem on the wrong line.
struct Lines<'a> {
    data: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record at byte `offset`; offsets must come in
    /// increasing order. After a `\r` the reader's offset points at the
    /// `\n` still before the record: line ends are skipped first.
    fn of(&mut self, offset: u64) -> u64 {
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(self.data.len()).max(self.at);
        while matches!(self.data.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        self.line += self.data[self.at..offset].iter().filter(|b| **b == b'\n').count() as u64;
        self.at = offset;
        self.line
    }
}

/// Reads every row with its line number, reporting header and decoding
/// problems as row errors.
fn read_rows<T: for<'de> Deserialize<'de>>(mut reader: impl Read, errors: &mut Vec<RowError>) -> Vec<(u64, T)> {
    let mut data = Vec::new();
    if let Err(e) = reader.read_to_end(&mut data) {
        errors.push(RowError { line: 1, column: "header".into(), problem: RowProblem::UnreadableHeader(e.to_string()) });
        return Vec::new();
    }
    let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::Headers).from_reader(data.as_slice());
    let headers = match csv.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(RowError { line: 1, column: "header".into(), problem: RowProblem::UnreadableHeader(e.to_string()) });
            return Vec::new();
        }
    };
    let mut lines = Lines { data: &data, at: 0, line: 1 };
    let mut rows = Vec::new();
    for record in csv.records() {
        let parsed = record.and_then(|r| {
            let line = lines.of(r.position().map_or(0, csv::Position::byte));
            r.deserialize::<T>(Some(&headers)).map(|row| (line, row))
        });
        match parsed {
            Ok(row) => rows.push(row),
            Err(e) => {
                let line = lines.of(e.position().map_or(0, csv::Position::byte));
                errors.push(RowError { line, column: "row".into(), problem: RowProblem::UnreadableRow(e.to_string()) });
            }
        }
    }
    rows
}

fn check_unique(seen: &mut HashSet<String>, id: &IdNumber, check: &mut RowCheck<'_>) {
    if !seen.insert(id.as_ref().to_owned()) {
        check.check::<(), _>("id_number", Err(RowProblem::DuplicateIdNumber));
    }
}

/// Imports a centre's entries.
///
/// # Errors
/// [`ImportError::Invalid`] with every bad row, or [`ImportError::Failed`].
pub async fn import_entries(db: &DatabaseConnection, reader: impl Read) -> Result<usize, ImportError> {
    let mut errors = Vec::new();
    let rows: Vec<(u64, EntryRow)> = read_rows(reader, &mut errors);
    let mut seen = HashSet::new();
    let mut models = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let mut c = RowCheck { line, errors: &mut errors };
        let id = c.check("id_number", IdNumber::parse(&row.id_number));
        if let Some(id) = &id {
            check_unique(&mut seen, id, &mut c);
        }
        let secret = c.check("secret_number", SecretNumber::parse(&row.secret_number));
        let given = c.check("given_name", text(&row.given_name));
        let family = c.check("family_name", text(&row.family_name));
        let exam = c.check("exam", text(&row.exam));
        let date = c.check("exam_date", NaiveDate::parse_from_str(row.exam_date.trim(), "%Y-%m-%d").map_err(|_| RowProblem::DateFormat));
        let release = c.check("results_release_at", DateTime::parse_from_rfc3339(row.results_release_at.trim()).map_err(|_| RowProblem::ReleaseTimeFormat));
        if let (Some(id), Some(secret), Some(given), Some(family), Some(exam), Some(date), Some(release)) = (id, secret, given, family, exam, date, release) {
            models.push(entry::ActiveModel {
                id_number: Set(id.to_string()),
                secret_number: Set(secret.as_ref().to_owned()),
                given_name: Set(given),
                family_name: Set(family),
                exam: Set(exam),
                exam_date: Set(date),
                results_release_at: Set(release.with_timezone(&Utc)),
            });
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let on_conflict = OnConflict::column(entry::Column::IdNumber)
        .update_columns([
            entry::Column::SecretNumber,
            entry::Column::GivenName,
            entry::Column::FamilyName,
            entry::Column::Exam,
            entry::Column::ExamDate,
            entry::Column::ResultsReleaseAt,
        ])
        .to_owned();
    write_in_chunks(db, models, |chunk| entry::Entity::insert_many(chunk).on_conflict(on_conflict.clone())).await
}

/// Imports results for entries already loaded.
///
/// # Errors
/// [`ImportError::Invalid`] with every bad row, or [`ImportError::Failed`].
pub async fn import_results(db: &DatabaseConnection, reader: impl Read) -> Result<usize, ImportError> {
    let mut errors = Vec::new();
    let rows: Vec<(u64, ResultRow)> = read_rows(reader, &mut errors);
    let known: HashSet<String> = entry::Entity::find()
        .select_only()
        .column(entry::Column::IdNumber)
        .filter(entry::Column::IdNumber.is_not_null())
        .into_tuple::<String>()
        .all(db)
        .await
        .context("loading known ID Numbers")?
        .into_iter()
        .collect();
    let mut seen = HashSet::new();
    let mut models = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let mut c = RowCheck { line, errors: &mut errors };
        let id = c.check("id_number", IdNumber::parse(&row.id_number));
        if let Some(id) = &id {
            check_unique(&mut seen, id, &mut c);
            if !known.contains(id.as_ref()) {
                c.check::<(), _>("id_number", Err(RowProblem::UnknownIdNumber));
            }
        }
        let overall = c.check("overall_score", Score::parse(&row.overall_score));
        let grade = c.check("grade", Grade::parse(&row.grade));
        let cefr = c.check("cefr_level", CefrLevel::parse(&row.cefr_level));
        let reading = c.check("reading", optional_score(&row.reading));
        let writing = c.check("writing", optional_score(&row.writing));
        let listening = c.check("listening", optional_score(&row.listening));
        let speaking = c.check("speaking", optional_score(&row.speaking));
        let use_of_english = c.check("use_of_english", optional_score(&row.use_of_english));
        if let (Some(id), Some(overall), Some(grade), Some(cefr), Some(reading), Some(writing), Some(listening), Some(speaking), Some(use_of_english)) =
            (id, overall, grade, cefr, reading, writing, listening, speaking, use_of_english)
        {
            models.push(exam_result::ActiveModel {
                id_number: Set(id.to_string()),
                overall_score: Set(score_i16(overall)),
                grade: Set(grade.as_ref().to_owned()),
                cefr_level: Set(cefr.as_str().to_owned()),
                reading: Set(reading),
                writing: Set(writing),
                listening: Set(listening),
                speaking: Set(speaking),
                use_of_english: Set(use_of_english),
            });
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let on_conflict = OnConflict::column(exam_result::Column::IdNumber)
        .update_columns([
            exam_result::Column::OverallScore,
            exam_result::Column::Grade,
            exam_result::Column::CefrLevel,
            exam_result::Column::Reading,
            exam_result::Column::Writing,
            exam_result::Column::Listening,
            exam_result::Column::Speaking,
            exam_result::Column::UseOfEnglish,
        ])
        .to_owned();
    write_in_chunks(db, models, |chunk| exam_result::Entity::insert_many(chunk).on_conflict(on_conflict.clone())).await
}

/// Writes all rows in one transaction, a chunk per statement, with a
/// progress bar on large files (hidden when stderr is not a terminal).
async fn write_in_chunks<A, F>(db: &DatabaseConnection, models: Vec<A>, statement: F) -> Result<usize, ImportError>
where
    A: sea_orm::ActiveModelTrait + Send,
    F: Fn(Vec<A>) -> sea_orm::InsertMany<A>,
{
    let total = models.len();
    let progress = if total > CHUNK { indicatif::ProgressBar::new(total as u64) } else { indicatif::ProgressBar::hidden() };
    let txn = db.begin().await.context("starting the import")?;
    let mut rest = models;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(CHUNK));
        let n = rest.len();
        statement(rest).exec_without_returning(&txn).await.context("writing rows")?;
        progress.inc(n as u64);
        rest = tail;
    }
    txn.commit().await.context("committing the import")?;
    progress.finish_and_clear();
    Ok(total)
}
