//! One form as the browser sees it: its values, its fields' problems, its
//! summary, and the password strength hint.

use std::collections::HashSet;

use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlButtonElement, HtmlFormElement};

use super::text::escape;
use crate::components::FormKind;
use crate::components::enhance::dom::{attr, by_id, focus, set_attr};
use crate::components::enhance::markers::SUMMARY_SLOT;
use crate::domain::{
    Email, ExamToAdd, Field, FieldErrors, IdNumber, NewPassword, RegistrationInput,
    ValidationError, estimate_strength,
};
use crate::i18n::{Locale, td_string};

/// The summary itself, inside its slot.
pub const SUMMARY_ID: &str = "error-summary";

/// The current values of a form, read the same way the browser would post them.
pub(super) struct FormValues(FormData);

impl FormValues {
    /// The values of `form` as they stand.
    pub(super) fn of(form: &HtmlFormElement) -> Option<Self> {
        FormData::new_with_form(form).ok().map(Self)
    }

    /// The names of the fields the form would send, in order.
    pub(super) fn names(&self) -> Vec<String> {
        js_sys::Array::from(&self.0)
            .iter()
            .filter_map(|pair| js_sys::Array::from(&pair).get(0).as_string())
            .collect()
    }

    pub(super) fn get(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    pub(super) fn checked(&self, name: &str) -> bool {
        crate::api::fields::is_checked(self.0.get(name).as_string().as_deref())
    }
}

/// One enhanced form and what the candidate has done with it.
pub(super) struct Form {
    pub(super) kind: FormKind,
    pub(super) locale: Locale,
    pub(super) element: HtmlFormElement,
    /// Fields whose own problem shows: left once, or all after a submit.
    pub(super) shown: HashSet<Field>,
    /// The server's last word on each field (rendered with the page, or
    /// from a refused submit), shown unless the browser's check has its own.
    pub(super) server: Vec<(Field, String)>,
    pub(super) pointer_down: bool,
}

impl Form {
    /// The shared rules applied to what the form holds now.
    pub(super) fn check(&self) -> FieldErrors {
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
            FormKind::AddExam => {
                let (id, secret) = (values.get("id_number"), values.get("secret_number"));
                errors = ExamToAdd::parse(&id, &secret).err().unwrap_or_default();
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
    pub(super) fn show(&self) {
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
    pub(super) fn summarise(&self, errors: &FieldErrors) {
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
    pub(super) fn focus_problems(&self, errors: &FieldErrors) {
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

    pub(super) fn set_pending(&self, pending: bool) {
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
pub(super) fn show_field(id: &str, message: Option<&str>) {
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
pub(super) fn show_strength(locale: Locale, password: &str) {
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
