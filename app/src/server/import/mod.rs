//! CSV import of a centre's entries and results, for the command line and
//! the centre portal alike. Every row is checked with the same domain types
//! as the web forms, and against what is already loaded: [`check`] says what
//! each row would do and writes nothing; [`write`] writes every row in the
//! caller's transaction, or none when one row has a problem. Re-importing a
//! file updates rows in place (upsert). A centre reaches only its own entries.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect, TransactionTrait,
};

mod file;
mod report;
mod row;
mod rules;

pub use report::{Place, RowError, RowProblem, rows_with_errors};

use self::file::Values;
use self::row::RowCheck;
use self::rules::{CHUNK, Entries, Results, Rules};
use super::entities::{entry, exam_result};
use super::staff::audit::{self, Actor, AuditAction};
use crate::domain::{CentreCode, Column, IdNumber, RowChange, UploadKind, UploadSummary};

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

/// The rows to write (new or changed), with their lines.
#[derive(Debug)]
enum Writes {
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
        UploadKind::Entries => check_as::<Entries>(db, centre, data).await,
        UploadKind::Results => check_as::<Results>(db, centre, data).await,
    }
}

async fn check_as<R: Rules>(
    db: &impl ConnectionTrait,
    centre: &CentreCode,
    data: &[u8],
) -> anyhow::Result<Checked>
where
    Writes: From<Vec<(u64, R::Model)>>,
{
    let mut errors = Vec::new();
    let rows = file::read_rows(data, R::KIND.columns(), &mut errors);
    let ids = parsed_ids(rows.iter().filter_map(|(_, r)| r.as_ref().ok()));
    let mut loaded = R::loaded(db, centre, &ids).await?;
    let mut seen = HashSet::new();
    let mut summary = UploadSummary::default();
    let mut checked = Vec::with_capacity(rows.len());
    let mut writes = Vec::new();
    for (line, row) in rows {
        let values = match row {
            Ok(values) => values,
            Err(e) => {
                errors.push(e);
                summary.count(RowChange::Problem);
                checked.push(CheckedRow {
                    line,
                    values: Vec::new(),
                    change: RowChange::Problem,
                });
                continue;
            }
        };
        let mut c = RowCheck::new(line, &values, &mut errors);
        let id = c.check(Column::IdNumber, IdNumber::parse);
        if let Some(id) = &id {
            if !seen.insert(id.to_string()) {
                c.problem(Column::IdNumber, RowProblem::DuplicateIdNumber);
            }
            if let Some(problem) = loaded.refused.get(id.as_ref()) {
                c.problem(Column::IdNumber, problem.clone());
            }
        }
        // Every column is checked, whatever the ID Number's problem.
        let change = match (R::row(id.as_ref(), &mut c, centre), id) {
            (Some(new), Some(id)) if !c.found() => {
                let change = compare(loaded.rows.remove(id.as_ref()).as_ref(), &new);
                if change != RowChange::Unchanged {
                    writes.push((line, new));
                }
                change
            }
            _ => RowChange::Problem,
        };
        summary.count(change);
        checked.push(CheckedRow {
            line,
            values: values.into_values(),
            change,
        });
    }
    Ok(Checked {
        kind: R::KIND,
        summary,
        rows: checked,
        errors,
        writes: writes.into(),
    })
}

fn compare<M: PartialEq>(before: Option<&M>, after: &M) -> RowChange {
    match before {
        None => RowChange::New,
        Some(b) if b == after => RowChange::Unchanged,
        Some(_) => RowChange::Updated,
    }
}

/// The well-formed ID Numbers of the rows, upper-cased, without repeats.
fn parsed_ids<'a>(rows: impl Iterator<Item = &'a Values<'a>>) -> Vec<String> {
    let set: HashSet<String> = rows
        .filter_map(|r| IdNumber::parse(r.get(Column::IdNumber)).ok())
        .map(|id| id.to_string())
        .collect();
    set.into_iter().collect()
}

/// Checks `file` and writes it in one transaction with its audit entry,
/// or nothing when a row has a problem: the command line's import.
///
/// # Errors
/// [`ImportError::Invalid`] with every problem, or [`ImportError::Failed`].
pub async fn import(
    db: &DatabaseConnection,
    file: ImportFile<'_>,
    progress: Progress<'_>,
) -> Result<UploadSummary, ImportError> {
    let checked = check(db, file.centre, file.kind, file.data).await?;
    if !checked.errors.is_empty() {
        return Err(ImportError::Invalid(checked.errors));
    }
    let txn = db.begin().await.context("starting the import")?;
    match write(&txn, file, checked, progress).await {
        Ok(summary) => {
            txn.commit().await.context("committing the import")?;
            Ok(summary)
        }
        Err(e) => {
            txn.rollback().await.context("undoing the import")?;
            Err(e)
        }
    }
}

