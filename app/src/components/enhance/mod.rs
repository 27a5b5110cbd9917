//! What runs in the browser. Every page is rendered on the server and
//! works without JavaScript; this one island adds, where the page has them:
//! the shared rules checking forms as they are filled in, the error summary
//! and focus, the password strength hint, the busy-server retry of the login,
//! the local release time and countdown, and the idle-session warning.
//!
//! One island that enhances the server's markup, rather than an island per
//! form with views of its own: measured, a form rendered by a reactive
//! island cost 85 KB of compressed WebAssembly on top of the 35 KB runtime,
//! and the candidates' phones download it on every first visit
//! (`bench/SIZE.md`).

#[cfg(feature = "hydrate")]
mod dom;
#[cfg(feature = "hydrate")]
mod forms;
#[cfg(feature = "hydrate")]
mod release;
#[cfg(feature = "hydrate")]
mod send;
#[cfg(feature = "hydrate")]
mod session;

mod markers;

use leptos::prelude::*;

pub use markers::{SUMMARY_SLOT, WARN_BEFORE_SECONDS};

/// The page's enhancements, last in the body: islands hydrate in document
/// order, so the page's markup is all there. It then marks the page
/// interactive, which browser tests wait for before typing.
#[island]
pub fn Enhancements() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let locale = dom::page_locale();
            forms::enhance_all(locale);
            release::start(locale);
            session::start();
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        }
    });
}
