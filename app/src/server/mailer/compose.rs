//! A message's text and HTML forms, from its parts in the reader's language.

use crate::i18n::Locale;
use crate::server::texts::escape_html;

/// One message in both its text and HTML forms.
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A message: greeting, paragraphs, an optional button with its link
/// repeated as text (some mail programs hide buttons), closing paragraphs.
pub(super) struct Parts<'a> {
    pub(super) locale: Locale,
    pub(super) subject: &'a str,
    pub(super) given_name: &'a str,
    pub(super) before: Vec<String>,
    pub(super) button: Option<(&'a str, &'a str)>,
    pub(super) after: Vec<String>,
}

pub(super) fn compose(p: Parts<'_>) -> Email {
    use crate::i18n::td_string;
    let name = p.given_name.to_owned();
    // Staff are written to by address only: no name to greet them by.
    let greeting = if name.is_empty() {
        crate::i18n::td_string!(p.locale, email.greeting_plain).to_owned()
    } else {
        td_string!(p.locale, email.greeting, name = &name)
    };
    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\"><p>{greeting}</p>",
        lang = leptos_i18n::Locale::as_str(p.locale),
        greeting = escape_html(&greeting)
    );
    for para in &p.before {
        text.push_str(&format!("{para}\n\n"));
        html.push_str(&format!("<p>{}</p>", escape_html(para)));
    }
    if let Some((label, link)) = p.button {
        text.push_str(&format!("{link}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{link}\" style=\"display:inline-block;padding:10px 16px;background:#0b5394;color:#fff;text-decoration:none;border-radius:4px\">{label}</a></p><p>{link}</p>",
            link = escape_html(link),
            label = escape_html(label)
        ));
    }
    for para in &p.after {
        text.push_str(&format!("{para}\n\n"));
        html.push_str(&format!("<p>{}</p>", escape_html(para)));
    }
    html.push_str("</body></html>");
    Email {
        subject: p.subject.to_owned(),
        text: format!("{}\n", text.trim_end()),
        html,
    }
}
