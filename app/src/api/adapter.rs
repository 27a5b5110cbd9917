//! The one way a server function reaches a service. It builds the
//! [`Caller`] from the request once, runs the service, turns a
//! [`ServiceError`] into the [`AppError`] the page acts on (logging a fault
//! once, with the reference the candidate sees), gives the answer its
//! status, and sends a browser without JavaScript back to its form.

use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::{HeaderValue, StatusCode, header};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use server_fn::ServerFn;
use server_fn::error::ServerFnUrlError;

use super::AppError;
use super::cookies::{Holder, session_cookie, set_cookie};
use super::http::{posted_by_plain_form, request_parts};
use super::refusal::{head_of, internal};
use super::site::caller_from;
use crate::server::sessions::NewSession;
use crate::server::{AppState, Caller, ServiceResult};

/// Put on each server-function request by the server and set when the
/// function's body runs: a request whose function never ran had
/// arguments that could not be read, which is the request's fault (400),
/// not ours (500).
#[derive(Clone, Default)]
pub struct FunctionRan(Arc<AtomicBool>);

impl FunctionRan {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    fn set(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

fn state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| internal(&anyhow::anyhow!("AppState missing from context")))
}

/// Who is asking, read from the request being served (a page being
/// rendered or a server-function call).
fn caller(state: &AppState) -> Caller {
    request_parts()
        .map(|parts| caller_from(state, &parts))
        .unwrap_or_default()
}

/// Runs `work` for the current request and answers with its outcome: the
/// value, or the error with its HTTP status (and `Retry-After`) for script.
///
/// # Errors
/// The service's error as the page sees it.
pub async fn call<T>(
    work: impl AsyncFnOnce(&AppState, &Caller) -> ServiceResult<T>,
) -> Result<T, AppError> {
    if let Some(ran) = request_parts().and_then(|p| p.extensions.get::<FunctionRan>().cloned()) {
        ran.set();
    }
    // Leptos renders the app once at start-up to list its routes: a resource
    // asked then has no request to answer, which is not a fault.
    if request_parts().is_none() {
        return Err(AppError::Request("no request".to_owned()));
    }
    let outcome = match state() {
        Ok(state) => work(&state, &caller(&state)).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    with_status(outcome)
}

/// A server function posted by a form: like [`call`], and after a failure
/// posted without JavaScript, the browser goes back to the form's page with
/// the error and the values typed that are not secret.
pub struct Form<F> {
    page: &'static str,
    keep: Vec<(&'static str, String)>,
    function: PhantomData<F>,
}

impl<F: ServerFn<Error = AppError>> Form<F> {
    pub fn back_to(page: &'static str) -> Self {
        Self {
            page,
            keep: Vec::new(),
            function: PhantomData,
        }
    }

    /// Sends `value` back as `name` (never a password).
    #[must_use]
    pub fn keep(mut self, name: &'static str, value: &str) -> Self {
        self.keep.push((name, value.to_owned()));
        self
    }

    /// # Errors
    /// The service's error as the page sees it.
    pub async fn call<T>(
        self,
        work: impl AsyncFnOnce(&AppState, &Caller) -> ServiceResult<T>,
    ) -> Result<T, AppError> {
        let outcome = call(work).await;
        if let Err(err) = &outcome {
            self.return_on_error(err);
        }
        outcome
    }

    fn return_on_error(&self, err: &AppError) {
        if posted_by_plain_form() != Some(true) {
            return;
        }
        // Only the path and query are used; the base just makes the URL absolute.
        let Ok(mut url) = ServerFnUrlError::new(F::PATH, err.clone())
            .to_url(&format!("http://localhost{}", self.page))
        else {
            return;
        };
        for (name, value) in &self.keep {
            if !value.is_empty() {
                url.query_pairs_mut().append_pair(name, value);
            }
        }
        redirect(&format!(
            "{}?{}",
            url.path(),
            url.query().unwrap_or_default()
        ));
    }
}

/// Sends the browser to `path` once the function has answered: a plain
/// redirect after a form post without JavaScript, a header the page's
/// router follows otherwise.
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// Makes the answer a file to save as `name`, also for a form posted
/// without JavaScript (whose answer would otherwise go back to the form).
pub fn attach_as_file(name: &str) {
    if let (Some(res), Ok(disposition)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")),
    ) {
        res.set_status(StatusCode::OK);
        res.insert_header(header::CONTENT_DISPOSITION, disposition);
    }
}

/// Hands the browser the cookie of a session just started.
pub fn start_session(session: NewSession) {
    if let Some(state) = use_context::<AppState>() {
        set_cookie(&session_cookie(&state.settings, Holder::Candidate, session));
    }
}

/// Clears the session cookie (after its session was ended).
pub fn clear_session() {
    if let Some(state) = use_context::<AppState>() {
        let ended = NewSession {
            token: String::new(),
            lifetime: chrono::Duration::zero(),
        };
        set_cookie(&session_cookie(&state.settings, Holder::Candidate, ended));
    }
}

/// Gives a failed server function the HTTP status its error deserves (for
/// script; a plain form post is answered with a redirect).
fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    // A page whose data could not be loaded is not a success either: its
    // status says so (pages load their data in blocking resources, which
    // the server waits for before it sends the head).
    // Other refusals on a page are the page's to show (or redirect).
    let plain_form = posted_by_plain_form();
    let page_failed = plain_form.is_none()
        && matches!(
            result,
            Err(AppError::Internal { .. } | AppError::Busy { .. })
        );
    if let Err(err) = &result
        && (plain_form == Some(false) || page_failed)
        && let Some(res) = use_context::<ResponseOptions>()
    {
        let (status, headers) = head_of(err);
        res.set_status(status);
        for (name, value) in &headers {
            res.insert_header(name.clone(), value.clone());
        }
    }
    result
}
