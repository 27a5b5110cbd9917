//! Protections every request passes through: cross-site form posts are
//! refused, every response carries security headers, bodies are capped.

use std::sync::Arc;

use app::api::http::locale_of;
use app::i18n::td_string;
use app::server::texts::escape_html;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest request body we accept: our forms are a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// The centre portal's upload: files of up to [`app::domain::MAX_UPLOAD_BYTES`]
/// are taken; a larger one is still read (and dropped) up to this, so that
/// the page saying it is too large reaches the browser.
pub const MAX_UPLOAD_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Refuses a body over the limit of its path: at once when its length is
/// declared, and when reading reaches the limit otherwise (the extractor
/// then answers 413), as tower-http's `RequestBodyLimit` does, with a
/// larger limit for the portal's upload only.
pub async fn body_limit(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let upload = req.uri().path() == app::routes::centre::UPLOAD;
    let limit = if upload {
        MAX_UPLOAD_BODY_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    // A file too large is said on the upload page, beside its field: the
    // upload's handler reads up to the limit and answers with the page.
    if !upload && declared.is_some_and(|n| n > limit) {
        return (
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "Request body too large",
        )
            .into_response();
    }
    let (parts, body) = req.into_parts();
    next.run(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::new(http_body_util::Limited::new(body, limit)),
    ))
    .await
}

/// The policy for responses that are not pages (JSON, files, errors):
/// nothing may run or load in them. Pages set their own, with a nonce.
const NON_PAGE_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

#[derive(Clone)]
pub struct Hardening {
    /// `scheme://host[:port]` of every address the site is served at.
    origins: Arc<[String]>,
    https: bool,
}

impl Hardening {
    /// `public_url` is the one address of a deployment. On a developer's
    /// machine the same port on `localhost` and `127.0.0.1` is one site, so
    /// forms work whichever name is typed.
    pub fn new(public_url: &str) -> Self {
        let mut origins: Vec<String> = origin_of(public_url).into_iter().collect();
        for origin in origins.clone() {
            for (a, b) in [
                ("://127.0.0.1", "://localhost"),
                ("://localhost", "://127.0.0.1"),
            ] {
                let local = origin.contains(a)
                    && origin[origin.find(a).map_or(0, |i| i + a.len())..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == ':');
                if local {
                    origins.push(origin.replacen(a, b, 1));
                }
            }
        }
        Self {
            origins: origins.into(),
            https: public_url.starts_with("https://"),
        }
    }

    fn allows(&self, headers: &HeaderMap) -> bool {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        // Browsers send Origin with every POST; Referer is the fallback some
        // privacy settings leave. A request with neither is refused.
        let origin = text(header::ORIGIN)
            .map(str::to_owned)
            .or_else(|| text(header::REFERER).and_then(origin_of));
        // A page that sends no referrer (`/verify`) makes its own forms post
        // `Origin: null`; the browser's fetch metadata, which no page can
        // set, still says where the post came from.
        origin.is_some_and(|o| self.origins.contains(&o))
            || headers
                .get("sec-fetch-site")
                .is_some_and(|v| v == "same-origin")
    }
}

