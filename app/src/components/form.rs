use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::domain::Field;
use crate::i18n::{t, use_i18n};

/// The longest value put back into a field from the URL: the longest email
/// address. Anything longer was not typed into our forms.
const MAX_SENT_BACK_CHARS: usize = 254;

/// A value the server sent back in the URL after a failed post without
/// JavaScript (never a secret), to fill the field in again; cut to a
/// field's length, so a crafted address cannot make the page echo kilobytes.
pub fn value_sent_back(name: &'static str) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || {
        query.with(|q| {
            q.get_str(name)
                .map(|v| v.chars().take(MAX_SENT_BACK_CHARS).collect())
                .unwrap_or_default()
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

/// The words to show beside `field`: the server's last answer, in the
/// page's language (the browser's own check replaces them as it finds
/// problems).
pub fn field_message(server: Signal<Option<AppError>>, field: Field) -> Signal<Option<String>> {
    let i18n = crate::i18n::use_i18n();
    Signal::derive(move || match server.get() {
        Some(AppError::Invalid(errors)) => errors
            .get(field)
            .map(|e| super::validation_message(i18n, e)),
        _ => None,
    })
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
            />
        </div>
    }
}

/// The current password, asked again before a change: its id differs
/// from form to form on this page, its name is the server function's
/// argument.
#[component]
pub fn PasswordAgainField(
    id: &'static str,
    #[prop(into)] hint: Signal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error.get().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{t!(i18n, account.current_password)}</label>
            <p class="hint" id=hint_id>{hint}</p>
            <p class="error" id=error_id aria-live="polite">{move || error.get()}</p>
            <input type="password" id=id name="current_password" autocomplete="current-password"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" } aria-describedby=described />
        </div>
    }
}
