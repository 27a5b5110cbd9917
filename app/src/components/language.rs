//! The page's language: where it comes from, the context every `t!` reads,
//! and the switch in the header.

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_i18n::context::{I18nContextOptions, UseLocalesOptions, init_i18n_context_with_options};
use leptos_router::hooks::use_location;

use crate::i18n::{I18nContextProvider, Locale, use_i18n};

/// leptos_i18n's context, made so that no task outlives the page.
///
/// Making the context also makes an isomorphic effect (it keeps a language
/// cookie in step) whose first run is a task of its own. On the server that
/// task may first run after a quick response has ended and the request's
/// reactive owner is gone; it then reads the disposed locale signal and
/// panics (five times in a load run before this). The server has no cookie
/// to keep in step (our switch is a form post), so the context is made in
/// an owner of its own whose effects are paused, and provided before
/// `I18nContextProvider`, which then uses it instead of making another and
/// still puts `lang` and `dir` on `<html>`.
#[component]
pub fn LanguageContext(children: Children) -> impl IntoView {
    let owner = Owner::current()
        .map(|parent| parent.child())
        .unwrap_or_default();
    let context = owner.with(|| {
        init_i18n_context_with_options::<Locale>(
            I18nContextOptions::default().ssr_lang_header_getter(language_source()),
        )
    });
    owner.pause();
    provide_context(context);
    // Children of an owner are held weakly: the page's owner keeps this one
    // (and so the locale signal) until it is cleaned up itself.
    on_cleanup(move || drop(owner));
    view! { <I18nContextProvider>{children()}</I18nContextProvider> }
}

/// Where leptos_i18n learns the request's language on the server: the
/// visitor's choice (cookie), else `Accept-Language`, decided in one place
/// for pages, server functions and emails alike. The browser then follows
/// the `lang` the server put on `<html>`.
fn language_source() -> UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        UseLocalesOptions::default().ssr_lang_header_getter(crate::api::http::page_language)
    }
    #[cfg(not(feature = "ssr"))]
    {
        UseLocalesOptions::default()
    }
}

/// `English | Français`: a plain form post that remembers the choice and
/// comes back to the same page, with or without JavaScript. Each language
/// is named in itself and marked with its `lang` for screen readers.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // The page to come back to; a query longer than any of ours is dropped
    // rather than echoed into every page.
    let here = move || {
        let search = location.search.get();
        if search.is_empty() || search.len() > 1024 {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    let choice = move |locale: Locale, name: &'static str| {
        view! {
            <button type="submit" name="lang" value=locale.as_str() lang=locale.as_str()
                aria-pressed=move || (i18n.get_locale() == locale).to_string()>
                {name}
            </button>
        }
    };
    view! {
        <form method="post" action=crate::routes::LANGUAGE class="language-switch" aria-label=move || crate::i18n::t_string!(i18n, nav.language).to_string()>
            <input type="hidden" name="next" value=here />
            {choice(Locale::en, "English")}
            <span aria-hidden="true">"|"</span>
            {choice(Locale::fr, "Français")}
        </form>
    }
}
