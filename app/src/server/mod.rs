//! Server-only services: database, password hashing, email, sessions, import.
//! Compiled only with the `ssr` feature, so none of it reaches the WASM.

pub mod account_settings;
pub mod accounts;
pub mod calendar;
pub mod caller;
pub mod centres;
pub mod clock;
pub mod confirmation;
pub mod db;
pub mod entities;
pub mod error;
pub mod exams;
pub mod gate;
pub mod import;
pub mod links;
pub mod mailer;
pub mod opening;
pub mod outbox;
pub mod passkeys;
pub mod password;
pub mod privacy;
pub mod recovery;
pub mod release;
pub mod results;
pub mod retention;
pub mod server_key;
pub mod session_store;
pub mod sessions;
pub mod share_codes;
pub mod sign_in_links;
pub mod staff;
mod state;
pub mod statement;
pub mod texts;
pub mod throttle;
pub mod tokens;
pub mod verification;
pub mod zones;

pub use caller::Caller;
pub use error::{ServiceError, ServiceResult};
pub use mailer::Mailer;
pub use outbox::Outbox;
pub use password::PasswordHasher;
pub use state::{AppState, Settings, spawn_logged};
