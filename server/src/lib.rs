//! The Results Online server: configuration, start-up, demo data and the
//! centre's command-line import.
pub mod config;
pub mod demo;
pub mod hardening;
pub mod health;
pub mod language;
pub mod startup;
pub mod telemetry;
