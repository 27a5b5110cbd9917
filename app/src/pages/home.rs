use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::PageTitle;
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, home.title).to_string()) />
        <p class="lead">{t!(i18n, home.intro)}</p>
        <ol class="steps">
            <li>
                <h2>{t!(i18n, home.step_register_title)}</h2>
                <p>{t!(i18n, home.step_register_text)}</p>
                <A href=crate::routes::REGISTER attr:class="button">{t!(i18n, home.register_button)}</A>
            </li>
            <li>
                <h2>{t!(i18n, home.step_confirm_title)}</h2>
                <p>{t!(i18n, home.step_confirm_text)}</p>
            </li>
            <li>
                <h2>{t!(i18n, home.step_login_title)}</h2>
                <p>{t!(i18n, home.step_login_text)}</p>
                <A href=crate::routes::LOGIN attr:class="button secondary">{t!(i18n, home.login_button)}</A>
            </li>
        </ol>
    }
}
