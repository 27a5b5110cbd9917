//! Checking a file: every row read, checked with the domain's rules and
//! against what is loaded, and what importing it would do. Writes nothing.

use std::collections::HashSet;

use sea_orm::ConnectionTrait;

use super::checked::{Checked, CheckedRow, Writes};
use super::file::{self, Values};
use super::report::RowProblem;
use super::row::RowCheck;
use super::rules::{Entries, Results, Rules};
use crate::domain::{CentreCode, Column, IdNumber, RowChange, UploadKind, UploadSummary};

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
