//! A test application: the server on a free port with a database of its
//! own (a SQLite file or a PostgreSQL database), dropped with it.

use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::Config;
use server::startup::Application;

use super::Backend;

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
