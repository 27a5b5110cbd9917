//! Forms, once the browser runs: the shared rules check what is typed (as
//! fields are left, for registration; when sent, for the others), problems
//! appear beside their fields and in the summary, the password strength
//! hint follows the typing, and a form that passes is sent by script so
//! that a refusal is shown in place and a busy server is asked again.
//! Without JavaScript the same forms post to the server, which answers
//! with the same words: the server-rendered page is the authority.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use leptos::prelude::{document, window};
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{
    Element, Event, FormData, HtmlButtonElement, HtmlFormElement, HtmlInputElement,
};

use super::dom::{attr, by_id, fill, focus, go_to, on, set_attr};
use super::send::{Answer, post_form};
use crate::components::FormKind;
use crate::domain::{
    Email, Field, FieldErrors, IdNumber, NewPassword, RegistrationInput, ValidationError,
    estimate_strength,
};
use crate::i18n::{Locale, td_string};

use super::markers::SUMMARY_SLOT;

/// The summary itself, inside its slot.
pub const SUMMARY_ID: &str = "error-summary";

/// The current values of a form, read the same way the browser would post them.
struct FormValues(FormData);

impl FormValues {
    /// The values of `form` as they stand.
    fn of(form: &HtmlFormElement) -> Option<Self> {
        FormData::new_with_form(form).ok().map(Self)
    }

    /// The names of the fields the form would send, in order.
    fn names(&self) -> Vec<String> {
        js_sys::Array::from(&self.0)
            .iter()
            .filter_map(|pair| js_sys::Array::from(&pair).get(0).as_string())
            .collect()
    }

    fn get(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    fn checked(&self, name: &str) -> bool {
        crate::api::fields::is_checked(self.0.get(name).as_string().as_deref())
    }
}

/// One enhanced form and what the candidate has done with it.
struct Form {
    kind: FormKind,
    locale: Locale,
    element: HtmlFormElement,
    /// Fields whose own problem shows: left once, or all after a submit.
    shown: HashSet<Field>,
    /// The server's last word on each field (rendered with the page, or
    /// from a refused submit), shown unless the browser's check has its own.
    server: Vec<(Field, String)>,
    pointer_down: bool,
}

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

impl Form {
    /// The shared rules applied to what the form holds now.
    fn check(&self) -> FieldErrors {
        let Some(values) = FormValues::of(&self.element) else {
            return FieldErrors::default();
        };
        let data = |name: &str| attr(&self.element, name).unwrap_or_default();
        let mut errors = FieldErrors::default();
        match self.kind {
            FormKind::Register => {
                let (id, secret, email, password, confirm) = (
                    values.get("id_number"),
                    values.get("secret_number"),
                    values.get("email"),
                    values.get("password"),
                    values.get("confirm_password"),
                );
                let input = RegistrationInput {
                    id_number: &id,
                    secret_number: &secret,
                    email: &email,
                    password: &password,
                    confirm_password: &confirm,
                    terms_accepted: values.checked("terms"),
                    wants_updates: values.checked("updates"),
                };
                errors = input.validate().err().unwrap_or_default();
            }
            FormKind::Login | FormKind::Forgot => {
                errors.check(Field::IdNumber, IdNumber::parse(&values.get("id_number")));
                if self.kind == FormKind::Login && values.get("password").is_empty() {
                    errors.push(Field::Password, ValidationError::Required);
                }
            }
            FormKind::Reset | FormKind::PasswordChange => {
                let (current, password, confirm) = (
                    values.get("current_password"),
                    values.get("password"),
                    values.get("confirm_password"),
                );
                if self.kind == FormKind::PasswordChange && current.is_empty() {
                    errors.push(Field::CurrentPassword, ValidationError::Required);
                }
                let (id, email) = (
                    IdNumber::parse(&data("data-id-number")).ok(),
                    Email::parse(&data("data-email")).ok(),
                );
                errors.check(
                    Field::Password,
                    NewPassword::parse(&password, id.as_ref(), email.as_ref()),
                );
                errors.check(
                    Field::ConfirmPassword,
                    NewPassword::check_confirmation(&password, &confirm),
                );
            }
            FormKind::EmailChange => {
                let email = errors.check(Field::Email, Email::parse(&values.get("email")));
                if email
                    .is_some_and(|e| e.as_ref().eq_ignore_ascii_case(&data("data-current-email")))
                {
                    errors.push(Field::Email, ValidationError::EmailUnchanged);
                }
                if values.get("current_password").is_empty() {
                    errors.push(Field::CurrentPassword, ValidationError::Required);
                }
            }
        }
        errors
    }

