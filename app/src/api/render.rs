//! Pages drawn in answer to a plain form post, for what must be shown once
//! and never put in an address: a share code just created, a verified
//! result. The answer is put in the page's context; the page reads it.
//! A browser with or without JavaScript gets the same page.

use axum::body::Body;
use axum::extract::FromRequest;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::{LeptosOptions, provide_context};

use crate::server::AppState;

/// What a page answering a post needs: the services and the Leptos options.
#[derive(Clone)]
pub struct PostedPages {
    pub state: AppState,
    pub options: LeptosOptions,
}

impl PostedPages {
    /// Renders the page at the request's path with `answer` in its context,
    /// answering with `status`.
    pub async fn render<T: Clone + Send + Sync + 'static>(
        &self,
        parts: http::request::Parts,
        answer: T,
        status: StatusCode,
    ) -> Response {
        let (state, options) = (self.state.clone(), self.options.clone());
        let page = leptos_axum::render_app_to_stream_in_order_with_context(
            move || {
                provide_context(state.clone());
                provide_context(answer.clone());
            },
            move || crate::app::shell(options.clone()),
        );
        let mut res = page(Request::from_parts(parts, Body::empty())).await;
        *res.status_mut() = status;
        res
    }
}

/// The head of a plain form post and its fields as `T`, or the answer to a
/// body that is not such a form (415 or 422, from axum).
///
/// # Errors
/// The answer to send instead.
pub async fn read_form<T: serde::de::DeserializeOwned>(
    req: Request<Body>,
) -> Result<(http::request::Parts, T), Response> {
    let (parts, body) = req.into_parts();
    match axum::Form::<T>::from_request(Request::from_parts(parts.clone(), body), &()).await {
        Ok(axum::Form(fields)) => Ok((parts, fields)),
        Err(rejection) => Err(rejection.into_response()),
    }
}
