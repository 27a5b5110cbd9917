//! SeaORM entities: the database rows, kept apart from the DTOs pages see.
pub mod account;
pub mod email_token;
pub mod entry;
pub mod exam_result;
pub mod failed_attempt;
pub mod outbox;
pub mod passkey;
pub mod passkey_ceremony;
pub mod session;
pub mod share_check;
pub mod share_code;
