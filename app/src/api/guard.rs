//! The sign-in guards, in front of every page: a visitor who may not see a
//! page is sent on before any HTML is drawn, so the redirect is a plain 303
//! whether or not the browser runs JavaScript. Who may see what is
//! [`crate::routes::PAGES`].

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::cookies::{Holder, cookie_in, session_cookie_name};
use super::http::SignedIn;
use super::site::caller_from;
use crate::routes::{Access, access, centre, is_page};
use crate::server::AppState;
use crate::server::entities::account::AccountId;

/// Lets a request through to the page it asks for, or sends it where it
/// may go. A candidate's checked session is passed on to the page as
/// [`SignedIn`], so the page does not look it up again.
pub async fn guard(State(state): State<AppState>, mut req: Request<Body>, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_owned();
    match access(&path) {
        // A page's header says whether the visitor is signed in; files,
        // server functions and unknown addresses need no session query.
        Access::Anyone if is_page(&path) => {
            if let Checked::SignedIn(account) = check_candidate(&state, req.headers()).await {
                req.extensions_mut().insert(SignedIn(account));
            }
        }
        Access::Anyone => {}
        Access::Candidate => match check_candidate(&state, req.headers()).await {
            Checked::SignedIn(account) => {
                req.extensions_mut().insert(SignedIn(account));
            }
            // A cookie without a live session: it expired or was ended elsewhere; say so.
            Checked::Ended => {
                let ended = format!("{}?session=ended", crate::routes::LOGIN);
                return Redirect::to(&ended).into_response();
            }
            Checked::NoCookie => return Redirect::to(crate::routes::LOGIN).into_response(),
            // The page itself reports the failure with a reference.
            Checked::Failed => {}
        },
        wanted @ (Access::Staff | Access::StaffSecondStep) => {
            let (parts, body) = req.into_parts();
            let caller = caller_from(&state, &parts);
            req = Request::from_parts(parts, body);
            let second_step = wanted == Access::StaffSecondStep;
            match crate::server::staff::sessions::current(&state, &caller).await {
                Ok(None) => return Redirect::to(centre::LOGIN).into_response(),
                Ok(Some(s)) if !s.second_factor_done && !second_step => {
                    return Redirect::to(centre::SECOND_FACTOR).into_response();
                }
                Ok(Some(s)) if s.second_factor_done && second_step => {
                    return Redirect::to(centre::HOME).into_response();
                }
                Ok(Some(_)) => {}
                // The page itself reports the failure with a reference.
                Err(e) => tracing::warn!(error = ?e, "staff session check failed"),
            }
        }
    }
    next.run(req).await
}

/// What a request's candidate cookie opens.
pub(super) enum Checked {
    NoCookie,
    /// A cookie whose session has ended.
    Ended,
    SignedIn(AccountId),
    /// The database failed (logged here).
    Failed,
}

/// Checks the candidate session the request's cookie opens, if any.
pub(super) async fn check_candidate(state: &AppState, headers: &HeaderMap) -> Checked {
    let settings = &state.settings;
    let Some(token) = cookie_in(headers, session_cookie_name(settings, Holder::Candidate)) else {
        return Checked::NoCookie;
    };
    match crate::server::sessions::candidate_for(&state.db, settings, &token).await {
        Ok(Some(account)) => Checked::SignedIn(account),
        Ok(None) => Checked::Ended,
        Err(e) => {
            tracing::warn!(error = ?e, "session check failed");
            Checked::Failed
        }
    }
}
