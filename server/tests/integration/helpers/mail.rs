//! The emails the application writes to its mail folder, and the links
//! and addresses in them.

use super::TestApp;

impl TestApp {
    /// Every email sent so far, decoded enough to read links, once the
    /// outbox holds nothing more to send (the worker sends after the answer).
    pub async fn emails(&self) -> Vec<String> {
        self.wait_for_sql(
            "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
            0,
        )
        .await;
        self.mail_files()
    }

    /// The email files written so far.
    fn mail_files(&self) -> Vec<String> {
        let Ok(dir) = std::fs::read_dir(&self.mail_dir) else {
            return Vec::new();
        };
        let mut mails: Vec<(std::time::SystemTime, String)> = dir
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| {
                let modified = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                let raw = std::fs::read_to_string(e.path()).unwrap_or_default();
                // Undo quoted-printable soft breaks and `=` escapes.
                (
                    modified,
                    raw.replace("=\r\n", "")
                        .replace("=\n", "")
                        .replace("=3D", "="),
                )
            })
            .collect();
        mails.sort();
        mails.into_iter().map(|(_, m)| m).collect()
    }

    /// The emails written so far, once there are at least `n` (some are
    /// sent after the answer, so that its timing reveals nothing).
    pub async fn wait_for_emails(&self, n: usize) -> Vec<String> {
        for _ in 0..100 {
            let mails = self.mail_files();
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {n} emails, found {}", self.mail_files().len());
    }

    /// The token of the newest confirmation link.
    pub async fn last_confirmation_token(&self) -> String {
        let mails = self.emails().await;
        let mail = mails.last().expect("an email was sent");
        confirmation_token(mail)
    }
}

pub fn confirmation_token(mail: &str) -> String {
    link_token(mail, "/confirm?token=")
}

/// The token of the link to `path_and_query` (`/reset-password?token=`) in `mail`.
pub fn link_token(mail: &str, path_and_query: &str) -> String {
    let start = mail
        .find(path_and_query)
        .unwrap_or_else(|| panic!("a link to {path_and_query} in {mail}"))
        + path_and_query.len();
    mail[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

/// The `To:` address of a raw email.
pub fn recipient(mail: &str) -> &str {
    mail.lines()
        .find_map(|l| l.strip_prefix("To: "))
        .unwrap_or_default()
        .trim()
}