/// `scheme://host[:port]` of a URL, as browsers write it in `Origin`.
fn origin_of(url: &str) -> Option<String> {
    let origin = url::Url::parse(url).ok()?.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// Refuses a state-changing request that another site made the browser send
/// (CSRF), on top of the `SameSite` session cookie.
pub async fn same_site_only(
    State(hardening): State<Hardening>,
    req: Request<Body>,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || hardening.allows(req.headers())
    {
        return next.run(req).await;
    }
    tracing::warn!(
        method = %req.method(),
        path = %req.uri().path(),
        origin = ?req.headers().get(header::ORIGIN),
        referer = ?req.headers().get(header::REFERER),
        "cross-site request refused"
    );
    let locale = locale_of(req.headers());
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\"><title>{title}</title><h1>{title}</h1><p>{text}</p><p><a href=\"/\">{home}</a></p></html>",
        lang = leptos_i18n::Locale::as_str(locale),
        title = escape_html(td_string!(locale, errors.refused_title)),
        text = escape_html(td_string!(locale, errors.cross_site)),
        home = escape_html(td_string!(locale, not_found.home)),
    );
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// The longest file name Linux allows, and so the longest segment of any path we serve.
const MAX_SEGMENT_BYTES: usize = 255;

/// One spelling per page: `/results/`, `//results`, `/./results` and
/// `/x/../results` are sent (308) to `/results`, so every form of a path
/// goes through the same routes, session guard and status. A path with a
/// segment longer than a file name is a plain 404.
pub async fn canonical_paths(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path();
    // No page or file of ours has a segment longer than a file name may be;
    // the file server would log such a request as an error of ours.
    if path
        .split('/')
        .any(|segment| segment.len() > MAX_SEGMENT_BYTES)
    {
        tracing::debug!(length = path.len(), "path with an overlong segment");
        return StatusCode::NOT_FOUND.into_response();
    }
    let canonical = canonical_path(path);
    if canonical == path {
        return next.run(req).await;
    }
    let location = match req.uri().query() {
        Some(query) => format!("{canonical}?{query}"),
        None => canonical,
    };
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
        .into_response()
}

/// `path` without empty, `.` and `..` segments (a `..` past the root stays
/// at the root) and without a trailing slash.
fn canonical_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." | "%2e" | "%2E" => {}
            ".." | "%2e%2e" | "%2E%2E" | ".%2e" | "%2e." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    format!("/{}", segments.join("/"))
}

/// Adds the security headers to every response.
pub async fn security_headers(
    State(hardening): State<Hardening>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // A page may ask for less (`/verify`: none at all).
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NON_PAGE_CSP),
        );
    }
    if hardening.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_path_has_one_canonical_form() {
        for (path, canonical) in [
            ("/", "/"),
            ("/results", "/results"),
            ("/results/", "/results"),
            ("//results", "/results"),
            ("/./results", "/results"),
            ("/account/.", "/account"),
            ("/x/../results", "/results"),
            ("/../../results", "/results"),
            ("/%2e/results", "/results"),
            ("/register/sent", "/register/sent"),
            ("/pkg/results-online.css", "/pkg/results-online.css"),
        ] {
            assert_eq!(canonical_path(path), canonical, "{path}");
        }
    }

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        [(name, HeaderValue::from_str(value).expect("header"))]
            .into_iter()
            .collect()
    }

    #[test]
    fn only_the_sites_own_origin_may_post() {
        let h = Hardening::new("https://results.example.org");
        assert!(h.allows(&with(header::ORIGIN, "https://results.example.org")));
        assert!(h.allows(&with(
            header::REFERER,
            "https://results.example.org/register?x=1"
        )));
        for (name, value) in [
            (header::ORIGIN, "https://evil.example"),
            (header::ORIGIN, "null"),
            (header::ORIGIN, "http://results.example.org"),
            (header::ORIGIN, "https://results.example.org.evil.example"),
            (header::REFERER, "https://evil.example/results.example.org"),
        ] {
            assert!(!h.allows(&with(name.clone(), value)), "{name}: {value}");
        }
        assert!(!h.allows(&HeaderMap::new()));
    }

    #[test]
    fn on_a_developers_machine_localhost_and_127_0_0_1_are_the_same_site() {
        let h = Hardening::new("http://127.0.0.1:3000");
        assert!(h.allows(&with(header::ORIGIN, "http://localhost:3000")));
        assert!(h.allows(&with(header::ORIGIN, "http://127.0.0.1:3000")));
        assert!(!h.allows(&with(header::ORIGIN, "http://localhost:3001")));
        assert!(
            !Hardening::new("https://results.example.org")
                .allows(&with(header::ORIGIN, "http://localhost:3000"))
        );
    }
}
