//! Configuration from environment variables, with defaults that let a fresh
//! checkout run with no services at all.

mod args;
mod settings;

pub use args::ConfigArgs;
pub use settings::Config;
