use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t_string, use_i18n};

/// Sets the document title to "<page> – Results Online".
///
/// Worked out once, as plain text: the server writes the `<title>` after the
/// page has rendered, and a page rendered whole before it is sent (its data
/// loaded first, so its status can say whether that worked) may by then
/// have disposed the signals it was made from. A page's language never
/// changes under it (the switch loads the page again), so nothing is lost.
#[component]
pub fn DocumentTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let title = format!("{} – {}", text.get_untracked(), t_string!(i18n, site.name));
    view! { <Title text=title /> }
}

/// Sets the document title and shows the same words as the page heading.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <DocumentTitle text />
        <h1>{text}</h1>
    }
}
