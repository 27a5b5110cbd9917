//! Forms, once the browser runs: the shared rules check what is typed (as
//! fields are left, for registration; when sent, for the others), problems
//! appear beside their fields and in the summary, the password strength
//! hint follows the typing, and a form that passes is sent by script so
//! that a refusal is shown in place and a busy server is asked again.
//! Without JavaScript the same forms post to the server, which answers
//! with the same words: the server-rendered page is the authority.

mod form;
mod sending;
mod text;

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use leptos::prelude::{document, window};
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, Event, HtmlFormElement, HtmlInputElement};

use self::form::{Form, show_strength};
use self::sending::submit;
use super::dom::{attr, by_id, focus, on};
use crate::components::FormKind;
use crate::domain::Field;
use crate::i18n::Locale;

/// Enhances every form the server marked with `data-check`.
pub fn enhance_all(locale: Locale) {
    let Ok(forms) = document().query_selector_all("form[data-check]") else {
        return;
    };
    for i in 0..forms.length() {
        let Some(element) = forms
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlFormElement>().ok())
        else {
            continue;
        };
        let Some(kind) = attr(&element, "data-check").and_then(|k| FormKind::from_name(&k)) else {
            continue;
        };
        let server = server_messages(kind);
        let form = Rc::new(RefCell::new(Form {
            kind,
            locale,
            element: element.clone(),
            shown: HashSet::new(),
            server,
            pointer_down: false,
        }));
        wire(&form, &element);
    }
    let summary_links = |ev: Event| {
        // Following a summary link puts the caret in the field, not just scrolls to it.
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("#error-summary a").ok().flatten())
        else {
            return;
        };
        if let Some(id) = attr(&link, "href").and_then(|h| h.strip_prefix('#').map(str::to_owned)) {
            ev.prevent_default();
            focus(&id);
        }
    };
    on(&document(), "click", summary_links);
}

/// The problems the server rendered beside the fields, as they stand.
fn server_messages(kind: FormKind) -> Vec<(Field, String)> {
    kind.fields()
        .iter()
        .filter_map(|(field, id)| {
            by_id(&format!("{id}-error"))
                .and_then(|p| p.text_content())
                .filter(|t| !t.is_empty())
                .map(|t| (*field, t))
        })
        .collect()
}

fn wire(form: &Rc<RefCell<Form>>, element: &HtmlFormElement) {
    let kind = form.borrow().kind;
    if kind.checks_on_leaving_a_field() {
        for (field, id) in kind.fields() {
            let Some(input) = by_id(id) else { continue };
            let (form, field) = (form.clone(), *field);
            on(&input, "blur", move |_| {
                let mut f = form.borrow_mut();
                f.shown.insert(field);
                // A message appearing or vanishing under a pressed pointer
                // would move the control being clicked: wait for the release.
                if !f.pointer_down {
                    f.show();
                }
            });
        }
        let f = form.clone();
        on(element, "pointerdown", move |_| {
            f.borrow_mut().pointer_down = true
        });
        let f = form.clone();
        on(&window(), "pointerup", move |_| {
            if std::mem::take(&mut f.borrow_mut().pointer_down) {
                // After the click this release belongs to has been dispatched.
                let f = f.clone();
                super::dom::after(0, move || f.borrow().show());
            }
        });
    }
    // The strength hint of this form's new password, if it has one.
    if let Some(password) = by_id("password")
        .filter(|p| element.contains(Some(p)) && by_id("password-strength").is_some())
    {
        let locale = form.borrow().locale;
        on(&password, "input", move |ev| {
            show_strength(locale, &input_value(&ev))
        });
    }
    let f = form.clone();
    on(element, "submit", move |ev| {
        ev.prevent_default();
        submit(&f);
    });
}

fn input_value(ev: &Event) -> String {
    ev.target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}
