use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::Config;
use server::startup::Application;

/// Runs a test body once per database backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::within_time_limit(super::$name($crate::helpers::Backend::Sqlite)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::within_time_limit(super::$name($crate::helpers::Backend::Postgres)).await;
            }
        }
    )*};
}

/// Fails a test that has not finished in two minutes (the slowest take
/// about twenty seconds), so that a hang names its test instead of stalling
/// the whole run.
pub async fn within_time_limit(test: impl Future<Output = ()>) {
    tokio::time::timeout(std::time::Duration::from_secs(120), test)
        .await
        .expect("the test finished within two minutes");
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PASSWORD: &str = "resultats69";

/// Entries for the tests: one released a day ago, one released in two days.
pub fn entries_csv() -> String {
    let now = chrono::Utc::now();
    format!(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n\
         SIR094701,4821,Marie,Lefebvre,B2 First,2026-06-13,{}\n\
         SIR094702,1907,Thomas,Moreau,C1 Advanced,2026-06-13,{}\n",
        (now - chrono::Duration::days(1)).to_rfc3339(),
        (now + chrono::Duration::days(2)).to_rfc3339(),
    )
}

pub const RESULTS_CSV: &str = "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n\
    SIR094701,176,B,B2,172,168,181,183,\n\
    SIR094702,193,B,C1,190,186,199,196,194\n";

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    pub mail_dir: PathBuf,
    pub client: reqwest::Client,
    /// The site's own origin, sent with every post as a browser would.
    pub origin: String,
    /// The application's clock: tests move it forward instead of sleeping.
    pub clock: app::server::clock::Clock,
    pub config: Config,
    /// The temporary folder and PostgreSQL database this app owns; a
    /// replica owns neither (they outlive it).
    _dir: Option<tempfile::TempDir>,
    pg_database: Option<String>,
}

fn postgres_base() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// Starts the application on a free port with a database of its own.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with_public_url(backend, None).await
}

pub async fn spawn_app_with_public_url(backend: Backend, public_url: Option<&str>) -> TestApp {
    let public_url = public_url.map(str::to_owned);
    spawn_app_with(backend, move |config| {
        if let Some(url) = public_url {
            config.public_url = url;
        }
    })
    .await
}

/// Starts the application after `adjust` has changed its configuration.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let (config, dir, pg_database) = prepare(backend, adjust).await;
    let mut app = start(config).await;
    (app._dir, app.pg_database) = (Some(dir), pg_database);
    app
}

