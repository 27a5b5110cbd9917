//! SeaORM entities: the database rows, kept apart from the DTOs pages see.
pub mod account;
pub mod audit_entry;
pub mod centre;
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
pub mod staff;
pub mod staff_recovery_code;
pub mod staff_session;
pub mod staff_token;
