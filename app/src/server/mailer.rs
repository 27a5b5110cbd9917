//! Outgoing email over SMTP (lettre), or into a folder when no SMTP server is
//! configured so that a fresh checkout works without any service. Services
//! do not send directly: they queue messages in the outbox (`super::outbox`),
//! whose worker calls [`Mailer::send`].

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::texts::escape_html;
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
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SMTP_URL")?
            .timeout(Some(super::outbox::SMTP_TIMEOUT))
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

/// A message: greeting, paragraphs, an optional button with its link
/// repeated as text (some mail programs hide buttons), closing paragraphs.
struct Parts<'a> {
    locale: Locale,
    subject: &'a str,
    given_name: &'a str,
    before: Vec<String>,
    button: Option<(&'a str, &'a str)>,
    after: Vec<String>,
}

fn compose(p: Parts<'_>) -> Email {
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

/// The confirmation email in the candidate's language. Its link is built
/// from the configured public URL.
pub fn confirmation_email(locale: Locale, given_name: &str, link: &str) -> Email {
    use crate::i18n::td_string;
    compose(Parts {
        locale,
        subject: td_string!(locale, email.confirm.subject),
        given_name,
        before: vec![td_string!(locale, email.confirm.body).to_owned()],
        button: Some((td_string!(locale, email.confirm.button), link)),
        after: vec![
            td_string!(locale, email.confirm.expiry).to_owned(),
            td_string!(locale, email.confirm.ignore).to_owned(),
        ],
    })
}

/// An invitation to a centre's portal: a link to choose a password.
pub fn staff_invitation_email(
    locale: Locale,
    centre_name: &str,
    role: crate::domain::StaffRole,
    link: &str,
) -> Email {
    use crate::domain::StaffRole;
    use crate::i18n::td_string;
    let centre = centre_name.to_owned();
    let role = match role {
        StaffRole::Officer => td_string!(locale, email.staff_invitation.officer),
        StaffRole::Admin => td_string!(locale, email.staff_invitation.admin),
    };
    compose(Parts {
        locale,
        subject: td_string!(locale, email.staff_invitation.subject),
        given_name: "",
        before: vec![td_string!(
            locale,
            email.staff_invitation.body,
            centre = &centre,
            role = &role
        )],
        button: Some((td_string!(locale, email.staff_invitation.button), link)),
        after: vec![
            td_string!(locale, email.staff_invitation.expiry).to_owned(),
            td_string!(locale, email.staff_invitation.ignore).to_owned(),
        ],
    })
}

/// The link to choose a new password, after "Forgotten your password?".
pub fn password_reset_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    link: &str,
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.reset.subject),
        given_name,
        before: vec![td_string!(locale, email.reset.body, id = &id)],
        button: Some((td_string!(locale, email.reset.button), link)),
        after: vec![
            td_string!(locale, email.reset.expiry).to_owned(),
            td_string!(locale, email.reset.ignore).to_owned(),
        ],
    })
}

/// A link that signs the candidate in without the password, asked for when
/// guesses by someone else made their ID Number wait.
pub fn sign_in_email(locale: Locale, given_name: &str, id_number: &str, link: &str) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.sign_in.subject),
        given_name,
        before: vec![td_string!(locale, email.sign_in.body, id = &id)],
        button: Some((td_string!(locale, email.sign_in.button), link)),
        after: vec![
            td_string!(locale, email.sign_in.expiry).to_owned(),
            td_string!(locale, email.sign_in.not_you).to_owned(),
        ],
    })
}

/// The last email to a deleted account's address: what went, what stays.
pub fn account_deleted_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    register_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.deleted.subject),
        given_name,
        before: vec![
            td_string!(locale, email.deleted.body, id = &id),
            td_string!(locale, email.deleted.stays).to_owned(),
        ],
        button: Some((td_string!(locale, email.deleted.button), register_link)),
        after: vec![td_string!(locale, email.deleted.not_you).to_owned()],
    })
}

/// "Your results are available", sent once at the release (or when results
/// loaded after it arrive), with the way to log in.
pub fn results_released_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    exam: &str,
    login_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let (id, exam) = (id_number.to_owned(), exam.to_owned());
    compose(Parts {
        locale,
        subject: td_string!(locale, email.released.subject),
        given_name,
        before: vec![td_string!(
            locale,
            email.released.body,
            exam = &exam,
            id = &id
        )],
        button: Some((td_string!(locale, email.released.button), login_link)),
        after: vec![td_string!(locale, email.released.why).to_owned()],
    })
}

/// Tells the candidate their password was changed, with the way back in if
/// it was not them, and which passkeys still open the account (a change of
/// password keeps them: they are devices the candidate chose).
pub fn password_changed_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    forgot_link: &str,
    passkeys: &[String],
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    let body = td_string!(locale, email.password_changed.body, id = &id);
    let subject = td_string!(locale, email.password_changed.subject);
    let not_you = td_string!(locale, email.password_changed.not_you);
    security_notice(
        locale,
        subject,
        given_name,
        body,
        passkeys,
        not_you,
        (
            td_string!(locale, email.password_changed.button),
            forgot_link,
        ),
    )
}

