//! The services called directly, against a fresh SQLite file and a fresh
//! PostgreSQL database, with no HTTP in between: the rules themselves. The
//! tests beside this folder cover the wire (statuses, cookies, redirects).

mod exams;
pub(crate) mod passkeys;
mod passwords;
mod portal;
mod portal_records;
mod privacy;
mod registration;
pub(crate) mod release;
mod sessions;
mod share;
pub(crate) mod staff;
mod support;
mod throttle;
