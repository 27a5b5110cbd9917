//! Every route the server answers, and the layers in front of them.

use app::api::adapter::FunctionRan;
use app::api::site::Site;
use app::app::{App, shell};
use app::routes;
use app::server::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};

use crate::caching::{Files, cache_control};
use crate::hardening::{
    Hardening, MAX_BODY_BYTES, body_limit, canonical_paths, same_site_only, security_headers,
};

/// The page around every page, for the adapter's pages drawn in answer to a post.
fn shell_view(options: LeptosOptions) -> AnyView {
    shell(options).into_any()
}

/// The plain routes: files, form posts answered with a page, the passkey
/// ceremonies and the probes. Pages and server functions come from Leptos.
fn plain_routes() -> Router<Site> {
    use app::api::centre::posted as portal;
    use app::api::{calendar, language, passkeys, share, statement, verify};
    Router::new()
        .route(routes::LANGUAGE, post(language::switch_language))
        .route(routes::HEALTH, get(crate::health::healthz))
        .route(routes::READY, get(crate::health::readyz))
        .route(routes::RELEASE_CALENDAR, get(calendar::release_ics))
        .route(routes::STATEMENT, get(statement::statement_pdf))
        .route(routes::SHARE_CODES, post(share::create_share_code))
        .route(routes::VERIFY, post(verify::verify_posted))
        .route(
            routes::passkeys::SIGN_IN_OPTIONS,
            post(passkeys::sign_in_options),
        )
        .route(routes::passkeys::SIGN_IN, post(passkeys::sign_in))
        .route(routes::passkeys::ADD_OPTIONS, post(passkeys::add_options))
        .route(routes::passkeys::ADD, post(passkeys::add))
        .route(routes::centre::LOGIN, post(portal::login))
        .route(routes::centre::INVITATION, post(portal::invitation))
        .route(routes::centre::SECOND_FACTOR, post(portal::second_step))
        // axum's own 2 MB limit off: `body_limit` bounds this path.
        .route(
            routes::centre::UPLOAD,
            post(portal::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(routes::centre::IMPORT, post(portal::import))
        .route(routes::centre::SECRET, post(portal::secret))
        .route(routes::centre::INVITE, post(portal::invite))
        .route(routes::centre::RELEASE, post(portal::release))
        .route(routes::centre::SIGN_OUT, post(portal::sign_out))
        .route(routes::centre::AUDIT_CSV, get(portal::audit_csv))
}

/// The app's pages, listed once per process. Listing them renders the app
/// with resource loads suppressed by a flag leptos_server keeps for the
/// whole process (`SuppressResourceLoad`): a page rendered meanwhile by any
/// router of the process waits for its data for ever and ends in a 408.
/// One server lists them before it serves; the tests start hundreds of
/// servers in one process, and did hit it.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(
    state: AppState,
    options: LeptosOptions,
    request_timeout: std::time::Duration,
) -> Router {
    let hardening = Hardening::new(&state.settings.public_url);
    let files = Files {
        pkg_prefix: format!("/{}/", options.site_pkg_dir.trim_matches('/')),
        hashed: options.hash_files,
    };
    let site = Site {
        state: state.clone(),
        options: options.clone(),
        shell: shell_view,
    };
    let guard = from_fn_with_state(state.clone(), app::api::guard::guard);
    let context = move || provide_context(state.clone());
    plain_routes()
        .leptos_routes_with_context(&site, page_routes(), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<Site, _>(context, shell))
        .layer(guard)
        .layer(from_fn(server_functions_only))
        .layer(from_fn_with_state(hardening.clone(), same_site_only))
        .layer(from_fn(body_limit))
        // A client trickling its body holds a request only this long.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
        .layer(from_fn(canonical_paths))
        .layer(from_fn_with_state(files, cache_control))
        // Pages and answers compressed as they are sent; the built files are
        // compressed once at build time and never again (the layer leaves
        // answers that already have a Content-Encoding alone).
        .layer(CompressionLayer::new())
        // Outermost, so that refusals and errors carry the headers too.
        .layer(from_fn_with_state(hardening, security_headers))
        // 5xx answers are not logged again here: internal errors are logged
        // with context and a reference where they happen, and a 503 "busy"
        // in a surge is expected, not an error (it would be thousands of lines).
        // The span names the path only: a query can hold a link's token.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| tracing::debug_span!("request", method = %req.method(), path = %req.uri().path()))
                .on_failure(DefaultOnFailure::new().level(tracing::Level::DEBUG)),
        )
        .with_state(site)
}

/// In front of the server functions (registered by `leptos_routes`): an
/// unknown name under `/api/` is a plain 404; the body is read whole first
/// (our forms are small), so one over the cap is refused with 413 however
/// it was sent, chunked too; and a function whose body never ran had
/// arguments that could not be read, which server_fn answers with 500 but
/// is the request's fault: 400.
async fn server_functions_only(req: Request<Body>, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    if leptos::server_fn::axum::get_server_fn_service(req.uri().path(), req.method().clone())
        .is_none()
    {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Request body too large").into_response();
    };
    let ran = FunctionRan::default();
    parts.extensions.insert(ran.clone());
    let mut res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR && !ran.get() {
        *res.status_mut() = StatusCode::BAD_REQUEST;
    }
    res
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The files a browser gets by a link, answered by plain routes.
    const FILES: [&str; 3] = [
        routes::STATEMENT,
        routes::RELEASE_CALENDAR,
        routes::centre::AUDIT_CSV,
    ];

    #[tokio::test]
    async fn the_router_serves_every_page_of_the_table_the_guards_read_and_no_other() {
        let served: BTreeSet<String> = page_routes().iter().map(|r| r.path().to_owned()).collect();
        let table: BTreeSet<String> = routes::PAGES
            .iter()
            .map(|(path, _)| *path)
            .filter(|path| !FILES.contains(path))
            .map(str::to_owned)
            .collect();
        assert_eq!(served, table);
        for file in FILES {
            assert!(
                routes::PAGES.iter().any(|(path, _)| *path == file),
                "{file} is guarded"
            );
        }
    }
}