/// After "Sign out of all devices": it was done, the passkeys that still
/// open the account, and the way back in if it was not the candidate.
pub fn signed_out_everywhere_email(
    locale: Locale,
    given_name: &str,
    id_number: &str,
    forgot_link: &str,
    passkeys: &[String],
) -> Email {
    use crate::i18n::td_string;
    let id = id_number.to_owned();
    let body = td_string!(locale, email.signed_out.body, id = &id);
    let subject = td_string!(locale, email.signed_out.subject);
    let not_you = td_string!(locale, email.signed_out.not_you);
    security_notice(
        locale,
        subject,
        given_name,
        body,
        passkeys,
        not_you,
        (td_string!(locale, email.signed_out.button), forgot_link),
    )
}

/// What happened, the passkeys that still open the account (if any), what
/// to do if it was not the candidate, and a button to do it.
fn security_notice(
    locale: Locale,
    subject: &str,
    given_name: &str,
    body: String,
    passkeys: &[String],
    not_you: &str,
    button: (&str, &str),
) -> Email {
    let mut before = vec![body];
    before.extend(passkeys_kept(locale, passkeys));
    before.push(not_you.to_owned());
    compose(Parts {
        locale,
        subject,
        given_name,
        before,
        button: Some(button),
        after: vec![],
    })
}

/// "These passkeys still sign in to your account: …", when there are any.
fn passkeys_kept(locale: Locale, passkeys: &[String]) -> Option<String> {
    use crate::i18n::td_string;
    if passkeys.is_empty() {
        return None;
    }
    let names = passkeys
        .iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(td_string!(locale, passkeys.kept, names = &names))
}

/// What happened to a passkey, for the notice to the account's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyChange {
    Added,
    Removed,
}

/// A passkey was added to or removed from the account: which one, and what
/// to do if it was not the candidate.
pub fn passkey_email(
    change: PasskeyChange,
    locale: Locale,
    given_name: &str,
    id_number: &str,
    passkey: &str,
    account_link: &str,
) -> Email {
    use crate::i18n::td_string;
    let (id, name) = (id_number.to_owned(), passkey.to_owned());
    let (subject, body, not_you, button) = match change {
        PasskeyChange::Added => (
            td_string!(locale, email.passkey_added.subject),
            td_string!(locale, email.passkey_added.body, name = &name, id = &id),
            td_string!(locale, email.passkey_added.not_you),
            td_string!(locale, email.passkey_added.button),
        ),
        PasskeyChange::Removed => (
            td_string!(locale, email.passkey_removed.subject),
            td_string!(locale, email.passkey_removed.body, name = &name, id = &id),
            td_string!(locale, email.passkey_removed.not_you),
            td_string!(locale, email.passkey_removed.button),
        ),
    };
    compose(Parts {
        locale,
        subject,
        given_name,
        before: vec![body, not_you.to_owned()],
        button: Some((button, account_link)),
        after: vec![],
    })
}

/// Sent to the new address: following the link makes it the account's address.
pub fn email_change_email(locale: Locale, given_name: &str, link: &str) -> Email {
    use crate::i18n::td_string;
    compose(Parts {
        locale,
        subject: td_string!(locale, email.change.subject),
        given_name,
        before: vec![td_string!(locale, email.change.body).to_owned()],
        button: Some((td_string!(locale, email.change.button), link)),
        after: vec![
            td_string!(locale, email.change.expiry).to_owned(),
            td_string!(locale, email.change.ignore).to_owned(),
        ],
    })
}

/// Sent to the old address when a change to `new_email` is asked for.
pub fn email_change_notice(locale: Locale, given_name: &str, new_email: &str) -> Email {
    use crate::i18n::td_string;
    let new = new_email.to_owned();
    compose(Parts {
        locale,
        subject: td_string!(locale, email.change_notice.subject),
        given_name,
        before: vec![
            td_string!(locale, email.change_notice.body, email = &new),
            td_string!(locale, email.change_notice.not_you).to_owned(),
        ],
        button: None,
        after: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmation_email_carries_the_link_and_escapes_the_name() {
        let e = confirmation_email(
            Locale::en,
            "<b>Marie</b>",
            "https://results.example.org/confirm?token=abc",
        );
        assert!(
            e.text
                .contains("https://results.example.org/confirm?token=abc")
        );
        assert!(
            e.html
                .contains("href=\"https://results.example.org/confirm?token=abc\"")
        );
        assert!(e.html.contains("&lt;b&gt;Marie"));
        assert!(!e.html.contains("<b>Marie"));
        assert!(!e.subject.is_empty());
    }

    #[test]
    fn the_confirmation_email_speaks_the_candidates_language() {
        let link = "https://results.example.org/confirm?token=abc";
        let fr = confirmation_email(Locale::fr, "Marie", link);
        assert!(
            fr.subject.starts_with("Confirmez votre adresse e-mail"),
            "{}",
            fr.subject
        );
        assert!(fr.text.starts_with("Bonjour Marie,"), "{}", fr.text);
        assert!(
            fr.html.contains("lang=\"fr\"") && fr.html.contains("Confirmer mon adresse e-mail")
        );
        let en = confirmation_email(Locale::en, "Marie", link);
        assert!(en.text.starts_with("Dear Marie,") && en.html.contains("lang=\"en\""));
    }
}
