//! The few DOM operations the enhancements need, each failing quietly: the
//! page is already whole without them.

use leptos::prelude::{document, window};
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlElement};

pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

pub fn set_attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

pub fn attr(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus(id: &str) {
    if let Some(el) = by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The page's language, as the server rendered it on `<html lang>`.
pub fn page_locale() -> crate::i18n::Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|lang| lang.parse().ok())
        .unwrap_or_default()
}

/// Loads `path`: a full page load, so the server renders what comes next.
pub fn go_to(path: &str) {
    let _ = window().location().assign(path);
}

/// Runs `f` after `ms` milliseconds; returns the timer to cancel.
pub fn after(ms: i64, f: impl FnOnce() + 'static) -> Option<i32> {
    let closure = leptos::wasm_bindgen::closure::Closure::once_into_js(f);
    let ms = i32::try_from(ms.max(0)).unwrap_or(i32::MAX);
    window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), ms)
        .ok()
}

pub fn cancel(timer: Option<i32>) {
    if let Some(id) = timer {
        window().clear_timeout_with_handle(id);
    }
}

/// Runs `f` every `ms` milliseconds, for the page's lifetime.
pub fn every(ms: i32, f: impl FnMut() + 'static) {
    let closure = leptos::wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(
        closure.as_ref().unchecked_ref(),
        ms,
    );
    closure.forget();
}

/// Calls `f` with each `event` on `target`, for the page's lifetime.
pub fn on(
    target: &leptos::web_sys::EventTarget,
    event: &str,
    f: impl FnMut(leptos::web_sys::Event) + 'static,
) {
    let closure =
        leptos::wasm_bindgen::closure::Closure::<dyn FnMut(leptos::web_sys::Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// `template` with each `{name}` replaced by its value (the server renders
/// translated sentences with such placeholders).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}
