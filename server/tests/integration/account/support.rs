//! The new password the account tests choose.

pub const NEW_PASSWORD: &str = "tulipe-ocre-48";
