//! The `English | Français` switch: a plain form post, so it works with and
//! without JavaScript and from every page.

use app::api::http::{LANGUAGE_COOKIE, cookie_in, session_cookie_name, site_cookie};
use app::i18n::Locale;
use app::server::AppState;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos_i18n::Locale as _;
use serde::Deserialize;

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
    headers: HeaderMap,
    Form(choice): Form<LanguageChoice>,
) -> Response {
    let Ok(locale) = choice.lang.parse::<Locale>() else {
        return (StatusCode::BAD_REQUEST, "Unknown language").into_response();
    };
    if let Some(token) = cookie_in(&headers, session_cookie_name(&state.settings)) {
        let stored = async {
            if let Some(id_number) =
                app::server::sessions::candidate_for(&state.db, &state.settings, &token).await?
            {
                app::server::accounts::set_language(&state.db, &id_number, locale).await?;
            }
            anyhow::Ok(())
        };
        // The page still switches; only the emails' language is not updated.
        if let Err(e) = stored.await {
            tracing::error!(error = ?e, "could not store the account's language");
        }
    }
    let cookie = site_cookie(
        &state.settings,
        LANGUAGE_COOKIE,
        locale.as_str().to_owned(),
        chrono::Duration::days(365),
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, local_path(choice.next.as_deref())),
            (header::SET_COOKIE, cookie.to_string()),
        ],
    )
        .into_response()
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
        _ => "/".to_owned(),
    }
}

/// The language of the import report: `--lang`, else the locale of the
/// shell (`fr_FR.UTF-8` → French), else English.
///
/// # Errors
/// When `--lang` names a language the site does not speak.
pub fn report_language(flag: Option<&str>) -> anyhow::Result<Locale> {
    if let Some(flag) = flag {
        return flag
            .parse::<Locale>()
            .map_err(|()| anyhow::anyhow!("--lang {flag}: use en or fr"));
    }
    let from_env = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    let language = from_env
        .as_deref()
        .and_then(|v| v.split(['_', '.', '-']).next())
        .unwrap_or("en");
    Ok(Locale::find_locale(&[language]))
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
