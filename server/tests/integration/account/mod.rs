//! The account page: password, email address, updates, all devices.
//!
//! - `page`: the page itself, who may see it, and the updates choice;
//! - `password`: changing the password, wrong guesses, signing out
//!   everywhere;
//! - `email`: a new email address, confirmed before it replaces the old.

mod email;
mod page;
mod password;
mod support;
