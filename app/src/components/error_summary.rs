use leptos::prelude::*;

use super::validation_message;
use crate::api::AppError;
use crate::domain::{Field, FieldErrors, ValidationError};
use crate::i18n::{t, use_i18n};

/// The problems a submit found, as `(field id, problem)` in form order.
pub type Submitted = RwSignal<Vec<(&'static str, ValidationError)>>;

/// Takes the snapshot a summary shows: it changes on the next submit, not
/// while the candidate fixes fields, so nothing above the form moves under
/// their pointer.
pub fn snapshot(errors: &FieldErrors, fields: &[(Field, &'static str)]) -> Vec<(&'static str, ValidationError)> {
    fields.iter().filter_map(|(field, id)| errors.get(*field).map(|e| (*id, e))).collect()
}

/// What the summary lists: the last submit's problems found in the browser,
/// or those the server found (also after a post without JavaScript).
pub fn summary_items(
    submitted: Submitted,
    server_error: Signal<Option<AppError>>,
    fields: &'static [(Field, &'static str)],
) -> Signal<Vec<(&'static str, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let mut items = submitted.get();
        if items.is_empty()
            && let Some(AppError::Invalid(errors)) = server_error.get()
        {
            items = snapshot(&errors, fields);
        }
        items.into_iter().map(|(id, e)| (id, validation_message(i18n, e))).collect()
    })
}

/// The id of the summary, to move focus to it after a failed submit.
pub const ERROR_SUMMARY_ID: &str = "error-summary";

/// "There is a problem", then one link per field with a problem, at the top
/// of the form: a screen reader hears every problem at once when focus
/// lands here, and each link takes the candidate to its field.
#[component]
pub fn ErrorSummary(
    /// `(field id, message)` in form order; the summary hides when empty.
    #[prop(into)]
    items: Signal<Vec<(&'static str, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let items = items.get();
        (!items.is_empty()).then(|| {
            view! {
                <div class="error-summary" id=ERROR_SUMMARY_ID tabindex="-1" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title">{t!(i18n, common.error_summary)}</h2>
                    <ul>
                        {items.into_iter().map(|(id, message)| view! {
                            <li>
                                // Following the link should put the caret in the field, not just scroll to it.
                                <a href=format!("#{id}") on:click=move |ev| {
                                    ev.prevent_default();
                                    focus(id);
                                }>{message}</a>
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// After the browser's own check of a submitted form: remembers `errors`
/// for the fields and the summary, and when there are any, stops the
/// submit and moves focus to the summary.
pub fn refuse_if_invalid(
    ev: &leptos::web_sys::SubmitEvent,
    errors: FieldErrors,
    client: RwSignal<FieldErrors>,
    submitted: Submitted,
    fields: &[(Field, &'static str)],
) {
    let failed = !errors.is_empty();
    submitted.set(snapshot(&errors, fields));
    client.set(errors);
    if failed {
        ev.prevent_default();
        focus_error_summary();
    }
}

/// Focuses the summary once it has been drawn (it appears in the same tick).
pub fn focus_error_summary() {
    request_animation_frame(|| focus(ERROR_SUMMARY_ID));
}
