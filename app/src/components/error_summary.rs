use leptos::prelude::*;

use super::validation_message;
use crate::api::AppError;
use crate::domain::Field;
use crate::i18n::{t, use_i18n};

/// What the summary lists: the problems the server found in the last post
/// (the browser's own check draws its summary in the same slot).
pub fn summary_items(
    server_error: Signal<Option<AppError>>,
    fields: &'static [(Field, &'static str)],
) -> Signal<Vec<(&'static str, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || match server_error.get() {
        Some(AppError::Invalid(errors)) => fields
            .iter()
            .filter_map(|(field, id)| {
                errors
                    .get(*field)
                    .map(|e| (*id, validation_message(i18n, e)))
            })
            .collect(),
        _ => Vec::new(),
    })
}

/// "There is a problem", then one link per field with a problem, at the top
/// of the form: a screen reader hears every problem at once when focus
/// lands here, and each link takes the candidate to its field. Drawn in a
/// slot that is always there, where the browser's own check draws its
/// summary too (`enhance`).
#[component]
pub fn ErrorSummary(
    /// `(field id, message)` in form order; the summary hides when empty.
    #[prop(into)]
    items: Signal<Vec<(&'static str, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = move || {
        let items = items.get();
        (!items.is_empty()).then(|| {
            view! {
                <div class="error-summary" id="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title">{t!(i18n, common.error_summary)}</h2>
                    <ul>
                        {items.into_iter().map(|(id, message)| view! { <li><a href=format!("#{id}")>{message}</a></li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! { <div id=super::SUMMARY_SLOT>{summary}</div> }
}
