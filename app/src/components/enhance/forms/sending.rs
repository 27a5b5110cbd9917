//! Sending a form by script: a refusal is shown in place, a busy server is
//! asked again after the time it gives.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::{document, window};
use leptos::web_sys::HtmlFormElement;

use super::form::{Form, FormValues};
use super::text::{encode, escape, url_safe_base64};
use crate::components::FormKind;
use crate::components::enhance::dom::{attr, by_id, fill, go_to, set_attr};
use crate::components::enhance::send::{Answer, post_form};
use crate::domain::FieldErrors;
use crate::i18n::td_string;

pub(super) fn submit(form: &Rc<RefCell<Form>>) {
    let errors = {
        let mut f = form.borrow_mut();
        f.shown = f.kind.fields().iter().map(|(field, _)| *field).collect();
        let errors = f.check();
        // A new submit replaces the server's last word.
        f.server.clear();
        f.show();
        f.summarise(&errors);
        if !errors.is_empty() {
            f.focus_problems(&errors);
        }
        errors
    };
    if errors.is_empty() {
        send(form.clone(), None);
    }
}

/// Sends the form by script; `body` is a previous attempt's, sent again.
pub(super) fn send(form: Rc<RefCell<Form>>, body: Option<String>) {
    let (element, kind, locale) = {
        let f = form.borrow();
        (f.element.clone(), f.kind, f.locale)
    };
    form.borrow().set_pending(true);
    leptos::task::spawn_local(async move {
        let (answer, body) = post_form(&element, body).await;
        // The buttons stay disabled while the next page loads: a second
        // press would send a request the navigation then cuts off.
        if matches!(
            answer,
            Answer::Invalid(_) | Answer::Busy(_) | Answer::Failed
        ) {
            form.borrow().set_pending(false);
        }
        match answer {
            Answer::Done(location) => go_to(&location),
            // Only the login page is retried by itself: the other forms change
            // something, and the candidate decides whether to send them again.
            Answer::Busy(seconds) => {
                let words = fill(
                    &attr(&element, "data-busy").unwrap_or_default(),
                    &[("seconds", &seconds.to_string())],
                );
                show_form_error(&element, &words);
                if kind != FormKind::Login {
                    return;
                }
                // A login surge: come back when the server asked, with the same
                // form, rather than leave the candidate to press again.
                let form = form.clone();
                super::super::dom::after(seconds * 1000, move || send(form, Some(body)));
            }
            Answer::Invalid(errors) => {
                let mut f = form.borrow_mut();
                f.server = errors
                    .0
                    .iter()
                    .map(|(field, e)| (*field, e.text(locale).to_owned()))
                    .collect();
                f.show();
                f.summarise(&errors);
                f.focus_problems(&errors);
            }
            Answer::Refused(error_json) => {
                // Not a field's problem: whatever the fields showed from the server goes.
                form.borrow_mut().server.clear();
                form.borrow().show();
                form.borrow().summarise(&FieldErrors::default());
                show_refusal(element, error_json).await;
                form.borrow().set_pending(false);
            }
            Answer::Failed => show_form_error(&element, td_string!(locale, errors.request)),
        }
    });
}

/// Any other refusal: the server's own words and way on (a new
/// confirmation link, a sign-in link …), as the page a browser without
/// JavaScript gets: that page is fetched and its alert above the form put
/// in place of ours, so what was typed stays. Where the page has no such
/// alert, it is loaded whole.
pub(super) async fn show_refusal(form: HtmlFormElement, error_json: String) {
    let Some(values) = FormValues::of(&form) else {
        return;
    };
    let action = form.get_attribute("action").unwrap_or_default();
    let mut query = vec![
        format!("__path={}", encode(&action)),
        format!("__err={}", encode(&url_safe_base64(&error_json))),
    ];
    for name in values.names() {
        let secret = form
            .query_selector(&format!("[name=\"{name}\"]"))
            .ok()
            .flatten()
            .and_then(|e| attr(&e, "type"))
            .is_some_and(|t| t == "password");
        let value = values.get(&name);
        if !secret && !value.is_empty() {
            query.push(format!("{}={}", encode(&name), encode(&value)));
        }
    }
    let page = format!(
        "{}?{}",
        window().location().pathname().unwrap_or_default(),
        query.join("&")
    );
    let alert = super::super::send::get_page(&page)
        .await
        .and_then(|html| alert_above(&html, &action));
    let Some(alert) = alert else {
        return go_to(&page);
    };
    if let Some(old) = form
        .previous_element_sibling()
        .filter(|e| e.class_list().contains("alert-error"))
    {
        old.remove();
    }
    let _ = form.insert_adjacent_html("beforebegin", &alert);
}

/// The alert just above the form posting to `action` in the page `html`.
pub(super) fn alert_above(html: &str, action: &str) -> Option<String> {
    let page = leptos::web_sys::DomParser::new()
        .ok()?
        .parse_from_string(html, leptos::web_sys::SupportedType::TextHtml)
        .ok()?;
    let form = page
        .query_selector(&format!("form[action=\"{action}\"]"))
        .ok()??;
    form.previous_element_sibling()
        .filter(|e| e.class_list().contains("alert-error"))
        .map(|e| e.outer_html())
}

/// The alert above the form (the server renders it for refusals; script
/// writes it for the busy retry).
pub(super) fn show_form_error(form: &HtmlFormElement, text: &str) {
    let alert = by_id("form-error").or_else(|| {
        let div = document().create_element("div").ok()?;
        set_attr(&div, "class", "alert alert-error");
        set_attr(&div, "role", "alert");
        set_attr(&div, "id", "form-error");
        form.before_with_node_1(&div).ok()?;
        Some(div)
    });
    if let Some(alert) = alert {
        alert.set_inner_html(&format!("<p>{}</p>", escape(text)));
    }
}
