//! Builds the axum application and runs it.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::api::adapter::FunctionRan;
use app::api::http::{SignedIn, cookie_in, session_cookie_name};
use app::app::{App, shell};
use app::server::outbox::worker::Worker;
use app::server::{AppState, Outbox, PasswordHasher};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};

use crate::caching::{Files, cache_control};
use crate::config::Config;
use crate::hardening::{
    Hardening, MAX_BODY_BYTES, body_limit, canonical_paths, same_site_only, security_headers,
};

pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
    limits: crate::serve::Limits,
    pub state: AppState,
}

/// Leptos options from cargo-leptos' environment, or defaults when the
/// binary runs on its own (tests, a plain `cargo run`), with `addr`, the
/// address actually bound (`LEPTOS_SITE_ADDR` is read with the other settings).
pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let under_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some();
    let configured = under_cargo_leptos
        .then(|| get_configuration(None).ok())
        .flatten()
        .map(|c| c.leptos_options);
    let mut options = configured.unwrap_or_else(|| {
        LeptosOptions::builder()
            .output_name("results-online")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .build()
    });
    options.site_addr = addr;
    // A release build names its files by their content and writes the names
    // beside the binary: use them when they are there, whatever the
    // environment says, so that the binary run as it is serves them.
    if hash_file_beside_binary(&options).is_some() {
        options.hash_files = true;
    }
    options
}

fn hash_file_beside_binary(options: &LeptosOptions) -> Option<std::path::PathBuf> {
    let file = std::env::current_exe()
        .ok()?
        .parent()?
        .join(options.hash_file.as_ref());
    file.is_file().then_some(file)
}

/// What the services run on for `config`: the database (migrated), the
/// mailer, the password hasher and the settings. Tests of the services
/// start here, without HTTP.
///
/// # Errors
/// When the database or the mailer cannot be set up.
pub async fn app_state(config: &Config) -> anyhow::Result<AppState> {
    Ok(AppState {
        db: app::server::db::connect_and_migrate(&config.database_url, &config.pool).await?,
        mailer: config.mailer()?,
        outbox: Outbox::default(),
        hasher: PasswordHasher::new(config.password_queue).await?,
        results_in_flight: app::server::in_flight::InFlight::default(),
        statements: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(1, usize::from),
        )),
        settings: Arc::new(config.settings()),
    })
}

