//! The language of the operator's command-line reports.

use app::i18n::Locale;
use leptos_i18n::Locale as _;

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
