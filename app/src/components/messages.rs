use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;
use server_fn::error::ServerFnUrlError;

use crate::api::AppError;
use crate::domain::ValidationError;
use crate::i18n::{Locale, use_i18n};

type I18n = leptos_i18n::I18nContext<Locale>;

/// [`ValidationError::text`] in the page's current language (tracked, so
/// the message follows a language switch).
pub fn validation_message(i18n: I18n, e: ValidationError) -> String {
    e.text(i18n.get_locale()).to_owned()
}

/// The words for a failed request, in the page's language; field errors
/// are shown beside their fields.
pub fn app_error_message(i18n: I18n, e: &AppError) -> String {
    crate::api::error_words(i18n.get_locale(), e)
}

/// A refused request's words as the page's alert.
#[component]
pub fn ErrorAlert(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="alert alert-error" role="alert">{move || app_error_message(i18n, &error)}</p> }
}

/// The error of server function `F` carried in the URL after a plain form
/// post (no JavaScript): the server redirects back with `__path` and `__err`.
pub fn error_from_url<F: ServerFn<Error = AppError>>() -> Memo<Option<AppError>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let path = q.get_str("__path")?;
            // Paths are compared without any leading slash or prefix difference.
            if path.trim_start_matches('/') != F::PATH.trim_start_matches('/') {
                return None;
            }
            q.get_str("__err")
                .map(ServerFnUrlError::<AppError>::decode_err)
        })
    })
}

/// A form's refusal that is not about one field (a field's problem shows
/// beside it), as an alert above the form.
pub fn refusal_alert(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    move || {
        error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| {
            view! { <div class="alert alert-error" role="alert"><p>{app_error_message(i18n, &e)}</p></div> }
        })
    }
}
