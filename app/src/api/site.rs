//! What the plain routes are served with, and who is asking.

use std::convert::Infallible;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use leptos::prelude::{AnyView, LeptosOptions};

use super::cookies::{Holder, cookie_in, session_cookie_name};
use super::http::{SignedIn, client_ip, locale_of};
use crate::server::{AppState, Caller};

/// The page around every page: given by the binary, so that the adapter
/// names no page of its own.
pub type Shell = fn(LeptosOptions) -> AnyView;

/// The router's state: the services, the Leptos options and the shell.
#[derive(Clone)]
pub struct Site {
    pub state: AppState,
    pub options: LeptosOptions,
    pub shell: Shell,
}

impl FromRef<Site> for AppState {
    fn from_ref(site: &Site) -> Self {
        site.state.clone()
    }
}

impl FromRef<Site> for LeptosOptions {
    fn from_ref(site: &Site) -> Self {
        site.options.clone()
    }
}

/// Who is asking, read from a request's head: every route and server
/// function gets its [`Caller`] here.
pub fn caller_from(state: &AppState, parts: &Parts) -> Caller {
    Caller {
        ip: client_ip(parts, state.settings.trusted_proxy_header.as_deref()),
        session_token: cookie_in(
            &parts.headers,
            session_cookie_name(&state.settings, Holder::Candidate),
        ),
        checked_candidate: parts.extensions.get::<SignedIn>().map(|s| s.0),
        locale: locale_of(&parts.headers),
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        staff_token: cookie_in(
            &parts.headers,
            session_cookie_name(&state.settings, Holder::Staff),
        ),
    }
}

/// A handler names `caller: Caller` to learn who is asking.
impl<S> FromRequestParts<S> for Caller
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(caller_from(&AppState::from_ref(state), parts))
    }
}
