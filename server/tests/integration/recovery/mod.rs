//! "Forgotten your password?" and the reset link.
//!
//! - `requests`: asking for a reset, and the limits on its emails;
//! - `new_password`: the new password set through the link, and its rules;
//! - `links`: how long and for what a link works;
//! - `support`: asking for a reset and using its link.

mod links;
mod new_password;
mod requests;
mod support;
