//! CSV import of a centre's entries and results, for the command line and
//! the centre portal alike. Every row is checked with the same domain types
//! as the web forms, and against what is already loaded: [`check`] says what
//! each row would do and writes nothing; [`import`] writes every row in one
//! transaction, or none when one row has a problem. Re-importing a file
//! updates rows in place (upsert). A centre reaches only its own entries.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use serde::Deserialize;

mod file;
mod report;

pub use report::{RowError, RowProblem, rows_with_errors};

use super::entities::{entry, exam_result};
use crate::domain::{
    CefrLevel, CentreCode, Grade, IdNumber, RowChange, Score, SecretNumber, UploadKind,
    UploadSummary, ValidationError,
};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} invalid row(s); nothing was imported", rows_with_errors(.0))]
    Invalid(Vec<RowError>),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// Rows written per statement, and ID Numbers looked up per query; also
/// the progress bar's step.
const CHUNK: usize = 500;
const MAX_NAME_CHARS: usize = 200;

/// A file checked against the database: what each row would do.
#[derive(Debug)]
pub struct Checked {
    pub kind: UploadKind,
    pub summary: UploadSummary,
    /// Every data row the reader could split, in file order.
    pub rows: Vec<CheckedRow>,
    /// Every problem, in file order; empty when the file can be imported.
    pub errors: Vec<RowError>,
    writes: Writes,
}

/// One row of the file as typed, and what importing it would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRow {
    pub line: u64,
    /// The row's values in [`UploadKind::columns`] order, trimmed.
    pub values: Vec<String>,
    pub change: RowChange,
}

#[derive(Debug)]
enum Writes {
    Entries(Vec<entry::ActiveModel>),
    Results(Vec<exam_result::ActiveModel>),
}

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

impl EntryRow {
    fn values(&self) -> Vec<String> {
        [
            &self.id_number,
            &self.secret_number,
            &self.given_name,
            &self.family_name,
            &self.exam,
            &self.exam_date,
            &self.results_release_at,
        ]
        .map(|v| v.trim().to_owned())
        .to_vec()
    }
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

impl ResultRow {
    fn values(&self) -> Vec<String> {
        [
            &self.id_number,
            &self.overall_score,
            &self.grade,
            &self.cefr_level,
            &self.reading,
            &self.writing,
            &self.listening,
            &self.speaking,
            &self.use_of_english,
        ]
        .map(|v| v.trim().to_owned())
        .to_vec()
    }
}

/// Collects the problems of one row.
struct RowCheck<'a> {
    line: u64,
    errors: &'a mut Vec<RowError>,
    found: bool,
}

impl RowCheck<'_> {
    fn check<T, E: Into<RowProblem>>(&mut self, column: &str, r: Result<T, E>) -> Option<T> {
        r.map_err(|e| {
            self.found = true;
            self.errors.push(RowError {
                line: self.line,
                column: column.to_owned(),
                problem: e.into(),
            });
        })
        .ok()
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
    if value.trim().is_empty() {
        Ok(None)
    } else {
        Score::parse(value).map(|s| Some(score_i16(s)))
    }
}

fn score_i16(s: Score) -> i16 {
    // 80..=230 always fits.
    i16::try_from(s.value()).unwrap_or(i16::MAX)
}

fn check_unique(seen: &mut HashSet<String>, id: &IdNumber, check: &mut RowCheck<'_>) {
    if !seen.insert(id.as_ref().to_owned()) {
        check.check::<(), _>("id_number", Err(RowProblem::DuplicateIdNumber));
    }
}

/// Whether a long import shows a progress bar (on the command line only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Shown,
    Hidden,
}

/// Checks a centre's file against the rules and what is loaded, and says
/// what importing it would do. Writes nothing.
///
/// # Errors
/// Only when the database cannot be read; a bad file is a [`Checked`] with errors.
pub async fn check(
    db: &impl ConnectionTrait,
    centre: &CentreCode,
    kind: UploadKind,
    data: &[u8],
) -> anyhow::Result<Checked> {
    match kind {
        UploadKind::Entries => check_entries(db, centre, data).await,
        UploadKind::Results => check_results(db, centre, data).await,
    }
}

