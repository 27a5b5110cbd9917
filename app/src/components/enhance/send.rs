//! Sending a form by script, as a server function's own client would, and
//! reading the answer without a JSON library of our own (the browser's
//! `JSON.parse` does it).

use leptos::prelude::window;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{FormData, HtmlFormElement, RequestInit, Response, UrlSearchParams};
use wasm_bindgen_futures::JsFuture;

use crate::domain::{Field, FieldErrors, ValidationError};

/// What the server said to a form.
pub enum Answer {
    /// Accepted: the page to go to next.
    Done(String),
    /// Every core is busy: ask again after this many seconds.
    Busy(i64),
    /// Field by field, as the form shows them.
    Invalid(FieldErrors),
    /// Any other refusal, as the server's JSON.
    Refused(String),
    /// No answer at all (the connection failed).
    Failed,
}

/// The form's fields, URL-encoded as a plain form post would send them.
fn url_encoded(form: &HtmlFormElement) -> String {
    let data = FormData::new_with_form(form).ok();
    data.and_then(|d| UrlSearchParams::new_with_str_sequence_sequence(&d).ok())
        .map(|p| String::from(p.to_string()))
        .unwrap_or_default()
}

/// Posts `form` (or `body`, a previous attempt's) to its action; returns the
/// answer and the body sent, to send it again.
pub async fn post_form(form: &HtmlFormElement, body: Option<String>) -> (Answer, String) {
    let body = body.unwrap_or_else(|| url_encoded(form));
    let action = form.get_attribute("action").unwrap_or_default();
    let answer = post(&action, &body).await.unwrap_or(Answer::Failed);
    (answer, body)
}

async fn post(action: &str, body: &str) -> Option<Answer> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    let headers = leptos::web_sys::Headers::new().ok()?;
    headers
        .set("Content-Type", "application/x-www-form-urlencoded")
        .ok()?;
    // Not text/html: the server answers with a status and the error itself,
    // as it does for script, rather than redirecting back to the form.
    headers.set("Accept", "application/json").ok()?;
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(action, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    if response.ok() {
        let next = header("location")
            .unwrap_or_else(|| window().location().pathname().unwrap_or_default());
        return Some(Answer::Done(next));
    }
    if response.status() == 503 {
        let wait = header("retry-after")
            .and_then(|s| s.parse().ok())
            .unwrap_or(2);
        return Some(Answer::Busy(wait));
    }
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
        .unwrap_or_default();
    Some(field_errors(&text).map_or(Answer::Refused(text), Answer::Invalid))
}

/// `{"Invalid": [["Email", "EmailFormat"], …]}` as field errors.
fn field_errors(json: &str) -> Option<FieldErrors> {
    let value = js_sys::JSON::parse(json).ok()?;
    let pairs: js_sys::Array = js_sys::Reflect::get(&value, &JsValue::from_str("Invalid"))
        .ok()?
        .dyn_into()
        .ok()?;
    let mut errors = FieldErrors::default();
    for pair in pairs.iter() {
        let pair: js_sys::Array = pair.dyn_into().ok()?;
        let field = Field::from_name(&pair.get(0).as_string()?)?;
        let error = ValidationError::from_name(&pair.get(1).as_string()?)?;
        errors.push(field, error);
    }
    Some(errors)
}

/// Posts nothing to the server function at `path`; its status, if it answered.
pub async fn post_nothing(path: &str) -> Option<u16> {
    post_empty(path).await.map(|(status, _)| status)
}

/// Posts nothing to the server function at `path`; its status and answer.
pub async fn post_empty(path: &str) -> Option<(u16, String)> {
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = leptos::web_sys::Headers::new().ok()?;
    headers
        .set("Content-Type", "application/x-www-form-urlencoded")
        .ok()?;
    headers.set("Accept", "application/json").ok()?;
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(path, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let text = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
        .unwrap_or_default();
    Some((response.status(), text))
}

/// A page fetched by script: what the browser would have shown, and how.
pub struct PageAnswer {
    pub status: u16,
    pub body: String,
    /// Seconds, from a `Retry-After` header.
    pub retry_after: Option<f64>,
    /// The path the request ended at, when the server redirected it.
    pub redirected_to: Option<String>,
}

/// `/login?session=ended` of `http://host:port/login?session=ended`.
fn path_of(url: &str) -> String {
    url.split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap_or_else(|| crate::routes::LOGIN.to_owned())
}

/// GETs the page at `path` as HTML; `None` when nothing answered.
pub async fn get_page_answer(path: &str) -> Option<PageAnswer> {
    let init = RequestInit::new();
    let headers = leptos::web_sys::Headers::new().ok()?;
    headers.set("Accept", "text/html").ok()?;
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(path, &init))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let retry_after = response
        .headers()
        .get("retry-after")
        .ok()
        .flatten()
        .and_then(|s| s.trim().parse().ok());
    let redirected_to = response.redirected().then(|| path_of(&response.url()));
    let body = JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
        .unwrap_or_default();
    Some(PageAnswer {
        status: response.status(),
        body,
        retry_after,
        redirected_to,
    })
}

/// The page at `path` as HTML, as a browser without JavaScript would get it.
pub async fn get_page(path: &str) -> Option<String> {
    get_page_answer(path).await.map(|answer| answer.body)
}