/// A fresh database (SQLite file or PostgreSQL database) and the test
/// configuration for it, after `adjust`.
pub async fn prepare(
    backend: Backend,
    adjust: impl FnOnce(&mut Config),
) -> (Config, tempfile::TempDir, Option<String>) {
    server::telemetry::init();
    let dir = tempfile::tempdir().expect("temp dir");
    let (database_url, pg_database) = match backend {
        Backend::Sqlite => (
            format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
            None,
        ),
        Backend::Postgres => {
            let name = format!("results_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(format!("{}/postgres", postgres_base()))
                .await
                .expect("PostgreSQL on 127.0.0.1:5432");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            (format!("{}/{name}", postgres_base()), Some(name))
        }
    };
    let mut config = Config {
        site_addr: "127.0.0.1:0".parse().expect("address"),
        database_url,
        embedded_default: false,
        public_url: "https://results.example.org".to_owned(),
        smtp_url: None,
        mail_dir: dir.path().join("mail"),
        mail_from: "Results Online <no-reply@results.example.org>".to_owned(),
        attempts_per_ip_per_hour: 30,
        server_key: app::server::server_key::ServerKey::from_setting(
            "a test key of at least thirty-two characters",
        )
        .expect("key"),
        server_key_generated: false,
        trusted_proxy_header: None,
        session_idle_minutes: 30,
        password_queue: 64,
        pool: app::server::db::Pool::default(),
        http: server::serve::Limits::default(),
        retention: app::server::retention::Retention::default(),
        release: app::server::release::Policy::default(),
        // Quick retries and looks, so tests of delivery do not wait long.
        outbox: app::server::outbox::Policy {
            retry_base: chrono::Duration::milliseconds(200),
            poll_interval: std::time::Duration::from_millis(100),
            ..app::server::outbox::Policy::default()
        },
    };
    adjust(&mut config);
    (config, dir, pg_database)
}

/// Builds and runs the application for `config` (its database exists).
async fn start(config: Config) -> TestApp {
    launch(config, None).await.0
}

/// Like [`spawn_app_with`], but the test stops it: send on the returned
/// sender, then await the handle for `run_until`'s outcome.
pub async fn spawn_stoppable(
    backend: Backend,
    adjust: impl FnOnce(&mut Config),
) -> (
    TestApp,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<anyhow::Result<()>>,
) {
    let (config, dir, pg_database) = prepare(backend, adjust).await;
    let (stop, stopped) = tokio::sync::oneshot::channel();
    let (mut app, running) = launch(config, Some(stopped)).await;
    (app._dir, app.pg_database) = (Some(dir), pg_database);
    (app, stop, running)
}

async fn launch(
    config: Config,
    stop: Option<tokio::sync::oneshot::Receiver<()>>,
) -> (TestApp, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let application = Application::build(&config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("application starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.state.db.clone();
    let clock = application.state.settings.clock.clone();
    let running = match stop {
        Some(stop) => tokio::spawn(application.run_until(async move {
            let _ = stop.await;
        })),
        None => tokio::spawn(application.run()),
    };
    // A request unanswered for a minute fails, naming its address, instead
    // of leaving the whole test to time out without saying where.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client");
    let origin = url::Url::parse(&config.public_url)
        .expect("public URL")
        .origin()
        .ascii_serialization();
    (
        TestApp {
            address,
            db,
            mail_dir: config.mail_dir.clone(),
            client,
            origin,
            clock,
            config,
            _dir: None,
            pg_database: None,
        },
        running,
    )
}

impl TestApp {
    /// A second server process in all but name: its own port, pools, email
    /// worker and memory, sharing only the database (and the mail folder).
    pub async fn replica(&self) -> TestApp {
        start(self.config.clone()).await
    }

    pub async fn load_entries(&self) {
        import_entries(
            &self.db,
            &app::domain::CentreCode::default_centre(),
            entries_csv().as_bytes(),
        )
        .await
        .expect("entries import");
        import_results(
            &self.db,
            &app::domain::CentreCode::default_centre(),
            RESULTS_CSV.as_bytes(),
        )
        .await
        .expect("results import");
    }

    /// Posts a form to `path` as the browser's script would, with an optional session cookie.
    pub async fn post(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        self.post_with(path, fields, cookie.map(|c| ("cookie", c)).as_slice())
            .await
    }

    /// Posts a form with extra request headers (`cookie`, `accept-language`, …).
    /// Like a browser on the site, it sends the site's `Origin` unless the
    /// headers give an `origin` or a `referer` of their own.
    pub async fn post_with(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut req = self
            .client
            .post(format!("{}{path}", self.address))
            .form(fields);
        if !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("origin") || k.eq_ignore_ascii_case("referer"))
        {
            req = req.header("origin", &self.origin);
        }
        headers
            .iter()
            .fold(req, |r, (k, v)| r.header(*k, *v))
            .send()
            .await
            .expect("request")
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        self.get_with(path, cookie.map(|c| ("cookie", c)).as_slice())
            .await
    }

    /// Gets a page as a browser would, with extra request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let req = self
            .client
            .get(format!("{}{path}", self.address))
            .header("accept", "text/html");
        headers
            .iter()
            .fold(req, |r, (k, v)| r.header(*k, *v))
            .send()
            .await
            .expect("request")
    }

    pub async fn register(&self, id: &str, secret: &str, email: &str) -> reqwest::Response {
        self.post("/api/register", &registration_form(id, secret, email), None)
            .await
    }

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

    pub async fn confirm(&self, token: &str) -> reqwest::Response {
        self.post("/api/confirm_email", &[("token", token)], None)
            .await
    }

    /// Logs in again and returns the new session's cookie.
    pub async fn second_session(&self, id: &str, password: &str) -> String {
        session_cookie(&self.login(id, password).await).expect("session cookie")
    }

    pub async fn login(&self, id: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/login",
            &[("id_number", id), ("password", password)],
            None,
        )
        .await
    }

    /// Registers, confirms and logs in; returns the `Cookie` header value.
    pub async fn signed_in(&self, id: &str, secret: &str) -> String {
        assert_eq!(
            self.register(id, secret, "marie@example.fr").await.status(),
            200
        );
        assert_eq!(
            self.confirm(&self.last_confirmation_token().await)
                .await
                .status(),
            200
        );
        let res = self.login(id, PASSWORD).await;
        assert_eq!(res.status(), 200);
        session_cookie(&res).expect("session cookie")
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.scalar(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .await
    }

    /// The single text value `sql` selects (as `v`).
    pub async fn text_value(&self, sql: &str) -> String {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .expect("query")
            .expect("row");
        row.try_get::<String>("", "v").expect("v")
    }

    /// Waits (up to 10 s) until `count_sql` (selecting `n`) gives `expected`:
    /// for work the email worker does after the answer.
    pub async fn wait_for_sql(&self, count_sql: &str, expected: i64) {
        let mut last = -1;
        for _ in 0..200 {
            last = self.scalar(count_sql).await;
            if last == expected {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {expected} from `{count_sql}`, still {last} after 10 s");
    }

    /// The single integer `sql` selects (as `n`).
    pub async fn scalar(&self, sql: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                self.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .expect("query")
            .expect("row");
        row.try_get::<i64>("", "n").expect("n")
    }

    pub async fn execute(&self, sql: &str) {
        self.db.execute_unprepared(sql).await.expect("sql");
    }
}

/// Adds centre `code` (Lycée Ampère, in Paris time) as the operator does.
pub async fn add_centre(db: &DatabaseConnection, code: &str) -> app::domain::CentreCode {
    let code = app::domain::CentreCode::parse(code).expect("centre code");
    let by = app::server::staff::audit::Actor::operator();
    app::server::centres::add(
        db,
        &code,
        "Lycée Ampère",
        "Europe/Paris",
        &by,
        chrono::Utc::now(),
    )
    .await
    .expect("centre added");
    code
}

/// Imports a centre's entries as the operator's command line does; the
/// number of rows.
pub async fn import_entries(
    db: &DatabaseConnection,
    centre: &app::domain::CentreCode,
    csv: impl AsRef<[u8]>,
) -> Result<usize, app::server::import::ImportError> {
    import_csv(db, centre, app::domain::UploadKind::Entries, csv.as_ref()).await
}

/// Imports results for a centre's entries, as [`import_entries`] does.
pub async fn import_results(
    db: &DatabaseConnection,
    centre: &app::domain::CentreCode,
    csv: impl AsRef<[u8]>,
) -> Result<usize, app::server::import::ImportError> {
    import_csv(db, centre, app::domain::UploadKind::Results, csv.as_ref()).await
}

async fn import_csv(
    db: &DatabaseConnection,
    centre: &app::domain::CentreCode,
    kind: app::domain::UploadKind,
    csv: &[u8],
) -> Result<usize, app::server::import::ImportError> {
    app::server::import::import_as_operator(db, centre, kind, csv, "test.csv", &|_, _| {})
        .await
        .map(|s| s.rows)
}

/// A complete, valid registration form for `id`.
pub fn registration_form<'a>(
    id: &'a str,
    secret: &'a str,
    email: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id_number", id),
        ("secret_number", secret),
        ("email", email),
        ("password", PASSWORD),
        ("confirm_password", PASSWORD),
        ("terms", "on"),
    ]
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

/// `name=value` of the session cookie set by a response.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ro_session=") || v.starts_with("__Host-ro_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

pub async fn json(res: reqwest::Response) -> serde_json::Value {
    res.json().await.expect("JSON body")
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(name) = self.pg_database.take() {
            drop_postgres_database(name);
        }
    }
}

/// Drops a test's PostgreSQL database, from a runtime of its own (`Drop`
/// is not async).
pub fn drop_postgres_database(name: String) {
    let _ = std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            if let Ok(admin) = Database::connect(format!("{}/postgres", postgres_base())).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await;
            }
        });
    })
    .join();
}

/// The page's text without tags and hydration markers (still HTML-escaped).
pub fn visible_text(html: &str) -> String {
    app::server::texts::strip_markup(html)
}

/// The text a reader's tools take out of `pdf` (poppler's `pdftotext`,
/// installed by `scripts/install-tools.sh`), in reading order.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("statement.pdf");
    std::fs::write(&file, pdf).expect("PDF written");
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils, installed by scripts/install-tools.sh)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}
