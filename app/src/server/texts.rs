//! Translated text outside a page: emails and the import report.
//!
//! leptos_i18n renders messages with placeholders as views (`td!`); this
//! turns such a view back into plain text.

use leptos::prelude::{IntoView, RenderHtml};

/// The plain text of a rendered message view.
pub fn plain(view: impl IntoView) -> String {
    unescape_html(&strip_markup(&view.into_view().to_html()))
}

/// Drops what the renderer adds around text (hydration markers such as
/// `<!>`) and any tags. Text itself is escaped, so every raw `<` starts markup.
pub fn strip_markup(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Names come from a centre's CSV: never trust them inside HTML.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, td};

    #[test]
    fn a_message_with_placeholders_comes_out_as_plain_text_in_each_language() {
        let name = || "<Zoë & Jo>".to_owned();
        assert_eq!(
            plain(td!(Locale::en, email.greeting, name = name)()),
            "Dear <Zoë & Jo>,"
        );
        assert_eq!(
            plain(td!(Locale::fr, email.greeting, name = name)()),
            "Bonjour <Zoë & Jo>,"
        );
    }
}
