//! Reading the request and writing the response's headers: cookies, the
//! client's address and language, the page's security policy. The wire's
//! side of the adapter; services never see any of it.

use axum::http::{HeaderMap, HeaderValue, header};
use cookie::{Cookie, SameSite};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use leptos_i18n::Locale as _;

use crate::i18n::Locale;
use crate::server::Settings;

/// The session cookie's name over plain http (a developer's machine).
pub const SESSION_COOKIE: &str = "ro_session";
/// Over https: browsers accept a `__Host-` cookie only from a secure origin,
/// for the whole host and never for a parent domain, so no other site
/// under the same domain can set or shadow it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-ro_session";
/// The cookie that remembers the language a visitor chose with the switch.
pub const LANGUAGE_COOKIE: &str = "ro_lang";

/// Put on a request by the server's session guard once the session is
/// checked: the ID Number it belongs to.
#[derive(Debug, Clone)]
pub struct SignedIn(pub String);

/// The centre portal's session cookie: apart from a candidate's, so that
/// one browser can hold both and neither opens the other's pages.
pub const STAFF_COOKIE: &str = "ro_staff";
pub const SECURE_STAFF_COOKIE: &str = "__Host-ro_staff";

/// The staff session cookie's name for these settings.
pub fn staff_cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies() {
        SECURE_STAFF_COOKIE
    } else {
        STAFF_COOKIE
    }
}

/// The staff session cookie holding `token`: `SameSite=Strict`, since no
/// other site ever links into the portal's signed-in pages.
pub fn staff_cookie(
    settings: &Settings,
    token: String,
    lifetime: chrono::Duration,
) -> Cookie<'static> {
    let mut cookie = site_cookie(settings, staff_cookie_name(settings), token, lifetime);
    cookie.set_same_site(SameSite::Strict);
    cookie
}

/// The session cookie's name for these settings.
pub fn session_cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies() {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// A cookie of ours: whole site, never readable by script, not sent along
/// with other sites' requests, `Secure` whenever the site is https.
pub fn site_cookie(
    settings: &Settings,
    name: &'static str,
    value: String,
    max_age: chrono::Duration,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.secure_cookies())
        .max_age(cookie::time::Duration::seconds(max_age.num_seconds()))
        .build()
}

/// The session cookie holding `token`; an empty token with no lifetime
/// clears it.
pub fn session_cookie(
    settings: &Settings,
    token: String,
    lifetime: chrono::Duration,
) -> Cookie<'static> {
    site_cookie(settings, session_cookie_name(settings), token, lifetime)
}

/// The value of cookie `name` in `headers`.
pub fn cookie_in(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

pub(crate) fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// Adds a `Set-Cookie` header to the response being made.
pub fn set_cookie(cookie: &Cookie<'_>) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie.to_string()),
    ) {
        res.append_header(header::SET_COOKIE, v);
    }
}

/// For a server-function request, whether a plain HTML form posted it (no
/// JavaScript: the answer must stay a redirect back to the form) or script
/// did (`Some(false)`); `None` while rendering a page.
pub(crate) fn posted_by_plain_form() -> Option<bool> {
    let parts = request_parts()?;
    if !parts.uri.path().starts_with("/api/") {
        return None;
    }
    Some(
        parts
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html")),
    )
}

