//! The Results Online server: configuration, start-up, demo data and the
//! centre's command-line import.
// No panics on a request path; tests may (clippy.toml).
#![warn(clippy::unwrap_used, clippy::expect_used)]
// The page shell as a value (`AnyView`, for the adapter) is a deep type.
#![recursion_limit = "256"]

pub mod caching;
pub mod commands;
pub mod config;
pub mod demo;
pub mod hardening;
pub mod health;
pub mod language;
pub mod router;
pub mod serve;
pub mod startup;
pub mod telemetry;