/// Imports a centre's file: every new or changed row in one transaction,
/// or nothing when a row has a problem.
///
/// # Errors
/// [`ImportError::Invalid`] with every problem, or [`ImportError::Failed`].
pub async fn import(
    db: &DatabaseConnection,
    centre: &CentreCode,
    kind: UploadKind,
    data: &[u8],
    progress: Progress,
) -> Result<UploadSummary, ImportError> {
    let checked = check(db, centre, kind, data).await?;
    if !checked.errors.is_empty() {
        return Err(ImportError::Invalid(checked.errors));
    }
    // The ID Numbers written, with their lines (a checked row's ID is well formed).
    let written: HashMap<String, u64> = checked
        .rows
        .iter()
        .filter(|r| matches!(r.change, RowChange::New | RowChange::Updated))
        .map(|r| (r.values[0].to_ascii_uppercase(), r.line))
        .collect();
    let txn = db.begin().await.context("starting the import")?;
    match checked.writes {
        Writes::Entries(models) => {
            let ids: Vec<String> = written.keys().cloned().collect();
            write_in_chunks(&txn, models, progress, |chunk| {
                entry::Entity::insert_many(chunk).on_conflict(entry_upsert())
            })
            .await?;
            // Another centre may have loaded one of these ID Numbers since
            // the check: the upsert kept its centre, and this finds it.
            let taken = entries_of_other_centres(&txn, centre, &ids).await?;
            if !taken.is_empty() {
                txn.rollback().await.context("undoing the import")?;
                let mut errors: Vec<RowError> = taken
                    .iter()
                    .map(|id| RowError {
                        line: written.get(id.as_str()).copied().unwrap_or(0),
                        column: "id_number".into(),
                        problem: RowProblem::OtherCentre,
                    })
                    .collect();
                errors.sort_by_key(|e| e.line);
                return Err(ImportError::Invalid(errors));
            }
        }
        Writes::Results(models) => {
            write_in_chunks(&txn, models, progress, |chunk| {
                exam_result::Entity::insert_many(chunk).on_conflict(result_upsert())
            })
            .await?;
        }
    }
    txn.commit().await.context("committing the import")?;
    Ok(checked.summary)
}

/// Imports a centre's entries from the command line or a test.
///
/// # Errors
/// As [`import`].
pub async fn import_entries(
    db: &DatabaseConnection,
    centre: &CentreCode,
    reader: impl Read,
) -> Result<usize, ImportError> {
    import_from(db, centre, UploadKind::Entries, reader).await
}

/// Imports results for a centre's entries already loaded.
///
/// # Errors
/// As [`import`].
pub async fn import_results(
    db: &DatabaseConnection,
    centre: &CentreCode,
    reader: impl Read,
) -> Result<usize, ImportError> {
    import_from(db, centre, UploadKind::Results, reader).await
}

async fn import_from(
    db: &DatabaseConnection,
    centre: &CentreCode,
    kind: UploadKind,
    mut reader: impl Read,
) -> Result<usize, ImportError> {
    let mut data = Vec::new();
    reader.read_to_end(&mut data).context("reading the file")?;
    import(db, centre, kind, &data, Progress::Shown)
        .await
        .map(|s| s.rows)
}

