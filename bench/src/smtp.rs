//! A minimal SMTP sink: just enough of RFC 5321 for lettre to hand over
//! messages, each stamped with the instant its DATA ended, so registration →
//! "email handed to SMTP" latency can be measured and confirmation tokens read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// One message as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub recipients: Vec<String>,
    pub body: String,
    /// When the terminating `.` line arrived, before the sink answered 250.
    pub at: Instant,
}

#[derive(Clone, Default)]
pub struct Inbox {
    /// Keyed by lower-cased recipient address.
    by_recipient: Arc<Mutex<HashMap<String, Vec<Received>>>>,
    arrived: Arc<Notify>,
}

impl Inbox {
    fn store(&self, message: Received) {
        // A poisoned lock means a sink task panicked mid-store; the data is
        // still a plain map, so keep going rather than abort the bench.
        let mut map = self
            .by_recipient
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for r in &message.recipients {
            map.entry(r.to_ascii_lowercase())
                .or_default()
                .push(message.clone());
        }
        drop(map);
        self.arrived.notify_waiters();
    }

    /// The first message for `address`, waiting up to `timeout` for it.
    pub async fn wait_for(&self, address: &str, timeout: std::time::Duration) -> Option<Received> {
        let key = address.to_ascii_lowercase();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Register interest before looking, so a message stored in
            // between still wakes us.
            let notified = self.arrived.notified();
            if let Some(m) = self
                .by_recipient
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&key)
                .and_then(|v| v.first())
            {
                return Some(m.clone());
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return None;
            }
        }
    }
}

/// Listens on an ephemeral port of 127.0.0.1; returns the port and the inbox.
pub async fn start() -> anyhow::Result<(u16, Inbox)> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .context("binding the SMTP sink")?;
    let port = listener.local_addr().context("SMTP sink address")?.port();
    let inbox = Inbox::default();
    let accept_inbox = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let inbox = accept_inbox.clone();
            tokio::spawn(async move {
                // A broken SMTP conversation only loses that message, which
                // the latency phase then reports as missing.
                if let Err(e) = converse(stream, inbox).await {
                    eprintln!("smtp sink: {e:#}");
                }
            });
        }
    });
    Ok((port, inbox))
}

/// `<a@b>` or `a@b` after `MAIL FROM:` / `RCPT TO:`, parameters dropped.
fn address(arg: &str) -> String {
    let arg = arg.trim();
    let arg = arg.split_whitespace().next().unwrap_or("");
    arg.trim_start_matches('<').trim_end_matches('>').to_owned()
}

async fn converse(stream: TcpStream, inbox: Inbox) -> anyhow::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 loadtest-sink ESMTP\r\n").await?;
    let mut recipients = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            // No extensions offered: lettre then sends plain DATA without
            // STARTTLS, AUTH or PIPELINING.
            "EHLO" | "HELO" => b"250 loadtest-sink\r\n",
            "MAIL" => {
                recipients.clear();
                b"250 OK\r\n"
            }
            "RCPT" => {
                if let Some((_, arg)) = command.split_once(':') {
                    recipients.push(address(arg));
                }
                b"250 OK\r\n"
            }
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let body = read_data(&mut lines).await?;
                let at = Instant::now();
                inbox.store(Received {
                    recipients: std::mem::take(&mut recipients),
                    body,
                    at,
                });
                b"250 OK queued\r\n"
            }
            "RSET" => {
                recipients.clear();
                b"250 OK\r\n"
            }
            "NOOP" => b"250 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// Reads DATA up to the lone `.` line, undoing dot-stuffing.
async fn read_data(
    lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> anyhow::Result<String> {
    let mut body = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            anyhow::bail!("connection closed inside DATA");
        }
        if line == ".\r\n" || line == ".\n" {
            return Ok(body);
        }
        body.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}

/// The confirmation token in a message: 64 hex characters after
/// `confirm?token=`, once quoted-printable soft breaks and `=3D` are undone.
pub fn confirmation_token(body: &str) -> Option<String> {
    let plain = body
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    plain.match_indices("/confirm?token=").find_map(|(i, m)| {
        let rest = &plain[i + m.len()..];
        let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        (hex.len() == 64).then_some(hex)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_survive_quoted_printable() {
        let token = "ab".repeat(32);
        let body = format!(
            "see http://x/confirm?token=3D{}=\r\n{}\r\n",
            &token[..40],
            &token[40..]
        );
        assert_eq!(confirmation_token(&body), Some(token));
    }

    #[test]
    fn addresses_lose_brackets_and_parameters() {
        assert_eq!(address(" <a@b.example> SIZE=10"), "a@b.example");
    }
}
