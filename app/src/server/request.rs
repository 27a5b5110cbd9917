//! Reading the current request and shaping the response from inside a
//! server function.

use axum::http::{HeaderValue, StatusCode, header};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use server_fn::ServerFn;
use server_fn::error::ServerFnUrlError;

use crate::api::AppError;
use crate::i18n::Locale;
use leptos_i18n::Locale as _;

use super::AppState;

/// The application state, or an internal error if it was not provided.
///
/// # Errors
/// [`AppError::Internal`] when the server was started without state.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal(anyhow::anyhow!("AppState missing from context")))
}

/// How long a request refused during a login surge is asked to wait.
const BUSY_RETRY_SECONDS: i64 = 2;

/// The error of a password hash or check: [`AppError::Busy`] when the
/// bounded queue refused it (no log: it is load, not a fault), else internal.
pub fn hashing(err: anyhow::Error) -> AppError {
    if err.downcast_ref::<super::password::Busy>().is_some() {
        tracing::info!("password check refused: every core busy and the queue full");
        return AppError::Busy { retry_after_seconds: BUSY_RETRY_SECONDS };
    }
    internal(err)
}

/// Logs an internal error with its whole chain and a reference the candidate
/// can quote; the candidate sees only the reference.
pub fn internal(err: anyhow::Error) -> AppError {
    let reference = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    tracing::error!(%reference, error = ?err, "internal error");
    AppError::Internal { reference }
}

fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// A value a middleware put on the current request.
pub fn request_extension<T: Clone + Send + Sync + 'static>() -> Option<T> {
    request_parts()?.extensions.get::<T>().cloned()
}

/// The value of cookie `name` on the current request.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&request_parts()?.headers, name)
}

/// The value of cookie `name` in `headers`.
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|line| {
        line.split(';').find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then(|| v.to_owned())
        })
    })
}

/// For a server-function request, whether a plain HTML form posted it (no
/// JavaScript: the answer must stay a redirect back to the form) or script
/// did (`Some(false)`); `None` while rendering a page.
fn posted_by_plain_form() -> Option<bool> {
    let parts = request_parts()?;
    if !parts.uri.path().starts_with("/api/") {
        return None;
    }
    Some(parts.headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html")))
}

/// After a failed plain form post, sends the browser back to `page` with the
/// error and the values it typed that are not secret, so that a candidate
/// without JavaScript does not have to type them again.
pub fn return_to_form_on_error<T, F: ServerFn<Error = AppError>>(result: &Result<T, AppError>, page: &str, keep: &[(&str, &str)]) {
    let Err(err) = result else { return };
    if posted_by_plain_form() != Some(true) {
        return;
    }
    // Only the path and query are used; the base just makes the URL absolute.
    let Ok(mut url) = ServerFnUrlError::new(F::PATH, err.clone()).to_url(&format!("http://localhost{page}")) else { return };
    for (name, value) in keep {
        if !value.is_empty() {
            url.query_pairs_mut().append_pair(name, value);
        }
    }
    leptos_axum::redirect(&format!("{}?{}", url.path(), url.query().unwrap_or_default()));
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: &str) {
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        res.append_header(header::SET_COOKIE, v);
    }
}

/// Gives a failed server function the HTTP status its error deserves.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if posted_by_plain_form() == Some(false) {
            if let Some(res) = use_context::<ResponseOptions>() {
                res.set_status(status_of(err));
                if let AppError::TooManyAttempts { retry_after_seconds } | AppError::Busy { retry_after_seconds } = err
                    && let Ok(v) = HeaderValue::from_str(&retry_after_seconds.to_string())
                {
                    res.insert_header(header::RETRY_AFTER, v);
                }
            }
        }
    }
    result
}

fn status_of(err: &AppError) -> StatusCode {
    match err {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::EntryNotMatched | AppError::CredentialsRejected | AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
        AppError::AlreadyRegistered => StatusCode::CONFLICT,
        AppError::EmailNotConfirmed => StatusCode::FORBIDDEN,
        AppError::TokenInvalid(_) => StatusCode::GONE,
        AppError::Request(_) => StatusCode::BAD_REQUEST,
        AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Sets the Content-Security-Policy of the page being rendered: only our own
/// files and the inline scripts Leptos writes with this response's nonce may
/// run, the WASM may compile, nothing may frame the page. Style attributes
/// stay allowed for the score bars' widths. `live_reload` lets
/// `cargo leptos watch` open its websocket.
pub fn set_page_security_policy(live_reload: bool) {
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<ResponseOptions>()) else { return };
    let reload = if live_reload { " ws: wss:" } else { "" };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; style-src-attr 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'{reload}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The client's address: from the trusted proxy's header when one is
/// configured (its last entry, the one that proxy saw), else the connection.
pub fn client_ip(trusted_header: Option<&str>) -> Option<String> {
    let parts = request_parts()?;
    if let Some(name) = trusted_header {
        let value = parts.headers.get(name)?.to_str().ok()?;
        return value.rsplit(',').next().map(|ip| ip.trim().to_owned()).filter(|ip| !ip.is_empty());
    }
    parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string())
}

/// The cookie that remembers the language a visitor chose with the switch.
pub const LANGUAGE_COOKIE: &str = "ro_lang";

/// The language to answer the current request in (see [`locale_of`]).
pub fn request_locale() -> Locale {
    request_parts().map(|p| locale_of(&p.headers)).unwrap_or_default()
}

/// The visitor's own choice (the language cookie), else the best match for
/// the browser's `Accept-Language`, else English.
pub fn locale_of(headers: &http::HeaderMap) -> Locale {
    if let Some(chosen) = cookie_in(headers, LANGUAGE_COOKIE).and_then(|v| v.parse::<Locale>().ok()) {
        return chosen;
    }
    let accepted = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(accepted_languages).unwrap_or_default();
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
            let q = parts.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then(|| (q, i, tag.to_owned()))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.into_iter().map(|(_, _, tag)| tag).collect()
}

/// What leptos_i18n reads as the request's language while rendering a page:
/// the result of [`locale_of`], so pages, server functions and emails agree.
pub fn page_language() -> Option<String> {
    Some(request_locale().as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> http::HeaderMap {
        pairs.iter().map(|(k, v)| (k.clone(), HeaderValue::from_str(v).expect("header"))).collect()
    }

    #[test]
    fn the_browser_preference_picks_the_language_by_weight() {
        assert_eq!(locale_of(&headers(&[(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9,en;q=0.8")])), Locale::fr);
        assert_eq!(locale_of(&headers(&[(header::ACCEPT_LANGUAGE, "de;q=0.9,en;q=0.5,fr;q=0.7")])), Locale::fr);
        assert_eq!(locale_of(&headers(&[(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")])), Locale::en);
        assert_eq!(locale_of(&headers(&[(header::ACCEPT_LANGUAGE, "de-DE")])), Locale::en);
        assert_eq!(locale_of(&headers(&[])), Locale::en);
    }

    #[test]
    fn a_chosen_language_beats_the_browser_preference_and_junk_is_ignored() {
        let h = headers(&[(header::ACCEPT_LANGUAGE, "en"), (header::COOKIE, "ro_session=x; ro_lang=fr")]);
        assert_eq!(locale_of(&h), Locale::fr);
        let h = headers(&[(header::ACCEPT_LANGUAGE, "fr"), (header::COOKIE, "ro_lang=xx")]);
        assert_eq!(locale_of(&h), Locale::fr);
    }
}