async fn check_entries(
    db: &impl ConnectionTrait,
    centre: &CentreCode,
    data: &[u8],
) -> anyhow::Result<Checked> {
    let mut errors = Vec::new();
    let rows: Vec<(u64, Result<EntryRow, RowError>)> = file::read_rows(data, &mut errors);
    let ids = parsed_ids(
        rows.iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|r| r.id_number.as_str())),
    );
    let loaded = entries_with_ids(db, &ids).await?;
    let mut seen = HashSet::new();
    let mut out = Rows::with_capacity(rows.len());
    let mut models = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                out.unreadable(line, e, &mut errors);
                continue;
            }
        };
        let mut c = RowCheck {
            line,
            errors: &mut errors,
            found: false,
        };
        let id = c.check("id_number", IdNumber::parse(&row.id_number));
        let before = id.as_ref().and_then(|id| loaded.get(id.as_ref()));
        if let Some(id) = &id {
            check_unique(&mut seen, id, &mut c);
            if before.is_some_and(|b| b.centre_code != centre.as_ref()) {
                c.check::<(), _>("id_number", Err(RowProblem::OtherCentre));
            }
        }
        let secret = c.check("secret_number", SecretNumber::parse(&row.secret_number));
        let given = c.check("given_name", text(&row.given_name));
        let family = c.check("family_name", text(&row.family_name));
        let exam = c.check("exam", text(&row.exam));
        let date = c.check(
            "exam_date",
            NaiveDate::parse_from_str(row.exam_date.trim(), "%Y-%m-%d")
                .map_err(|_| RowProblem::DateFormat),
        );
        let release = c.check(
            "results_release_at",
            DateTime::parse_from_rfc3339(row.results_release_at.trim())
                .map_err(|_| RowProblem::ReleaseTimeFormat),
        );
        let change = match (id, secret, given, family, exam, date, release) {
            (
                Some(id),
                Some(secret),
                Some(given),
                Some(family),
                Some(exam),
                Some(date),
                Some(release),
            ) if !c.found => {
                let new = entry::Model {
                    id_number: id.to_string(),
                    secret_number: secret.as_ref().to_owned(),
                    given_name: given,
                    family_name: family,
                    exam,
                    exam_date: date,
                    results_release_at: release.with_timezone(&Utc),
                    centre_code: centre.to_string(),
                };
                let change = compare(before, &new);
                if change != RowChange::Unchanged {
                    models.push(entry::ActiveModel::from(new));
                }
                change
            }
            _ => RowChange::Problem,
        };
        out.push(line, row.values(), change);
    }
    Ok(out.finish(UploadKind::Entries, errors, Writes::Entries(models)))
}

async fn check_results(
    db: &impl ConnectionTrait,
    centre: &CentreCode,
    data: &[u8],
) -> anyhow::Result<Checked> {
    let mut errors = Vec::new();
    let rows: Vec<(u64, Result<ResultRow, RowError>)> = file::read_rows(data, &mut errors);
    let ids = parsed_ids(
        rows.iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|r| r.id_number.as_str())),
    );
    let known: HashSet<String> = entries_with_ids(db, &ids)
        .await?
        .into_values()
        .filter(|e| e.centre_code == centre.as_ref())
        .map(|e| e.id_number)
        .collect();
    let loaded = results_with_ids(db, &ids).await?;
    let mut seen = HashSet::new();
    let mut out = Rows::with_capacity(rows.len());
    let mut models = Vec::with_capacity(rows.len());
    for (line, row) in rows {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                out.unreadable(line, e, &mut errors);
                continue;
            }
        };
        let mut c = RowCheck {
            line,
            errors: &mut errors,
            found: false,
        };
        let id = c.check("id_number", IdNumber::parse(&row.id_number));
        if let Some(id) = &id {
            check_unique(&mut seen, id, &mut c);
            // Another centre's candidate is, to this centre, unknown.
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
        let change = match (
            id,
            overall,
            grade,
            cefr,
            reading,
            writing,
            listening,
            speaking,
            use_of_english,
        ) {
            (
                Some(id),
                Some(overall),
                Some(grade),
                Some(cefr),
                Some(reading),
                Some(writing),
                Some(listening),
                Some(speaking),
                Some(use_of_english),
            ) if !c.found => {
                let new = exam_result::Model {
                    id_number: id.to_string(),
                    overall_score: score_i16(overall),
                    grade: grade.as_ref().to_owned(),
                    cefr_level: cefr.as_str().to_owned(),
                    reading,
                    writing,
                    listening,
                    speaking,
                    use_of_english,
                };
                let change = compare(loaded.get(id.as_ref()), &new);
                if change != RowChange::Unchanged {
                    models.push(exam_result::ActiveModel::from(new));
                }
                change
            }
            _ => RowChange::Problem,
        };
        out.push(line, row.values(), change);
    }
    Ok(out.finish(UploadKind::Results, errors, Writes::Results(models)))
}

