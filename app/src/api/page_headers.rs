//! The headers of a page as it is drawn.

use axum::http::{HeaderValue, header};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// Whether `cargo leptos watch` runs this server: it sets `LEPTOS_WATCH`,
/// and only then does the page carry the live-reload script (leptos'
/// `AutoReload` asks the same question). Never from `LEPTOS_ENV`, which a
/// production deployment may leave unset.
fn live_reload() -> bool {
    static WATCHED: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());
    *WATCHED
}

/// Sets the Content-Security-Policy of the page being rendered: only our own
/// files and the inline scripts Leptos writes with this response's nonce may
/// run, the WASM may compile, nothing may frame the page, and script may
/// connect only to this site. Style attributes stay allowed for the score
/// bars' widths. Under `cargo leptos watch` the live-reload websocket is
/// allowed too.
pub fn set_page_security_policy() {
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<ResponseOptions>())
    else {
        return;
    };
    let reload = if live_reload() { " ws: wss:" } else { "" };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}
