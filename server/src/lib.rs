//! The Results Online server: configuration, start-up, demo data and the
//! centre's command-line import.
// No panics on a request path; tests may (clippy.toml).
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod caching;
pub mod config;
pub mod demo;
pub mod hardening;
pub mod health;
pub mod language;
pub mod serve;
pub mod startup;
pub mod telemetry;
