//! The Statement of Results and share codes over HTTP: who may fetch what,
//! the headers, and `/verify` answering a plain form post.
//!
//! - `statement`: the PDF statement, for its owner only;
//! - `codes`: share codes created, verified, revoked, and the server key
//!   they need;
//! - `verify`: `/verify`'s refusals, its limit on guessing, and malformed
//!   checks;
//! - `support`: reading codes from pages and checking them.

mod codes;
mod statement;
mod support;
mod verify;
