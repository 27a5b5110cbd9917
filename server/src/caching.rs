//! What browsers and shared caches may keep, and for how long: the files
//! under `/pkg` for good once their names carry their content's hash (a new
//! release has new names, so an old file is never paired with a new page),
//! every page checked again before reuse, and nothing that shows a
//! candidate's own data, or a link's secret, kept at all.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Pages that show a candidate's own data, or carry a link's token.
const PERSONAL_PAGES: &[&str] = &[
    "/results",
    "/account",
    "/reset-password",
    "/confirm",
    "/login/link",
    "/register/sent",
    app::routes::STATEMENT,
    app::routes::SHARE_CODES,
    // Shows a candidate's result to whoever holds a code.
    app::routes::VERIFY,
];

const FOR_GOOD: &str = "public, max-age=31536000, immutable";
const CHECK_FIRST: &str = "no-cache";
const NEVER: &str = "no-store";

/// Where the built files are served, and whether their names are hashed.
#[derive(Clone)]
pub struct Files {
    pub pkg_prefix: String,
    pub hashed: bool,
}

/// Sets `Cache-Control` on every answer that has none.
pub async fn cache_control(State(files): State<Files>, req: Request<Body>, next: Next) -> Response {
    let policy = policy(&files, req.uri().path());
    let built_file = req.uri().path().starts_with(&files.pkg_prefix);
    let mut res = next.run(req).await;
    // A built file comes compressed or not depending on what the browser
    // accepts: a shared cache must keep the versions apart.
    if built_file && !res.headers().contains_key(header::VARY) {
        res.headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if !res.headers().contains_key(header::CACHE_CONTROL) {
        let policy = if policy == FOR_GOOD && !res.status().is_success() {
            CHECK_FIRST
        } else {
            policy
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

fn policy(files: &Files, path: &str) -> &'static str {
    // The centre portal is all personal: staff, candidates' data, the log.
    let portal = path == app::routes::centre::HOME || path.starts_with("/centre/");
    if path.starts_with("/api/") || path == "/language" || portal || PERSONAL_PAGES.contains(&path)
    {
        NEVER
    } else if path.starts_with(&files.pkg_prefix) && files.hashed {
        FOR_GOOD
    } else {
        CHECK_FIRST
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_answers_are_never_stored_and_hashed_files_are_kept_for_good() {
        let hashed = Files {
            pkg_prefix: "/pkg/".into(),
            hashed: true,
        };
        for path in [
            "/results",
            "/account",
            "/api/login",
            "/api/my_results",
            "/reset-password",
            "/confirm",
            "/login/link",
            "/register/sent",
            "/language",
            "/results/share-codes",
            "/verify",
        ] {
            assert_eq!(policy(&hashed, path), NEVER, "{path}");
        }
        assert_eq!(policy(&hashed, "/pkg/results-online.3f9a.wasm"), FOR_GOOD);
        for path in ["/", "/login", "/register", "/terms"] {
            assert_eq!(policy(&hashed, path), CHECK_FIRST, "{path}");
        }
        let plain = Files {
            pkg_prefix: "/pkg/".into(),
            hashed: false,
        };
        assert_eq!(
            policy(&plain, "/pkg/results-online.wasm"),
            CHECK_FIRST,
            "a fixed name must be checked again"
        );
    }
}
