//! The `English | Français` switch: a plain form post, so it works with and
//! without JavaScript and from every page.

use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos_i18n::Locale as _;
use serde::Deserialize;

use super::cookies::{LANGUAGE_COOKIE, site_cookie};
use crate::i18n::Locale;
use crate::server::{AppState, Caller};

#[derive(Deserialize)]
pub struct LanguageChoice {
    lang: String,
    /// The page to go back to.
    next: Option<String>,
}

/// Remembers the chosen language in a cookie (and on the account of a
/// signed-in candidate, so that emails use it) and returns to the page.
pub async fn switch_language(
    State(state): State<AppState>,
    caller: Caller,
    Form(choice): Form<LanguageChoice>,
) -> Response {
    let Ok(locale) = choice.lang.parse::<Locale>() else {
        return (StatusCode::BAD_REQUEST, "Unknown language").into_response();
    };
    // The page still switches; only the emails' language is not updated.
    if let Err(e) = crate::server::accounts::remember_language(&state, &caller, locale).await {
        tracing::error!(error = ?e, "could not store the account's language");
    }
    let cookie = site_cookie(
        &state.settings,
        LANGUAGE_COOKIE,
        locale.as_str().to_owned(),
        chrono::Duration::days(365),
    );
    let headers = [
        (header::LOCATION, local_path(choice.next.as_deref())),
        (header::SET_COOKIE, cookie.to_string()),
    ];
    (StatusCode::SEE_OTHER, headers).into_response()
}

/// `next` if it is a path on this site, else the home page: the switch must
/// not become an open redirect.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control) =>
        {
            p.to_owned()
        }
        _ => crate::routes::HOME.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert_eq!(local_path(Some("/results?x=1")), "/results?x=1");
        for outside in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "/\r\nSet-Cookie: x",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside:?}");
        }
        assert_eq!(local_path(None), "/");
    }
}
