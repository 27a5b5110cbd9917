//! SMTP servers for tests: one that holds each message for `delay` before
//! accepting it (so a test can act while an email is being sent) and keeps
//! what it received, and one that never speaks.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct SlowSmtp {
    pub url: String,
    /// Messages whose data has arrived (accepted or not yet).
    pub started: Arc<AtomicUsize>,
    /// Messages accepted with `250`.
    pub accepted: Arc<AtomicUsize>,
    pub data_arrived: Arc<Notify>,
    /// The data of every message, quoted-printable soft breaks undone.
    pub messages: Arc<std::sync::Mutex<Vec<String>>>,
}

/// An SMTP server that accepts connections and never says a word: the
/// review's hang, where the email worker waited forever for a greeting.
pub async fn silent_smtp() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("smtp://127.0.0.1:{port}")
}

impl SlowSmtp {
    pub async fn start(delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let stub = Self {
            url: format!("smtp://127.0.0.1:{port}"),
            started: Arc::default(),
            accepted: Arc::default(),
            data_arrived: Arc::default(),
            messages: Arc::default(),
        };
        let server = stub.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let server = server.clone();
                tokio::spawn(async move { server.converse(socket, delay).await });
            }
        });
        stub
    }

    async fn converse(
        &self,
        socket: tokio::net::TcpStream,
        delay: Duration,
    ) -> std::io::Result<()> {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 slow.example ESMTP\r\n").await?;
        while let Some(line) = lines.next_line().await? {
            let command = line.to_ascii_uppercase();
            if command.starts_with("DATA") {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                while let Some(body) = lines.next_line().await? {
                    if body == "." {
                        break;
                    }
                    match body.strip_suffix('=') {
                        Some(soft_break) => data.push_str(soft_break),
                        None => data.push_str(&format!("{body}\n")),
                    }
                }
                self.messages
                    .lock()
                    .map(|mut m| m.push(data.replace("=3D", "=")))
                    .ok();
                self.started.fetch_add(1, Ordering::SeqCst);
                self.data_arrived.notify_waiters();
                tokio::time::sleep(delay).await;
                write.write_all(b"250 accepted\r\n").await?;
                self.accepted.fetch_add(1, Ordering::SeqCst);
            } else if command.starts_with("QUIT") {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                write.write_all(b"250 ok\r\n").await?;
            }
        }
        Ok(())
    }
}
