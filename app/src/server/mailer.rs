//! Outgoing email over SMTP (lettre), or into a folder when no SMTP server is
//! configured so that a fresh checkout works without any service.

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::texts::{escape_html, plain};
use crate::i18n::Locale;

#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

/// One message in both its text and HTML forms.
pub struct Email {
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mailer {
    /// An SMTP mailer, e.g. `smtp://127.0.0.1:1025` (MailDev) or
    /// `smtps://user:pass@mail.example.org`.
    ///
    /// # Errors
    /// When the URL or the sender address is invalid.
    pub fn smtp(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("SMTP_URL")?.build();
        Ok(Self { transport: Transport::Smtp(transport), from: from.parse().context("MAIL_FROM")? })
    }

    /// A mailer that writes each message as an `.eml` file into `dir`.
    ///
    /// # Errors
    /// When the folder cannot be created or the sender address is invalid.
    pub fn file(dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating mail folder {}", dir.display()))?;
        Ok(Self {
            transport: Transport::File(AsyncFileTransport::<Tokio1Executor>::new(&dir), dir),
            from: from.parse().context("MAIL_FROM")?,
        })
    }

    /// # Errors
    /// When the address is invalid or the transport refuses the message.
    pub async fn send(&self, to: &str, email: Email) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse().context("recipient address")?)
            .subject(email.subject)
            .multipart(MultiPart::alternative_plain_html(email.text, email.html))
            .context("building message")?;
        match &self.transport {
            Transport::Smtp(t) => {
                t.send(message).await.context("sending over SMTP")?;
            }
            Transport::File(t, dir) => {
                let id = t.send(message).await.context("writing mail file")?;
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), "email written to the mail folder");
            }
        }
        Ok(())
    }
}

/// The confirmation email in the candidate's language. Its link is built
/// from the configured public URL.
pub fn confirmation_email(locale: Locale, given_name: &str, link: &str) -> Email {
    use crate::i18n::{td, td_string};
    let subject = td_string!(locale, email.confirm.subject).to_owned();
    let name = given_name.to_owned();
    let greeting = plain(td!(locale, email.greeting, name = move || name.clone())());
    let body = td_string!(locale, email.confirm.body);
    let expiry = td_string!(locale, email.confirm.expiry);
    let ignore = td_string!(locale, email.confirm.ignore);
    let button = td_string!(locale, email.confirm.button);
    let text = format!("{greeting}\n\n{body}\n\n{link}\n\n{expiry}\n\n{ignore}\n");
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif\">\
         <p>{greeting}</p><p>{body}</p>\
         <p><a href=\"{link}\" style=\"display:inline-block;padding:10px 16px;background:#0b5394;color:#fff;text-decoration:none;border-radius:4px\">{button}</a></p>\
         <p>{link}</p><p>{expiry}</p><p>{ignore}</p></body></html>",
        lang = leptos_i18n::Locale::as_str(locale),
        greeting = escape_html(&greeting),
        body = escape_html(body),
        button = escape_html(button),
        expiry = escape_html(expiry),
        ignore = escape_html(ignore),
        link = escape_html(link),
    );
    Email { subject, text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_email_carries_the_link_and_escapes_the_name() {
        let e = confirmation_email(Locale::en, "<b>Marie</b>", "https://results.example.org/confirm?token=abc");
        assert!(e.text.contains("https://results.example.org/confirm?token=abc"));
        assert!(e.html.contains("href=\"https://results.example.org/confirm?token=abc\""));
        assert!(e.html.contains("&lt;b&gt;Marie"));
        assert!(!e.html.contains("<b>Marie"));
        assert!(!e.subject.is_empty());
    }

    #[test]
    fn the_confirmation_email_speaks_the_candidates_language() {
        let link = "https://results.example.org/confirm?token=abc";
        let fr = confirmation_email(Locale::fr, "Marie", link);
        assert!(fr.subject.starts_with("Confirmez votre adresse e-mail"), "{}", fr.subject);
        assert!(fr.text.starts_with("Bonjour Marie,"), "{}", fr.text);
        assert!(fr.html.contains("lang=\"fr\"") && fr.html.contains("Confirmer mon adresse e-mail"));
        let en = confirmation_email(Locale::en, "Marie", link);
        assert!(en.text.starts_with("Dear Marie,") && en.html.contains("lang=\"en\""));
    }
}
