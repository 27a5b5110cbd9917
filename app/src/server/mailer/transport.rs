//! Handing a message to SMTP, or to a folder when no SMTP server is set.

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::compose::Email;

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

impl Mailer {
    /// An SMTP mailer, e.g. `smtp://127.0.0.1:1025` (MailDev) or
    /// `smtps://user:pass@mail.example.org`.
    ///
    /// # Errors
    /// When the URL or the sender address is invalid.
    pub fn smtp(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SMTP_URL")?
            .timeout(Some(crate::server::outbox::SMTP_TIMEOUT))
            .build();
        Ok(Self {
            transport: Transport::Smtp(transport),
            from: from.parse().context("MAIL_FROM")?,
        })
    }

    /// A mailer that writes each message as an `.eml` file into `dir`.
    ///
    /// # Errors
    /// When the folder cannot be created or the sender address is invalid.
    pub fn file(dir: PathBuf, from: &str) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating mail folder {}", dir.display()))?;
        Ok(Self {
            transport: Transport::File(AsyncFileTransport::<Tokio1Executor>::new(&dir), dir),
            from: from.parse().context("MAIL_FROM")?,
        })
    }

    /// # Errors
    /// When the address is invalid or the transport refuses the message.
    pub async fn send(&self, to: &str, email: Email) -> anyhow::Result<()> {
        let text = matches!(self.transport, Transport::File(..))
            .then(|| email.text.clone())
            .unwrap_or_default();
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
                let file = dir.join(format!("{id}.eml"));
                // A developer's machine without SMTP: the message's links are
                // logged so that they can be followed. With SMTP nothing of a
                // message reaches the logs, since its links open accounts.
                tracing::info!(file = %file.display(), links = ?links_in(&text), "email written to the mail folder");
            }
        }
        Ok(())
    }
}

/// The web addresses in a message's text.
fn links_in(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|w| w.starts_with("https://") || w.starts_with("http://"))
        .collect()
}
