//! Results Online: pages, components, shared validation and server functions.
//!
//! With `hydrate` this compiles to the WASM that runs in the browser; with
//! `ssr` it adds the server side (database, hashing, email) that never does.

// No panics on a request path; tests may (clippy.toml).
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod api;
pub mod app;
mod components;
pub mod domain;
mod pages;
#[cfg(feature = "ssr")]
pub mod server;

// The build.rs code generation that replaces this macro pulls ICU's data
// generator (with its networking crates) into every build; the macro does not.
#[allow(deprecated)]
mod i18n_module {
    leptos_i18n::load_locales!();
}
pub use i18n_module::i18n;

// The macro above reads the translation files; tell cargo to rebuild when they change.
const _: &str = include_str!("../locales/en.json");
const _: &str = include_str!("../locales/fr.json");
