//! Our cookies: a candidate's session, a staff member's (apart, so that
//! one browser can hold both and neither opens the other's pages), and the
//! language chosen with the switch.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use cookie::{Cookie, SameSite};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::server::Settings;
use crate::server::sessions::NewSession;

/// The session cookie's name over plain http (a developer's machine).
pub const SESSION_COOKIE: &str = "ro_session";
/// Over https: browsers accept a `__Host-` cookie only from a secure origin,
/// for the whole host and never for a parent domain, so no other site
/// under the same domain can set or shadow it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-ro_session";
/// The centre portal's session cookie.
pub const STAFF_COOKIE: &str = "ro_staff";
pub const SECURE_STAFF_COOKIE: &str = "__Host-ro_staff";
/// The cookie that remembers the language a visitor chose with the switch.
pub const LANGUAGE_COOKIE: &str = "ro_lang";

/// Whose session a cookie holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Candidate,
    Staff,
}

/// The session cookie's name for these settings.
pub fn session_cookie_name(settings: &Settings, holder: Holder) -> &'static str {
    match (holder, settings.secure_cookies()) {
        (Holder::Candidate, true) => SECURE_SESSION_COOKIE,
        (Holder::Candidate, false) => SESSION_COOKIE,
        (Holder::Staff, true) => SECURE_STAFF_COOKIE,
        (Holder::Staff, false) => STAFF_COOKIE,
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

/// The session cookie holding `session`'s token; an empty token with no
/// lifetime clears it. A staff member's is `SameSite=Strict`: no other
/// site ever links into the portal's signed-in pages.
pub fn session_cookie(settings: &Settings, holder: Holder, session: NewSession) -> Cookie<'static> {
    let name = session_cookie_name(settings, holder);
    let mut cookie = site_cookie(settings, name, session.token, session.lifetime);
    if holder == Holder::Staff {
        cookie.set_same_site(SameSite::Strict);
    }
    cookie
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

/// Adds a `Set-Cookie` header to the response a server function is making.
pub fn set_cookie(cookie: &Cookie<'_>) {
    if let (Some(res), Ok(v)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie.to_string()),
    ) {
        res.append_header(header::SET_COOKIE, v);
    }
}

/// `res` handing the browser `session`'s cookie (or clearing it).
pub fn with_session(
    settings: &Settings,
    holder: Holder,
    mut res: Response,
    session: NewSession,
) -> Response {
    if let Ok(cookie) =
        HeaderValue::from_str(&session_cookie(settings, holder, session).to_string())
    {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let session = NewSession {
            token: "t0k3n".into(),
            lifetime: chrono::Duration::hours(12),
        };
        let set = session_cookie(&https, Holder::Candidate, session).to_string();
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
        let ended = NewSession {
            token: String::new(),
            lifetime: chrono::Duration::zero(),
        };
        let cleared = session_cookie(&http, Holder::Candidate, ended).to_string();
        assert!(
            cleared.starts_with("ro_session=;")
                && cleared.contains("Max-Age=0")
                && !cleared.contains("Secure"),
            "{cleared}"
        );
    }

    #[test]
    fn a_staff_session_cookie_has_a_name_of_its_own_and_is_strict() {
        let https = Settings::new("https://results.example.org");
        let session = NewSession {
            token: "st4ff".into(),
            lifetime: chrono::Duration::hours(8),
        };
        let set = session_cookie(&https, Holder::Staff, session).to_string();
        assert!(set.starts_with("__Host-ro_staff=st4ff"), "{set}");
        assert!(
            set.contains("SameSite=Strict") && set.contains("HttpOnly") && set.contains("Secure"),
            "{set}"
        );
    }
}
