//! Writes the markdown report, and lists anomalies (phases with no success
//! or with answers nobody expected) for smoke mode's exit code.

mod anomalies;
mod context;
mod format;
mod judge;
mod phases;
mod render;
mod targets;

pub use anomalies::anomalies;
pub use context::{Context, Yardsticks};
pub use render::render;
