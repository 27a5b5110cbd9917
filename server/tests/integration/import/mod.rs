//! The import of entries and results files, as the operator's command
//! line and the centre portal run it:
//!
//! - `refusals`: bad rows, each reported with its line and column, and
//!   nothing imported;
//! - `loading`: files imported once, again, corrected, and as Excel writes
//!   them;
//! - `checking`: the preview of what each row would do, and twenty
//!   thousand rows in one go;
//! - `centres`: each centre's candidates kept to it, and the command line
//!   that adds a centre;
//! - `support`: the files' headers and the Lyon centre.

mod centres;
mod checking;
mod loading;
mod refusals;
mod support;
