//! Pages drawn in answer to a plain form post, for what must be shown once
//! and never put in an address (a share code just created, a verified
//! result, a file's preview) and for refusals shown beside their fields.
//! The answer is put in the page's context; the page reads it. A browser
//! with or without JavaScript gets the same page.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Request, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use super::AppError;
use super::guard::{Checked, check_candidate};
use super::http::SignedIn;
use super::refusal::head_of;
use super::site::{Site, caller_from};
use crate::server::{AppState, Caller, ServiceError, ServiceResult};

/// A form post to answer with a page: who posted, and the page to draw.
pub struct PostedPage {
    site: Site,
    parts: Parts,
    pub caller: Caller,
}

impl FromRequestParts<Site> for PostedPage {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, site: &Site) -> Result<Self, Self::Rejection> {
        // The page's header says whether the visitor is signed in, as the
        // guard lets every page's header say.
        if let Checked::SignedIn(id_number) = check_candidate(&site.state, &parts.headers).await {
            parts.extensions.insert(SignedIn(id_number));
        }
        let caller = caller_from(&site.state, parts);
        Ok(Self {
            site: site.clone(),
            parts: parts.clone(),
            caller,
        })
    }
}

impl PostedPage {
    pub fn state(&self) -> &AppState {
        &self.site.state
    }

    /// The answer is the page at `path` rather than the address posted to.
    #[must_use]
    pub fn at(mut self, path: &'static str) -> Self {
        self.parts.uri = Uri::from_static(path);
        self
    }

    /// The page drawn around a service's outcome, `wrap`ped into what the
    /// page reads: someone not signed in goes to the login page; a refusal
    /// gets its status (and `Retry-After`) and is shown by the page.
    pub async fn answer<T, A>(
        self,
        outcome: ServiceResult<T>,
        wrap: impl FnOnce(Result<T, AppError>) -> A,
    ) -> Response
    where
        A: Clone + Send + Sync + 'static,
    {
        self.answer_with(outcome, |_| StatusCode::OK, wrap).await
    }

    /// As [`PostedPage::answer`], a success answered with `ok`'s status.
    pub async fn answer_with<T, A>(
        self,
        outcome: ServiceResult<T>,
        ok: impl FnOnce(&T) -> StatusCode,
        wrap: impl FnOnce(Result<T, AppError>) -> A,
    ) -> Response
    where
        A: Clone + Send + Sync + 'static,
    {
        match outcome.map_err(AppError::from) {
            Err(AppError::NotSignedIn) => self.to_login(),
            Ok(value) => {
                let status = ok(&value);
                self.render(wrap(Ok(value)), status).await
            }
            Err(error) => {
                let (status, headers) = head_of(&error);
                let mut res = self.render(wrap(Err(error)), status).await;
                res.headers_mut().extend(headers);
                res
            }
        }
    }

    /// The page drawn around a refusal, `wrap`ped into what the page reads.
    pub async fn refuse<A>(self, error: ServiceError, wrap: impl FnOnce(AppError) -> A) -> Response
    where
        A: Clone + Send + Sync + 'static,
    {
        let outcome: ServiceResult<()> = Err(error);
        self.answer(outcome, |refused| {
            wrap(refused.err().unwrap_or(AppError::NotFound))
        })
        .await
    }

    /// Sends someone not signed in to the login page of what they posted to.
    pub fn to_login(&self) -> Response {
        Redirect::to(crate::routes::login_for(self.parts.uri.path())).into_response()
    }

    /// Draws the page with `answer` in its context, answering with `status`.
    pub async fn render<A: Clone + Send + Sync + 'static>(
        self,
        answer: A,
        status: StatusCode,
    ) -> Response {
        let Site {
            state,
            options,
            shell,
        } = self.site;
        let page = leptos_axum::render_app_to_stream_in_order_with_context(
            move || {
                provide_context(state.clone());
                provide_context(answer.clone());
            },
            move || shell(options.clone()),
        );
        let mut res = page(Request::from_parts(self.parts, Body::empty())).await;
        *res.status_mut() = status;
        res
    }
}
