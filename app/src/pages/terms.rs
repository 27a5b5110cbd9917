use leptos::prelude::*;

use crate::components::PageTitle;
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn TermsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, terms.title).to_string()) />
        <p>{t!(i18n, terms.usage)}</p>
        <p>{t!(i18n, terms.data)}</p>
        <p>{t!(i18n, terms.updates)}</p>
        <p>{t!(i18n, terms.security)}</p>
    }
}
