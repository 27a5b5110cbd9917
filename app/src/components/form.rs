use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Event, FormData, HtmlFormElement, HtmlInputElement};
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::domain::{Field, FieldErrors, ValidationError};

/// The current values of the form an event came from (an input's blur or
/// the form's submit), read the same way the browser would post them.
pub struct FormValues(FormData);

impl FormValues {
    pub fn from_event(ev: &Event) -> Option<Self> {
        let target = ev.target()?;
        let form = match target.dyn_ref::<HtmlInputElement>() {
            Some(input) => input.form()?,
            None => target.dyn_into::<HtmlFormElement>().ok()?,
        };
        FormData::new_with_form(&form).ok().map(Self)
    }

    /// The values of the form with this id.
    pub fn of_form(id: &str) -> Option<Self> {
        let form = document().get_element_by_id(id)?.dyn_into::<HtmlFormElement>().ok()?;
        FormData::new_with_form(&form).ok().map(Self)
    }

    pub fn get(&self, name: &str) -> String {
        self.0.get(name).as_string().unwrap_or_default()
    }

    pub fn checked(&self, name: &str) -> bool {
        crate::api::is_checked(self.0.get(name).as_string().as_deref())
    }
}

/// The longest value put back into a field from the URL: the longest email
/// address. Anything longer was not typed into our forms.
const MAX_SENT_BACK_CHARS: usize = 254;

/// A value the server sent back in the URL after a failed post without
/// JavaScript (never a secret), to fill the field in again; cut to a
/// field's length, so a crafted address cannot make the page echo kilobytes.
pub fn value_sent_back(name: &'static str) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get_str(name).map(|v| v.chars().take(MAX_SENT_BACK_CHARS).collect()).unwrap_or_default()))
}

/// The problem to show beside `field`: the browser's check wins because it
/// reflects what is typed now; otherwise the server's last answer.
pub fn field_error(client: RwSignal<FieldErrors>, server: Signal<Option<AppError>>, field: Field) -> Signal<Option<ValidationError>> {
    Signal::derive(move || {
        client.with(|c| c.get(field)).or_else(|| match server.get() {
            Some(AppError::Invalid(errors)) => errors.get(field),
            _ => None,
        })
    })
}

/// The last answer of a form's server function: the action's, or after a
/// post without JavaScript, the one the server put in the URL.
pub fn action_error<F>(action: ServerAction<F>) -> Signal<Option<AppError>>
where
    F: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    F::Output: Clone + Send + Sync + 'static,
{
    let url_error = super::error_from_url::<F>();
    Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(_)) => None,
        None => url_error.get(),
    })
}

/// The words to show beside `field` (see [`field_error`]), in the page's language.
pub fn field_message(client: RwSignal<FieldErrors>, server: Signal<Option<AppError>>, field: Field) -> Signal<Option<String>> {
    let i18n = crate::i18n::use_i18n();
    let err = field_error(client, server, field);
    Signal::derive(move || err.get().map(|e| super::validation_message(i18n, e)))
}

/// A labelled input with its hint and error message, wired for screen
/// readers (`aria-describedby`, `aria-invalid`).
#[component]
pub fn FormField(
    /// The form field name, also its id.
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] on_blur: Option<Callback<Event>>,
    /// Called with the field's value as it is typed.
    #[prop(optional)]
    on_input: Option<Callback<String>>,
    /// More ids for `aria-describedby` (a strength hint below the field).
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// What the field holds when the page is drawn (after a no-JavaScript round trip).
    #[prop(optional, into)]
    value: Option<Signal<String>>,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            if let Some(extra) = described_by {
                ids.push(extra.to_owned());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <p class="error" id=error_id.clone() aria-live="polite">{move || error.get()}</p>
            <input
                type=input_type
                id=name
                name=name
                autocomplete=autocomplete
                inputmode=inputmode
                value=move || value.map(|v| v.get())
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                on:blur=move |ev| {
                    if let Some(cb) = on_blur {
                        cb.run(ev.into());
                    }
                }
                on:input=move |ev| {
                    if let Some(cb) = on_input {
                        cb.run(event_target_value(&ev));
                    }
                }
            />
        </div>
    }
}
