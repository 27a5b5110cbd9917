//! A centre's staff: invitations, sign-in with a second factor, and the
//! audit log of what they do. Every portal service starts from
//! [`sessions::require_staff`] and reaches only that staff member's centre.

pub mod audit;
pub mod candidates;
pub mod invitations;
pub mod log;
mod recovery_codes;
pub mod release_times;
pub mod second_factor;
mod secret_box;
pub mod sessions;
mod totp;
pub mod uploads;
