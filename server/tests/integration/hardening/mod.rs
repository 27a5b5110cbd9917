//! The defences every page and post share, over the wire:
//!
//! - `headers`: the security headers, script nonces, HSTS and caching;
//! - `cross_site`: posts from other sites refused by `Origin` and `Referer`;
//! - `requests`: oversized, malformed and odd requests get a plain 4xx, and
//!   every spelling of a signed-in path meets the session guard;
//! - `echoes`: what a page repeats from its address or the server.

mod cross_site;
mod echoes;
mod headers;
mod requests;
