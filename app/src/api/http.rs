//! Reading the request: the client's address and language, and how it was
//! sent. The wire's side of the adapter; services never see any of it.

use axum::http::{HeaderMap, header};
use leptos::prelude::use_context;
use leptos_i18n::Locale as _;

use super::cookies::{LANGUAGE_COOKIE, cookie_in};
use crate::i18n::Locale;
use crate::server::entities::account::AccountId;

/// Put on a request by the server's session guard once the session is
/// checked: the account it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn(pub AccountId);

/// The head of the request being served (a page or a server function).
pub(crate) fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
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

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

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
}
