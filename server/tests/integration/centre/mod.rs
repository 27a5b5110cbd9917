//! The centre portal over the wire: plain form posts, cookies, statuses,
//! and one centre's staff kept to their own centre's data.
//!
//! - `sign_in_and_import`: an officer's whole first visit, from the
//!   invitation through both factors to an imported file and the log;
//! - `refusals`: another centre's candidates and uploads, cross-site posts,
//!   candidates' sessions and a file too large, all refused;
//! - `accounts_of_many_exams`: an account of two centres' exams, each
//!   centre seeing only its own;
//! - `candidates_and_release`: a candidate found, a new Secret Number, a
//!   release time moved;
//! - `colleagues`: an admin invites a colleague, an officer cannot;
//! - `many_at_once`: pages asked many at once while other servers start;
//! - `support`: invitations, a signed-in staff session, uploads.

mod accounts_of_many_exams;
mod candidates_and_release;
mod colleagues;
mod many_at_once;
mod refusals;
mod sign_in_and_import;
mod support;