impl Application {
    /// Connects to the database (running migrations), binds `addr` (port 0
    /// for any free port) and assembles the routes.
    ///
    /// # Errors
    /// When the database, mailer or listener cannot be set up.
    pub async fn build(config: &Config, addr: SocketAddr) -> anyhow::Result<Self> {
        config.check_share_key()?;
        config.note_passkeys();
        let state = app_state(config).await?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        let options = leptos_options(listener.local_addr().context("local address")?);
        let router = router(state.clone(), options, config.http.request_timeout);
        Ok(Self {
            listener,
            router,
            limits: config.http,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Serves, and sends queued email, until Ctrl-C or SIGTERM.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves, and sends queued email, until `stop` completes; then stops
    /// accepting connections, lets in-flight requests finish and the email
    /// worker finish the message in hand, and returns.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(address = %self.listener.local_addr().context("local address")?, "listening");
        let (stopping, stop_worker) = tokio::sync::watch::channel(false);
        let worker = Worker {
            db: self.state.db.clone(),
            mailer: self.state.mailer.clone(),
            outbox: self.state.outbox.clone(),
            policy: self.state.settings.outbox.clone(),
            clock: self.state.settings.clock.clone(),
            retention: self.state.settings.retention,
            session_idle_timeout: self.state.settings.session_idle_timeout,
            release: self.state.settings.release,
            public_url: self.state.settings.public_url.clone(),
        };
        let worker = tokio::spawn(worker.run(stop_worker));
        crate::serve::serve(self.listener, self.router, self.limits, async move {
            stop.await;
            let _ = stopping.send(true);
        })
        .await;
        worker.await.context("email worker")?;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Pages only signed-in candidates may see.
const SIGNED_IN_PAGES: &[&str] = &[
    "/results",
    "/account",
    app::api::calendar::PATH,
    app::api::statement::PATH,
    app::domain::SHARE_CODES_PATH,
];

/// Sends visitors without a valid session from a signed-in page to the login
/// page before any HTML is rendered, so the redirect is a plain 303 whether
/// or not the browser runs JavaScript. A valid session is passed on to the
/// page as [`SignedIn`], so the page does not look it up again.
async fn require_session(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD)
        && SIGNED_IN_PAGES.contains(&req.uri().path())
    {
        let token = cookie_in(req.headers(), session_cookie_name(&state.settings));
        let had_session = token.is_some();
        let signed_in = match token {
            Some(token) => {
                app::server::sessions::candidate_for(&state.db, &state.settings, &token).await
            }
            None => Ok(None),
        };
        match signed_in {
            Ok(Some(id_number)) => {
                req.extensions_mut().insert(SignedIn(id_number));
            }
            // A cookie without a live session: it expired or was ended elsewhere; say so.
            Ok(None) if had_session => return Redirect::to("/login?session=ended").into_response(),
            Ok(None) => return Redirect::to("/login").into_response(),
            // The page itself reports the failure with a reference.
            Err(e) => tracing::warn!(error = ?e, "session check failed"),
        }
    }
    next.run(req).await
}

/// The centre portal's pages open only to staff signed in with both
/// factors; between the two, only the second step's page. A plain 303
/// before any HTML, with or without JavaScript.
async fn require_staff_session(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    use app::domain::{
        CENTRE_HOME_PATH, CENTRE_INVITATION_PATH, CENTRE_LOGIN_PATH, CENTRE_SECOND_FACTOR_PATH,
    };
    let path = req.uri().path();
    let portal_page = path == CENTRE_HOME_PATH || path.starts_with("/centre/");
    if !matches!(*req.method(), Method::GET | Method::HEAD)
        || !portal_page
        || [CENTRE_LOGIN_PATH, CENTRE_INVITATION_PATH].contains(&path)
    {
        return next.run(req).await;
    }
    let token = cookie_in(
        req.headers(),
        app::api::http::staff_cookie_name(&state.settings),
    );
    let caller = app::server::Caller {
        staff_token: token,
        ..Default::default()
    };
    match app::server::staff::sessions::current(&state, &caller).await {
        Ok(None) => Redirect::to(CENTRE_LOGIN_PATH).into_response(),
        Ok(Some(s)) if !s.second_factor_done && path != CENTRE_SECOND_FACTOR_PATH => {
            Redirect::to(CENTRE_SECOND_FACTOR_PATH).into_response()
        }
        Ok(Some(s)) if s.second_factor_done && path == CENTRE_SECOND_FACTOR_PATH => {
            Redirect::to(CENTRE_HOME_PATH).into_response()
        }
        Ok(Some(_)) => next.run(req).await,
        // The page itself reports the failure with a reference.
        Err(e) => {
            tracing::warn!(error = ?e, "staff session check failed");
            next.run(req).await
        }
    }
}

fn router(state: AppState, options: LeptosOptions, request_timeout: std::time::Duration) -> Router {
    let hardening = Hardening::new(&state.settings.public_url);
    let files = Files {
        pkg_prefix: format!("/{}/", options.site_pkg_dir.trim_matches('/')),
        hashed: options.hash_files,
    };
    let routes = generate_route_list(App);
    let guard = axum::middleware::from_fn_with_state(state.clone(), require_session);
    let language = post(crate::language::switch_language).with_state(state.clone());
    let ready = get(crate::health::readyz).with_state(state.clone());
    let calendar = get(app::api::calendar::release_calendar).with_state(state.clone());
    let statement = get(app::api::statement::statement_pdf).with_state(state.clone());
    // Pages drawn in answer to a post: a share code just created, a check's outcome.
    let posted = app::api::render::PostedPages {
        state: state.clone(),
        options: options.clone(),
    };
    let create_share_code = post(app::api::share::create_share_code).with_state(posted.clone());
    let verify = post(app::api::verify::verify_posted).with_state(posted.clone());
    let portal = {
        use app::api::centre::*;
        use app::domain::*;
        Router::new()
            .route(
                CENTRE_LOGIN_PATH,
                post(login_posted).with_state(posted.clone()),
            )
            .route(
                CENTRE_INVITATION_PATH,
                post(invitation_posted).with_state(posted.clone()),
            )
            .route(
                CENTRE_SECOND_FACTOR_PATH,
                post(second_step_posted).with_state(posted.clone()),
            )
            // axum's own 2 MB limit off: `body_limit` bounds this path.
            .route(
                CENTRE_UPLOAD_PATH,
                post(upload_posted)
                    .with_state(posted.clone())
                    .layer(axum::extract::DefaultBodyLimit::disable()),
            )
            .route(
                CENTRE_IMPORT_PATH,
                post(import_posted).with_state(posted.clone()),
            )
            .route(
                CENTRE_SECRET_PATH,
                post(secret_posted).with_state(posted.clone()),
            )
            .route(
                CENTRE_INVITE_PATH,
                post(invite_posted).with_state(posted.clone()),
            )
            .route(CENTRE_RELEASE_PATH, post(release_posted).with_state(posted))
            .route(
                CENTRE_SIGN_OUT_PATH,
                post(sign_out_posted).with_state(state.clone()),
            )
            .route(
                CENTRE_AUDIT_CSV_PATH,
                get(audit_csv).with_state(state.clone()),
            )
    };
    let staff_guard = axum::middleware::from_fn_with_state(state.clone(), require_staff_session);
    let passkeys = {
        use app::api::passkeys::*;
        Router::new()
            .route(SIGN_IN_OPTIONS_PATH, post(sign_in_options))
            .route(SIGN_IN_PATH, post(sign_in))
            .route(ADD_OPTIONS_PATH, post(add_options))
            .route(ADD_PATH, post(add))
            .with_state(state.clone())
    };
    let context = move || provide_context(state.clone());
    Router::new()
        .route("/language", language)
        .route("/healthz", get(crate::health::healthz))
        .route("/readyz", ready)
        .route(app::api::calendar::PATH, calendar)
        .route(app::api::statement::PATH, statement)
        .route(app::domain::SHARE_CODES_PATH, create_share_code)
        .route(app::domain::VERIFY_PATH, verify)
        .merge(passkeys)
        .merge(portal)
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .layer(guard)
        .layer(staff_guard)
        .layer(axum::middleware::from_fn(server_functions_only))
        .layer(axum::middleware::from_fn_with_state(hardening.clone(), same_site_only))
        .layer(axum::middleware::from_fn(body_limit))
        // A client trickling its body holds a request only this long.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
        .layer(axum::middleware::from_fn(canonical_paths))
        .layer(axum::middleware::from_fn_with_state(files, cache_control))
        // Pages and answers compressed as they are sent; the built files are
        // compressed once at build time and never again (the layer leaves
        // answers that already have a Content-Encoding alone).
        .layer(CompressionLayer::new())
        // Outermost, so that refusals and errors carry the headers too.
        .layer(axum::middleware::from_fn_with_state(hardening, security_headers))
        // 5xx answers are not logged again here: internal errors are logged
        // with context and a reference where they happen, and a 503 "busy"
        // in a surge is expected, not an error (it would be thousands of lines).
        // The span names the path only: a query can hold a link's token.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| tracing::debug_span!("request", method = %req.method(), path = %req.uri().path()))
                .on_failure(DefaultOnFailure::new().level(tracing::Level::DEBUG)),
        )
        .with_state(options)
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

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
