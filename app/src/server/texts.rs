//! Text put into HTML outside a page: an email's body, an error page.

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
    use super::escape_html;
    use crate::i18n::{Locale, td_string};

    #[test]
    fn markup_in_a_name_stays_text() {
        assert_eq!(
            escape_html("<Zoë & \"Jo\">"),
            "&lt;Zoë &amp; &quot;Jo&quot;&gt;"
        );
    }

    #[test]
    fn a_message_with_placeholders_comes_out_as_plain_text_in_each_language() {
        let name = "<Zoë & Jo>";
        assert_eq!(
            td_string!(Locale::en, email.greeting, name = name),
            "Dear <Zoë & Jo>,"
        );
        assert_eq!(
            td_string!(Locale::fr, email.greeting, name = name),
            "Bonjour <Zoë & Jo>,"
        );
    }
}
