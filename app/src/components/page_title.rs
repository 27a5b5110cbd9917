use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t_string, use_i18n};

/// Sets the document title to "<page> – Results Online".
#[component]
pub fn DocumentTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title text=move || format!("{} – {}", text.get(), t_string!(i18n, site.name)) /> }
}

/// Sets the document title and shows the same words as the page heading.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <DocumentTitle text />
        <h1>{text}</h1>
    }
}
