//! What reaches the log. A link from an email opens an account (a reset
//! link sets a new password), so whoever reads the logs of a deployment that
//! sends email over SMTP must find none: the release binary is run as
//! production runs it, at debug level, and its whole output is searched.

use std::process::{Child, Command};
use std::time::Duration;

use crate::helpers::{
    PASSWORD, RESULTS_CSV, entries_csv, link_token, registration_form, session_cookie,
};
use crate::smtp_stub::SlowSmtp;

/// The server binary on a free port with `env`, its output in a file.
struct Running {
    child: Child,
    address: String,
    log: std::path::PathBuf,
    client: reqwest::Client,
}

impl Running {
    async fn start(dir: &std::path::Path, env: &[(&str, String)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .expect("addr")
            .port();
        let database = format!("sqlite://{}?mode=rwc", dir.join("logs.db").display());
        for (kind, csv) in [
            ("entries", entries_csv()),
            ("results", RESULTS_CSV.to_owned()),
        ] {
            let file = dir.join(format!("{kind}.csv"));
            std::fs::write(&file, csv).expect("csv");
            let out = Command::new(env!("CARGO_BIN_EXE_server"))
                .args(["import", kind])
                .arg(&file)
                .env("DATABASE_URL", &database)
                .output()
                .expect("import");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let log = dir.join("server.log");
        let file = std::fs::File::create(&log).expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .env("DATABASE_URL", &database)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("MAIL_DIR", dir.join("mail"))
            .env("RUST_LOG", "debug")
            .stdout(file.try_clone().expect("log file"))
            .stderr(file);
        for (name, value) in env {
            command.env(name, value);
        }
        let server = Self {
            child: command.spawn().expect("server starts"),
            address: format!("http://127.0.0.1:{port}"),
            log,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        };
        for _ in 0..200 {
            if server
                .client
                .get(format!("{}/readyz", server.address))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not become ready: {}", server.stop());
    }

    async fn post(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .post(format!("{}{path}", self.address))
            .header("origin", &self.address)
            .form(fields);
        if let Some(cookie) = cookie {
            req = req.header("cookie", cookie);
        }
        req.send().await.expect("request")
    }

    /// Stops the server and returns everything it wrote.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::fs::read_to_string(&self.log).expect("log")
    }
}

/// Waits until `stub` has received `n` messages; returns the last one.
async fn nth_message(stub: &SlowSmtp, n: usize) -> String {
    for _ in 0..200 {
        if let Some(message) = stub
            .messages
            .lock()
            .ok()
            .and_then(|m| m.get(n - 1).cloned())
        {
            return message;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("message {n} never arrived");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_smtp_no_link_from_any_email_reaches_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let smtp = SlowSmtp::start(Duration::ZERO).await;
    let server = Running::start(dir.path(), &[("SMTP_URL", smtp.url.clone())]).await;
    let form = registration_form("SIR094701", "4821", "marie@example.fr");
    assert_eq!(
        server.post("/api/register", &form, None).await.status(),
        200
    );
    let confirm = link_token(&nth_message(&smtp, 1).await, "/confirm?token=");
    // As a browser follows it: the page, which confirms through its server function.
    let page = server
        .client
        .get(format!("{}/confirm?token={confirm}", server.address))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    // Read to the end, as a browser does: the page streams, and a client
    // that hangs up after the status stops it before the confirmation.
    assert!(
        page.text()
            .await
            .expect("the whole page")
            .contains("</html>")
    );
    let login = server
        .post(
            "/api/login",
            &[("id_number", "SIR094701"), ("password", PASSWORD)],
            None,
        )
        .await;
    let cookie = session_cookie(&login).expect("signed in");
    let change = server
        .post(
            "/api/change_email",
            &[("email", "new@example.fr"), ("current_password", PASSWORD)],
            Some(&cookie),
        )
        .await;
    assert_eq!(change.status(), 200);
    let new_address = link_token(&nth_message(&smtp, 2).await, "/confirm?token=");
    assert_eq!(
        server
            .post("/api/forgot_password", &[("id_number", "SIR094701")], None)
            .await
            .status(),
        200
    );
    let reset = link_token(&nth_message(&smtp, 4).await, "/reset-password?token=");
    // A path no file can have is the client's business, not an error of ours.
    let long = server
        .client
        .get(format!("{}/pkg/{}.wasm", server.address, "a".repeat(300)))
        .send()
        .await
        .expect("request");
    assert_eq!(long.status(), 404);
    let log = server.stop();
    assert!(
        !log.contains("ERROR"),
        "nothing in this run was an error of ours: {log}"
    );
    assert!(
        log.contains("email sent") && log.contains("DEBUG"),
        "the log was captured, at debug level: {log}"
    );
    for (what, token) in [
        ("confirmation", &confirm),
        ("new address", &new_address),
        ("reset", &reset),
    ] {
        assert_eq!(token.len(), 64, "{what}");
        assert!(
            !log.contains(token.as_str()),
            "the {what} link's token is in the log"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_the_development_log_gives_the_link_to_follow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Running::start(dir.path(), &[]).await;
    let form = registration_form("SIR094701", "4821", "marie@example.fr");
    assert_eq!(
        server.post("/api/register", &form, None).await.status(),
        200
    );
    let mail_dir = dir.path().join("mail");
    let mut mail = None;
    for _ in 0..200 {
        mail = std::fs::read_dir(&mail_dir)
            .ok()
            .and_then(|mut d| d.next())
            .and_then(Result::ok)
            .map(|e| e.path());
        if mail.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let raw = std::fs::read_to_string(mail.expect("an email file"))
        .expect("email")
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let link = format!("/confirm?token={}", link_token(&raw, "/confirm?token="));
    // The line is written just after the file: give it a moment.
    for _ in 0..100 {
        if std::fs::read_to_string(&server.log).is_ok_and(|log| log.contains(&link)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = server.stop();
    assert!(
        log.contains(&link),
        "the README's promise for developers: {log}"
    );
}
