//! A real MailDev (from the repository's npm packages) on ports of its own,
//! which a test can stop and start again like an SMTP outage.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct MailDev {
    smtp: u16,
    web: u16,
    child: Option<Child>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl MailDev {
    pub async fn start() -> Self {
        let mut maildev = Self {
            smtp: free_port(),
            web: free_port(),
            child: None,
        };
        maildev.restart().await;
        maildev
    }

    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp)
    }

    /// Stops it as an outage would: connections are refused from now on.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", self.smtp)).is_err(),
            "SMTP port still open after stopping MailDev"
        );
    }

    /// Starts it (again) on the same ports, with an empty mailbox.
    pub async fn restart(&mut self) {
        let bin = concat!(env!("CARGO_MANIFEST_DIR"), "/../node_modules/.bin/maildev");
        let child = Command::new(bin)
            .args([
                "--smtp",
                &self.smtp.to_string(),
                "--web",
                &self.web.to_string(),
                "--ip",
                "127.0.0.1",
                "--silent",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("starting {bin} (scripts/install-tools.sh installs it): {e}")
            });
        self.child = Some(child);
        for _ in 0..300 {
            let web_up = reqwest::get(format!("http://127.0.0.1:{}/api/email", self.web))
                .await
                .is_ok_and(|r| r.status().is_success());
            if web_up && std::net::TcpStream::connect(("127.0.0.1", self.smtp)).is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("MailDev did not start within 30 s");
    }

    /// The recipient of every email MailDev holds, in arrival order.
    pub async fn recipients(&self) -> Vec<String> {
        let emails: Vec<serde_json::Value> =
            reqwest::get(format!("http://127.0.0.1:{}/api/email", self.web))
                .await
                .expect("MailDev API")
                .json()
                .await
                .expect("MailDev JSON");
        emails
            .iter()
            .map(|e| {
                e["to"][0]["address"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    }

    /// The recipients once there are `n` emails, then after `settle` more,
    /// so that a duplicate arriving late is seen too.
    pub async fn wait_for(&self, n: usize, settle: Duration) -> Vec<String> {
        for _ in 0..200 {
            if self.recipients().await.len() >= n {
                tokio::time::sleep(settle).await;
                return self.recipients().await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "expected {n} emails in MailDev, found {:?}",
            self.recipients().await
        );
    }
}

impl Drop for MailDev {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
