//! Writing a checked file: every row and its audit entry in one
//! transaction, or nothing.

use std::collections::HashMap;

use anyhow::Context;
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QuerySelect, TransactionTrait,
};

use super::check::check;
use super::checked::{Checked, ImportError, ImportFile, Progress, Writes};
use super::report::{self, RowError, RowProblem};
use super::rules::{CHUNK, Entries, Results, Rules};
use crate::domain::{CentreCode, Column, UploadKind, UploadSummary};
use crate::server::entities::entry;
use crate::server::staff::audit::{self, Actor, AuditAction};

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