fn compare<M: PartialEq>(before: Option<&M>, after: &M) -> RowChange {
    match before {
        None => RowChange::New,
        Some(b) if b == after => RowChange::Unchanged,
        Some(_) => RowChange::Updated,
    }
}

/// The checked rows and their summary, built row by row.
struct Rows {
    rows: Vec<CheckedRow>,
    summary: UploadSummary,
}

impl Rows {
    fn with_capacity(n: usize) -> Self {
        Self {
            rows: Vec::with_capacity(n),
            summary: UploadSummary::default(),
        }
    }

    fn push(&mut self, line: u64, values: Vec<String>, change: RowChange) {
        self.summary.count(change);
        self.rows.push(CheckedRow {
            line,
            values,
            change,
        });
    }

    fn unreadable(&mut self, line: u64, e: RowError, errors: &mut Vec<RowError>) {
        errors.push(e);
        self.push(line, Vec::new(), RowChange::Problem);
    }

    fn finish(self, kind: UploadKind, errors: Vec<RowError>, writes: Writes) -> Checked {
        Checked {
            kind,
            summary: self.summary,
            rows: self.rows,
            errors,
            writes,
        }
    }
}

/// The well-formed ID Numbers among `raw`, upper-cased, without repeats.
fn parsed_ids<'a>(raw: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: HashSet<String> = raw
        .filter_map(|r| IdNumber::parse(r).ok())
        .map(|id| id.to_string())
        .collect();
    set.into_iter().collect()
}

async fn entries_with_ids(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> anyhow::Result<HashMap<String, entry::Model>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let found = entry::Entity::find()
            .filter(entry::Column::IdNumber.is_in(chunk.iter().cloned()))
            .all(db)
            .await
            .context("loading the file's entries")?;
        out.extend(found.into_iter().map(|e| (e.id_number.clone(), e)));
    }
    Ok(out)
}

async fn results_with_ids(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> anyhow::Result<HashMap<String, exam_result::Model>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let found = exam_result::Entity::find()
            .filter(exam_result::Column::IdNumber.is_in(chunk.iter().cloned()))
            .all(db)
            .await
            .context("loading the file's results")?;
        out.extend(found.into_iter().map(|r| (r.id_number.clone(), r)));
    }
    Ok(out)
}

async fn entries_of_other_centres(
    db: &impl ConnectionTrait,
    centre: &CentreCode,
    ids: &[String],
) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<String> = entry::Entity::find()
            .select_only()
            .column(entry::Column::IdNumber)
            .filter(entry::Column::IdNumber.is_in(chunk.iter().cloned()))
            .filter(entry::Column::CentreCode.ne(centre.as_ref()))
            .into_tuple()
            .all(db)
            .await
            .context("checking the entries' centres")?;
        out.extend(found);
    }
    Ok(out)
}

/// A re-imported entry keeps its centre: only the other columns change.
fn entry_upsert() -> OnConflict {
    OnConflict::column(entry::Column::IdNumber)
        .update_columns([
            entry::Column::SecretNumber,
            entry::Column::GivenName,
            entry::Column::FamilyName,
            entry::Column::Exam,
            entry::Column::ExamDate,
            entry::Column::ResultsReleaseAt,
        ])
        .to_owned()
}

fn result_upsert() -> OnConflict {
    OnConflict::column(exam_result::Column::IdNumber)
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
        .to_owned()
}

/// Writes the rows a chunk per statement, with a progress bar on large
/// files when asked (hidden anyway when stderr is not a terminal).
async fn write_in_chunks<A, F>(
    txn: &impl ConnectionTrait,
    models: Vec<A>,
    progress: Progress,
    statement: F,
) -> anyhow::Result<()>
where
    A: sea_orm::ActiveModelTrait + Send,
    F: Fn(Vec<A>) -> sea_orm::InsertMany<A>,
{
    let total = models.len();
    let bar = if progress == Progress::Shown && total > CHUNK {
        indicatif::ProgressBar::new(total as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut rest = models;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(CHUNK));
        let n = rest.len();
        statement(rest)
            .exec_without_returning(txn)
            .await
            .context("writing rows")?;
        bar.inc(n as u64);
        rest = tail;
    }
    bar.finish_and_clear();
    Ok(())
}
