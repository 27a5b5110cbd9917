//! CSV import of a centre's entries and results, for the command line and
//! the centre portal alike. Every row is checked with the same domain types
//! as the web forms, and against what is already loaded: [`check`] says what
//! each row would do and writes nothing; [`write`] writes every row in the
//! caller's transaction, or none when one row has a problem. Re-importing a
//! file updates rows in place (upsert). A centre reaches only its own entries.

mod check;
mod checked;
mod file;
mod report;
mod row;
mod rules;
mod write;

pub use check::check;
pub use checked::{Checked, CheckedRow, ImportError, ImportFile, Progress};
pub use report::{Place, RowError, RowProblem, rows_with_errors};
pub use write::{audit_detail, import, import_as_operator, write};
