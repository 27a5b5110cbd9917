//! One backend's run: start the server, load candidates, and measure the
//! four things the report is about, in an order where each phase leaves the
//! next what it needs (registration → confirmed accounts → sessions).

mod accounts;
mod backend;
mod common;
mod profile;
mod release;
mod render_cost;
mod result;
mod surge;

pub use backend::run_backend;
pub use common::request_fn;
pub use profile::Profile;
pub use result::{BackendResult, best};
