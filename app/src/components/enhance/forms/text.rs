//! Text into markup and addresses: escaped, percent-encoded, base 64.

use leptos::prelude::window;

/// How server functions carry an error in a URL: URL-safe base64 of its
/// JSON (our errors' JSON is ASCII, which `btoa` takes).
pub(super) fn url_safe_base64(json: &str) -> String {
    window()
        .btoa(json)
        .unwrap_or_default()
        .replace('+', "-")
        .replace('/', "_")
}

pub(super) fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