/// The client's address: from the trusted proxy's header when one is
/// configured (its last entry, the one that proxy saw), else the connection.
pub fn client_ip(parts: &http::request::Parts, trusted_header: Option<&str>) -> Option<String> {
    if let Some(name) = trusted_header {
        let value = parts.headers.get(name)?.to_str().ok()?;
        return value
            .rsplit(',')
            .next()
            .map(|ip| ip.trim().to_owned())
            .filter(|ip| !ip.is_empty());
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

/// The visitor's own choice (the language cookie), else the best match for
/// the browser's `Accept-Language`, else English.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    if let Some(chosen) = cookie_in(headers, LANGUAGE_COOKIE).and_then(|v| v.parse::<Locale>().ok())
    {
        return chosen;
    }
    let accepted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(accepted_languages)
        .unwrap_or_default();
    Locale::find_locale(&accepted)
}

/// The language tags of an `Accept-Language` header, most wanted first.
fn accepted_languages(header: &str) -> Vec<String> {
    let mut tags: Vec<(f32, usize, String)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then(|| (q, i, tag.to_owned()))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.into_iter().map(|(_, _, tag)| tag).collect()
}

/// What leptos_i18n reads as the request's language while rendering a page:
/// the result of [`locale_of`], so pages, server functions and emails agree.
pub fn page_language() -> Option<String> {
    Some(
        request_parts()
            .map(|p| locale_of(&p.headers))
            .unwrap_or_default()
            .as_str()
            .to_owned(),
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), HeaderValue::from_str(v).expect("header")))
            .collect()
    }

    #[test]
    fn the_browser_preference_picks_the_language_by_weight() {
        assert_eq!(
            locale_of(&headers(&[(
                header::ACCEPT_LANGUAGE,
                "fr-FR,fr;q=0.9,en;q=0.8"
            )])),
            Locale::fr
        );
        assert_eq!(
            locale_of(&headers(&[(
                header::ACCEPT_LANGUAGE,
                "de;q=0.9,en;q=0.5,fr;q=0.7"
            )])),
            Locale::fr
        );
        assert_eq!(
            locale_of(&headers(&[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")])),
            Locale::en
        );
        assert_eq!(
            locale_of(&headers(&[(header::ACCEPT_LANGUAGE, "de-DE")])),
            Locale::en
        );
        assert_eq!(locale_of(&headers(&[])), Locale::en);
    }

    #[test]
    fn a_chosen_language_beats_the_browser_preference_and_junk_is_ignored() {
        let h = headers(&[
            (header::ACCEPT_LANGUAGE, "en"),
            (header::COOKIE, "ro_session=x; ro_lang=fr"),
        ]);
        assert_eq!(locale_of(&h), Locale::fr);
        let h = headers(&[
            (header::ACCEPT_LANGUAGE, "fr"),
            (header::COOKIE, "ro_lang=xx"),
        ]);
        assert_eq!(locale_of(&h), Locale::fr);
    }

    #[test]
    fn cookies_are_found_by_name_among_several_headers_and_pairs() {
        let h: HeaderMap = [
            (header::COOKIE, "a=1; ro_session=abc"),
            (header::COOKIE, "b=2"),
        ]
        .into_iter()
        .map(|(k, v)| (k, HeaderValue::from_static(v)))
        .collect();
        assert_eq!(cookie_in(&h, "ro_session").as_deref(), Some("abc"));
        assert_eq!(cookie_in(&h, "b").as_deref(), Some("2"));
        assert_eq!(cookie_in(&h, "ro_session_x"), None);
    }

    #[test]
    fn the_session_cookie_is_host_only_http_only_and_secure_over_https() {
        let https = Settings::new("https://results.example.org");
        let set = session_cookie(&https, "t0k3n".into(), chrono::Duration::hours(12)).to_string();
        assert!(set.starts_with("__Host-ro_session=t0k3n"), "{set}");
        for part in [
            "HttpOnly",
            "SameSite=Lax",
            "Secure",
            "Path=/",
            "Max-Age=43200",
        ] {
            assert!(set.contains(part), "{part} in {set}");
        }
        assert!(!set.contains("Domain"), "{set}");
        let http = Settings::new("http://127.0.0.1:3000");
        let cleared = session_cookie(&http, String::new(), chrono::Duration::zero()).to_string();
        assert!(
            cleared.starts_with("ro_session=;")
                && cleared.contains("Max-Age=0")
                && !cleared.contains("Secure"),
            "{cleared}"
        );
    }
}