/// The operator's import of `data` (the command line, the demo data),
/// audited as the operator now.
///
/// # Errors
/// As [`import`].
pub async fn import_as_operator(
    db: &DatabaseConnection,
    centre: &CentreCode,
    kind: UploadKind,
    data: &[u8],
    name: &str,
    progress: Progress<'_>,
) -> Result<UploadSummary, ImportError> {
    let by = Actor::operator();
    let file = ImportFile {
        centre,
        kind,
        data,
        name,
        by: &by,
        at: Utc::now(),
    };
    import(db, file, progress).await
}

/// Writes a checked file, and its entry in the centre's audit log, in
/// `txn`: everything, or (for a file with a problem) nothing.
///
/// # Errors
/// [`ImportError::Invalid`] with every problem, or [`ImportError::Failed`].
pub async fn write(
    txn: &DatabaseTransaction,
    file: ImportFile<'_>,
    checked: Checked,
    progress: Progress<'_>,
) -> Result<UploadSummary, ImportError> {
    if !checked.errors.is_empty() {
        return Err(ImportError::Invalid(checked.errors));
    }
    match checked.writes {
        Writes::Entries(rows) => {
            let lines: HashMap<String, u64> = rows
                .iter()
                .map(|(line, e)| (e.id_number.clone(), *line))
                .collect();
            write_in_chunks::<Entries>(txn, rows, progress).await?;
            // Another centre may have loaded one of these ID Numbers since
            // the check: the upsert kept its centre, and this finds it.
            let taken = entries_of_other_centres(txn, file.centre, lines.keys()).await?;
            if !taken.is_empty() {
                let mut errors: Vec<RowError> = taken
                    .iter()
                    .map(|id| {
                        let line = lines.get(id.as_str()).copied().unwrap_or(0);
                        let place = report::Place::Column(Column::IdNumber);
                        RowError::new(line, place, RowProblem::OtherCentre)
                    })
                    .collect();
                errors.sort_by_key(|e| e.line);
                return Err(ImportError::Invalid(errors));
            }
        }
        Writes::Results(rows) => write_in_chunks::<Results>(txn, rows, progress).await?,
    }
    let detail = audit_detail(file.kind, file.name, &checked.summary);
    audit::record(
        txn,
        file.centre.as_ref(),
        file.by,
        AuditAction::Imported,
        &detail,
        file.at,
    )
    .await?;
    Ok(checked.summary)
}

/// What the audit log says of a file uploaded or imported.
pub fn audit_detail(kind: UploadKind, file_name: &str, s: &UploadSummary) -> String {
    let kind = match kind {
        UploadKind::Entries => "entries",
        UploadKind::Results => "results",
    };
    format!(
        "{file_name} ({kind}): {} rows, {} new, {} updated, {} unchanged, {} with problems",
        s.rows, s.new, s.updated, s.unchanged, s.with_problems
    )
}

async fn entries_of_other_centres(
    db: &impl ConnectionTrait,
    centre: &CentreCode,
    ids: impl Iterator<Item = &String>,
) -> anyhow::Result<Vec<String>> {
    let ids: Vec<&String> = ids.collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        let found: Vec<String> = entry::Entity::find()
            .select_only()
            .column(entry::Column::IdNumber)
            .filter(entry::Column::IdNumber.is_in(chunk.iter().map(|id| id.as_str())))
            .filter(entry::Column::CentreCode.ne(centre.as_ref()))
            .into_tuple()
            .all(db)
            .await
            .context("checking the entries' centres")?;
        out.extend(found);
    }
    Ok(out)
}

/// Writes the rows a chunk per statement, telling `progress` as it goes.
async fn write_in_chunks<R: Rules>(
    txn: &DatabaseTransaction,
    rows: Vec<(u64, R::Model)>,
    progress: Progress<'_>,
) -> anyhow::Result<()> {
    let total = rows.len();
    let mut done = 0;
    let mut rest = rows;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(CHUNK));
        let n = rest.len();
        let models = rest.into_iter().map(|(_, m)| m.into());
        R::Entity::insert_many(models)
            .on_conflict(R::upsert())
            .exec_without_returning(txn)
            .await
            .context("writing rows")?;
        done += n;
        progress(done, total);
        rest = tail;
    }
    Ok(())
}
