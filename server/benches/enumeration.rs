//! How much does the response time of login, forgot-password and
//! resend-confirmation tell about whether an ID Number has an account?
//!
//! Starts the server (SQLite in a temporary folder, mail to files), makes
//! accounts, then times the same request for IDs with and without an
//! account, interleaved, and writes `bench/enumeration.md`.
//!
//! `cargo bench -p server --bench enumeration` (`SAMPLES=…` per case, default 200).
//! CI runs it as a smoke test, `BENCH_SMOKE=1 cargo test -p server --bench
//! enumeration`: a few samples, the identical-answer checks, no report.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use server::config::Config;
use server::startup::Application;

const PASSWORD: &str = "resultats69";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let smoke = std::env::var_os("BENCH_SMOKE").is_some();
    let samples: usize = std::env::var("SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 8 } else { 200 });
    let dir = tempfile::tempdir()?;
    let config = Config {
        site_addr: "127.0.0.1:0".parse()?,
        database_url: format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        ),
        embedded_default: false,
        public_url: "http://127.0.0.1:3000".to_owned(),
        smtp_url: None,
        mail_dir: dir.path().join("mail"),
        mail_from: "Results Online <no-reply@results.example.org>".to_owned(),
        // The per-address limit would answer 429 early; this measures the checks themselves.
        attempts_per_ip_per_hour: usize::MAX / 2,
        trusted_proxy_header: None,
        session_idle_minutes: 30,
        password_queue: 64,
        pool: app::server::db::Pool::default(),
        http: server::serve::Limits::default(),
        retention: app::server::retention::Retention::default(),
        release: app::server::release::Policy::default(),
        outbox: app::server::outbox::Policy::default(),
        server_key: app::server::server_key::ServerKey::generate(),
        server_key_generated: true,
    };
    let application = Application::build(&config, "127.0.0.1:0".parse()?).await?;
    let base = format!("http://127.0.0.1:{}", application.port());
    let db = application.state.db.clone();
    tokio::spawn(application.run());

    // One account per 4 samples: a 5th wrong password in a row would have to wait.
    let accounts = samples.div_ceil(4);
    let mut csv = String::from(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n",
    );
    for i in 0..accounts {
        writeln!(
            csv,
            "BEN{i:06},1234,Bench,Mark,B2 First,2026-06-13,2026-07-01T10:00:00Z"
        )?;
    }
    app::server::import::import_as_operator(
        &db,
        &app::domain::CentreCode::default_centre(),
        app::domain::UploadKind::Entries,
        csv.as_bytes(),
        "bench.csv",
        &|_, _| {},
    )
    .await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let post = |path: &'static str, form: Vec<(&'static str, String)>| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            let start = Instant::now();
            let res = client
                .post(format!("{base}{path}"))
                .header("origin", "http://127.0.0.1:3000")
                .form(&form)
                .send()
                .await?;
            let status = res.status().as_u16();
            let body = res.text().await?;
            anyhow::Ok((start.elapsed(), status, body))
        }
    };
    for i in 0..accounts {
        let form = vec![
            ("id_number", format!("BEN{i:06}")),
            ("secret_number", "1234".to_owned()),
            ("email", format!("bench{i}@example.org")),
            ("password", PASSWORD.to_owned()),
            ("confirm_password", PASSWORD.to_owned()),
            ("terms", "on".to_owned()),
        ];
        let (_, status, body) = post("/api/register", form).await?;
        anyhow::ensure!(status == 200, "registration failed: {status} {body}");
    }

    let mut report =
        String::from("# Does response time reveal whether an ID Number has an account?\n\n");
    writeln!(
        report,
        "Measured by `cargo bench -p server --bench enumeration` (optimised build, SQLite, mail to files), {samples} requests per case, the two cases interleaved, 20 ms apart."
    )?;
    writeln!(
        report,
        "Machine: {} cores. Every request of a row pair got the same status and body (checked).\n",
        std::thread::available_parallelism().map_or(0, usize::from)
    )?;
    writeln!(
        report,
        "| Request | Case | Status | p50 | p90 | p99 | mean |"
    )?;
    writeln!(report, "|---|---|---|---|---|---|---|")?;
    let mut summary = Vec::new();
    let cases = [
        ("login (wrong password)", "/api/login"),
        ("forgot password", "/api/forgot_password"),
        ("resend confirmation", "/api/resend_confirmation"),
    ];
    for (label, path) in cases {
        let (mut known, mut unknown) = (Vec::new(), Vec::new());
        let mut answers = std::collections::BTreeSet::new();
        for n in 0..samples {
            for (times, id) in [
                (&mut known, format!("BEN{:06}", n / 4)),
                (&mut unknown, format!("UNK{:06}", n / 4)),
            ] {
                let (elapsed, status, body) = post(
                    path,
                    vec![
                        ("id_number", id),
                        ("password", "not-the-password-1".to_owned()),
                    ],
                )
                .await?;
                answers.insert((status, body));
                times.push(elapsed);
                // Let the work a request leaves behind (an email) finish, so
                // that it is not timed as part of the next request.
                tokio::time::sleep(Duration::from_millis(if smoke { 0 } else { 20 })).await;
            }
        }
        anyhow::ensure!(answers.len() == 1, "{label}: answers differ: {answers:?}");
        let status = answers.into_iter().next().map(|a| a.0).unwrap_or_default();
        let (k, u) = (stats(&mut known), stats(&mut unknown));
        for (case, s) in [("account exists", &k), ("no account", &u)] {
            writeln!(
                report,
                "| {label} | {case} | {status} | {} | {} | {} | {} |",
                ms(s.p50),
                ms(s.p90),
                ms(s.p99),
                ms(s.mean)
            )?;
        }
        summary.push(format!(
            "- **{label}**: medians differ by {:+.3} ms ({:+.1} % of the no-account median), means by {:+.3} ms.",
            (k.p50.as_secs_f64() - u.p50.as_secs_f64()) * 1000.0,
            (k.p50.as_secs_f64() / u.p50.as_secs_f64() - 1.0) * 100.0,
            (k.mean.as_secs_f64() - u.mean.as_secs_f64()) * 1000.0,
        ));
    }
    writeln!(report, "\n{}", summary.join("\n"))?;
    println!("{report}");
    if smoke {
        return Ok(());
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/enumeration.md");
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, report)?;
    eprintln!("written to {}", out.display());
    Ok(())
}

struct Stats {
    p50: Duration,
    p90: Duration,
    p99: Duration,
    mean: Duration,
}

fn stats(times: &mut [Duration]) -> Stats {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let mean = times.iter().sum::<Duration>() / u32::try_from(times.len()).unwrap_or(1);
    Stats {
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        mean,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
