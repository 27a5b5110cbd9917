//! Limits on guessing. A Secret Number has only 10,000 values and passwords
//! can be guessed too, so failures are counted per ID Number and per client
//! address, in the database so that every replica sees the same counts.
//!
//! Secret Numbers: at most 5 wrong per ID an hour and 10 a day. Passwords:
//! after 5 failures in a row each further attempt waits 1, 2, 4 … minutes
//! (capped at an hour), so an attacker cannot lock a candidate out for long;
//! never more than 100 failures per account an hour (ASVS 2.2.1). Per client
//! address: a configurable number of failures an hour for each kind, and
//! as many requests for emails (reset links, confirmation links), so that
//! one client cannot fill many inboxes or time many ID Numbers.

mod attempts;
mod by_address;
mod limits;

pub use super::entities::failed_attempt::Guess;
pub use attempts::{Attempt, attempt, check, clear_password_failures};
pub use by_address::{AddressAttempt, attempt_by_address, count_email_request, take_back};
pub use limits::LONGEST_WINDOW;
