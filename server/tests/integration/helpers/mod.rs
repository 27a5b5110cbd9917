//! What the integration tests share:
//!
//! - `test_app`: the application started on a database of its own;
//! - `requests`: forms and pages asked for as a browser does;
//! - `mail`: the emails sent, and their links;
//! - `database`: plain SQL on the application's database;
//! - `entries`: the test candidates, their results, centres and imports;
//! - `staff`: centre staff's password and app codes;
//! - `text`: what a reader sees of a page or a PDF;
//!
//! and, here, the macro that runs a test on both database backends, the
//! time limit it sets, and the candidates' password.

mod database;
mod entries;
mod mail;
mod requests;
mod staff;
mod test_app;
mod text;

pub use entries::*;
pub use mail::*;
pub use requests::*;
pub use staff::*;
pub use test_app::*;
pub use text::*;

/// Runs a test body once per database backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::within_time_limit(super::$name($crate::helpers::Backend::Sqlite)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::within_time_limit(super::$name($crate::helpers::Backend::Postgres)).await;
            }
        }
    )*};
}

/// Fails a test that has not finished in two minutes (the slowest take
/// about twenty seconds), so that a hang names its test instead of stalling
/// the whole run.
pub async fn within_time_limit(test: impl Future<Output = ()>) {
    tokio::time::timeout(std::time::Duration::from_secs(120), test)
        .await
        .expect("the test finished within two minutes");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "resultats69";
