//! A candidate's data through the services: the copy they may download,
//! the deletion of their account, and the retention rules.
//!
//! - `copy`: the copy of an account's data;
//! - `deletion`: an account deleted, and nothing of another;
//! - `retention`: each retention rule, past its period and within it.

mod copy;
mod deletion;
mod retention;
