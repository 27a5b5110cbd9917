//! What the portal keeps and forgets: every action commits with its audit
//! entry or not at all, a right password forgives a staff member's typos,
//! the hourly clean-up takes what the portal no longer needs, and a staff
//! row that cannot be read opens nothing.
//!
//! - `audit`: every action undone when its audit entry cannot be written;
//! - `clean_up`: the hourly clean-up of uploads, sessions and links;
//! - `staff_rows`: a staff member's typos forgiven, and a role that cannot
//!   be read.

mod audit;
mod clean_up;
mod staff_rows;

use app::server::ServiceError;

fn failed(outcome: Result<impl std::fmt::Debug, ServiceError>) -> bool {
    matches!(outcome, Err(ServiceError::Unexpected(_)))
}