    /// Each field's message: the browser's check for a field that shows
    /// its own, otherwise the server's last word.
    fn show(&self) {
        let own = self.check();
        for (field, id) in self.kind.fields() {
            let own = own
                .get(*field)
                .filter(|_| self.shown.contains(field))
                .map(|p| p.text(self.locale).to_owned());
            let problem = own.or_else(|| {
                self.server
                    .iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, text)| text.clone())
            });
            show_field(id, problem.as_deref());
        }
    }

    /// The summary of `errors`, or none: it changes only when the form is
    /// sent, so nothing above the form moves while fields are fixed.
    fn summarise(&self, errors: &FieldErrors) {
        let Some(slot) = by_id(SUMMARY_SLOT).filter(|_| self.kind.has_summary()) else {
            return;
        };
        let items: Vec<String> = self
            .kind
            .fields()
            .iter()
            .filter_map(|(field, id)| {
                errors.get(*field).map(|e| {
                    format!(
                        "<li><a href=\"#{id}\">{}</a></li>",
                        escape(e.text(self.locale))
                    )
                })
            })
            .collect();
        if items.is_empty() {
            slot.set_inner_html("");
            return;
        }
        let title = escape(td_string!(self.locale, common.error_summary));
        slot.set_inner_html(&format!(
            "<div class=\"error-summary\" id=\"{SUMMARY_ID}\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">{title}</h2><ul>{}</ul></div>",
            items.concat()
        ));
    }

    /// Where the caret goes after problems were found: the summary, or the
    /// first field with one.
    fn focus_problems(&self, errors: &FieldErrors) {
        if self.kind.has_summary() {
            focus(SUMMARY_ID);
        } else if let Some((_, id)) = self
            .kind
            .fields()
            .iter()
            .find(|(f, _)| errors.get(*f).is_some())
        {
            focus(id);
        }
    }

    fn set_pending(&self, pending: bool) {
        let Ok(buttons) = self.element.query_selector_all("button[type=submit]") else {
            return;
        };
        for i in 0..buttons.length() {
            if let Some(button) = buttons
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlButtonElement>().ok())
            {
                button.set_disabled(pending);
            }
        }
    }
}

/// Shows `message` beside the field `id` (or none), with the attributes a
/// screen reader follows.
fn show_field(id: &str, message: Option<&str>) {
    let error_id = format!("{id}-error");
    if let Some(p) = by_id(&error_id) {
        p.set_text_content(message);
    }
    let Some(input) = by_id(id) else { return };
    set_attr(
        &input,
        "aria-invalid",
        if message.is_some() { "true" } else { "false" },
    );
    let mut described: Vec<String> = attr(&input, "aria-describedby")
        .unwrap_or_default()
        .split_whitespace()
        .filter(|t| *t != error_id)
        .map(str::to_owned)
        .collect();
    if message.is_some() {
        // The hint comes first, then the problem, as the server writes them.
        let at = described
            .iter()
            .position(|t| t.ends_with("-hint"))
            .map_or(0, |i| i + 1);
        described.insert(at, error_id);
    }
    if described.is_empty() {
        let _ = input.remove_attribute("aria-describedby");
    } else {
        set_attr(&input, "aria-describedby", &described.join(" "));
    }
    if let Some(wrapper) = input.closest(".field").ok().flatten() {
        let _ = wrapper
            .class_list()
            .toggle_with_force("field-invalid", message.is_some());
    }
}

/// "Password strength: weak", under a new-password field, as it is typed.
fn show_strength(locale: Locale, password: &str) {
    let Some(hint) = by_id("password-strength") else {
        return;
    };
    if password.is_empty() {
        hint.set_inner_html("");
        let _ = hint.remove_attribute("data-strength");
        return;
    }
    let strength = estimate_strength(password);
    let (name, words) = match strength {
        crate::domain::Strength::Weak => ("weak", td_string!(locale, password_strength.weak)),
        crate::domain::Strength::Fair => ("fair", td_string!(locale, password_strength.fair)),
        crate::domain::Strength::Strong => ("strong", td_string!(locale, password_strength.strong)),
    };
    set_attr(&hint, "data-strength", name);
    hint.set_inner_html(&format!(
        "<span class=\"strength-label\">{}</span> <span class=\"strength-value\">{}</span>",
        escape(td_string!(locale, password_strength.label)),
        escape(words)
    ));
}

fn submit(form: &Rc<RefCell<Form>>) {
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
fn send(form: Rc<RefCell<Form>>, body: Option<String>) {
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
                super::dom::after(seconds * 1000, move || send(form, Some(body)));
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
async fn show_refusal(form: HtmlFormElement, error_json: String) {
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
    let alert = super::send::get_page(&page)
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
fn alert_above(html: &str, action: &str) -> Option<String> {
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
fn show_form_error(form: &HtmlFormElement, text: &str) {
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

/// How server functions carry an error in a URL: URL-safe base64 of its
/// JSON (our errors' JSON is ASCII, which `btoa` takes).
fn url_safe_base64(json: &str) -> String {
    window()
        .btoa(json)
        .unwrap_or_default()
        .replace('+', "-")
        .replace('/', "_")
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
