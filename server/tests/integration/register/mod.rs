//! Registration over the wire: the form, its answers, the account and
//! the confirmation email it leaves.
//!
//! - `accepted`: a registration that succeeds, its link, its password hash
//!   and its email when it cannot be sent at once;
//! - `refused`: invalid fields, unknown IDs, failures, and the form
//!   returned without JavaScript;
//! - `again`: registering again, confirmed or not, and twice at once.

mod accepted;
mod again;
mod refused;
