//! One row's check: its values, column by column, and the problems found.

use super::file::Values;
use super::report::{Place, RowError, RowProblem};
use crate::domain::Column;

/// Collects the problems of one row, column by column.
pub(super) struct RowCheck<'v, 'e> {
    line: u64,
    values: &'v Values<'v>,
    errors: &'e mut Vec<RowError>,
    found: bool,
}

impl<'v, 'e> RowCheck<'v, 'e> {
    pub(super) fn new(line: u64, values: &'v Values<'v>, errors: &'e mut Vec<RowError>) -> Self {
        Self {
            line,
            values,
            errors,
            found: false,
        }
    }

    /// Whether a problem was found in the row.
    pub(super) fn found(&self) -> bool {
        self.found
    }

    /// `parse` of the value in `column`, or `None` after noting its problem.
    pub(super) fn check<T, E: Into<RowProblem>>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        parse(self.values.get(column))
            .map_err(|e| self.problem(column, e.into()))
            .ok()
    }

    pub(super) fn problem(&mut self, column: Column, problem: RowProblem) {
        self.found = true;
        self.errors
            .push(RowError::new(self.line, Place::Column(column), problem));
    }
}
