//! The server under test as a child process: started with the environment
//! the brief prescribes, stopped with SIGTERM on every exit path (its guard
//! does it on drop), and watched for memory through /proc.

mod database;
mod env;
mod memory;
mod process;

pub use database::{Backend, PgDatabase};
pub use env::{ServerEnv, free_port};
pub use memory::{RssSampler, proc_status_kib};
pub use process::ServerProcess;
