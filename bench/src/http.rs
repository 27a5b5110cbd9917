//! The candidate's requests, spoken as a browser-less client would: forms
//! posted to server functions with the `Origin` the CSRF check wants, and
//! the session cookie carried by hand.

use std::time::Duration;

use anyhow::Context;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, ORIGIN, SET_COOKIE};

use crate::load::Outcome;

/// Every demo candidate's password: long enough, two digits, not common.
pub const PASSWORD: &str = "resultats69";

/// A client sized for open-loop bursts: no proxy, big idle pool, and a
/// timeout so a stuck request ends as an error instead of holding a slot.
pub fn client() -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(4096)
        .pool_idle_timeout(Duration::from_secs(30))
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .tcp_nodelay(true)
        // A redirect is an answer to count, not to follow: following it
        // would also lose the session cookie set on the first response.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .context("building the HTTP client")
}

/// One server under test, as seen from outside.
#[derive(Clone)]
pub struct Site {
    pub base: String,
    pub client: reqwest::Client,
}

/// The test data for candidate `i`.
pub fn id_number(i: usize) -> String {
    format!("BEN{:06}", i + 1)
}

pub fn email(i: usize) -> String {
    format!("bench{:06}@example.com", i + 1)
}

fn form(fields: &[(&str, &str)]) -> String {
    // Only the password, IDs, emails and hex tokens go through here; encode
    // the few characters that could matter rather than pull in a crate.
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Site {
    async fn post(
        &self,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> Result<reqwest::Response, reqwest::Error> {
        self.client
            .post(format!("{}/api/{endpoint}", self.base))
            .header(ORIGIN, &self.base)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            // No `Accept: text/html`: leptos would then answer a form post
            // with a redirect page instead of the server function's status.
            .body(form(fields))
            .send()
            .await
    }

    pub async fn register(&self, i: usize) -> Outcome {
        let (id, email, secret) = (id_number(i), email(i), secret_number(i));
        let fields = [
            ("id_number", id.as_str()),
            ("secret_number", secret.as_str()),
            ("email", email.as_str()),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
            ("terms", "on"),
        ];
        outcome(self.post("register", &fields).await).await
    }

    pub async fn confirm(&self, token: &str) -> Outcome {
        outcome(self.post("confirm_email", &[("token", token)]).await).await
    }

    /// Logs in; on 2xx also returns the `ro_session` cookie value.
    pub async fn login(&self, i: usize) -> (Outcome, Option<String>) {
        let id = id_number(i);
        match self
            .post(
                "login",
                &[("id_number", id.as_str()), ("password", PASSWORD)],
            )
            .await
        {
            Ok(r) => {
                let cookie = r
                    .headers()
                    .get_all(SET_COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .find_map(|v| {
                        v.strip_prefix("ro_session=")
                            .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
                    });
                let status = r.status().as_u16();
                // Read the body so the connection goes back to the pool.
                match r.bytes().await {
                    Ok(_) => (Outcome::Status(status), cookie),
                    Err(e) => (failure(&e), None),
                }
            }
            Err(e) => (failure(&e), None),
        }
    }

    /// The signed-in candidate's results page, rendered on the server.
    pub async fn results_page(&self, session: &str) -> Outcome {
        self.signed_in_get("/results", session).await
    }

    /// `path` with the candidate's session, read whole.
    pub async fn signed_in_get(&self, path: &str, session: &str) -> Outcome {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, format!("ro_session={session}"))
            .header(ACCEPT, "text/html")
            .send()
            .await;
        outcome(r).await
    }

    /// The results page with its body and `Retry-After` (seconds), as a
    /// waiting page's script reads it.
    pub async fn results_html(&self, session: &str) -> (Outcome, Option<String>, Option<f64>) {
        let r = self
            .client
            .get(format!("{}/results", self.base))
            .header(COOKIE, format!("ro_session={session}"))
            .header(ACCEPT, "text/html")
            .send()
            .await;
        match r {
            Ok(r) => {
                let status = r.status().as_u16();
                let retry_after = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse().ok());
                match r.text().await {
                    Ok(body) => (Outcome::Status(status), Some(body), retry_after),
                    Err(e) => (failure(&e), None, None),
                }
            }
            Err(e) => (failure(&e), None, None),
        }
    }

    /// Any page, for the baseline server.
    pub async fn get(&self, path: &str) -> Outcome {
        outcome(
            self.client
                .get(format!("{}{path}", self.base))
                .header(ACCEPT, "text/html")
                .send()
                .await,
        )
        .await
    }
}

/// Candidate `i`'s Secret Number: four digits, varied.
pub fn secret_number(i: usize) -> String {
    format!("{:04}", (i * 7919 + 1234) % 10_000)
}

/// Status of a fully read answer; a body that fails to arrive is an error.
async fn outcome(r: Result<reqwest::Response, reqwest::Error>) -> Outcome {
    match r {
        Ok(r) => {
            let status = r.status().as_u16();
            match r.bytes().await {
                Ok(_) => Outcome::Status(status),
                Err(e) => failure(&e),
            }
        }
        Err(e) => failure(&e),
    }
}

/// Timeouts apart from other failures: a server too slow to answer is a
/// different finding from one that refuses or drops connections.
pub fn failure(e: &reqwest::Error) -> Outcome {
    if e.is_timeout() {
        Outcome::Timeout
    } else {
        Outcome::Error
    }
}

/// `entries.csv` and `results.csv` for `n` candidates, released in the past.
pub fn write_candidates(
    dir: &std::path::Path,
    n: usize,
) -> anyhow::Result<(std::path::PathBuf, std::path::PathBuf)> {
    write_candidates_released_at(dir, n, chrono::Utc::now() - chrono::Duration::days(1))
}

/// The same candidates with their results out at `release`.
pub fn write_candidates_released_at(
    dir: &std::path::Path,
    n: usize,
    release: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(std::path::PathBuf, std::path::PathBuf)> {
    let mut entries = String::from(
        "id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n",
    );
    let mut results = String::from(
        "id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n",
    );
    let exam_date = (release - chrono::Duration::days(30)).format("%Y-%m-%d");
    let release = release.format("%Y-%m-%dT%H:%M:%S%.3fZ");
    for i in 0..n {
        let id = id_number(i);
        entries.push_str(&format!(
            "{id},{},Bench,Mark,B2 First,{exam_date},{release}\n",
            secret_number(i)
        ));
        results.push_str(&format!("{id},176,B,B2,172,168,181,183,\n"));
    }
    let (e, r) = (dir.join("entries.csv"), dir.join("results.csv"));
    std::fs::write(&e, entries).with_context(|| format!("writing {}", e.display()))?;
    std::fs::write(&r, results).with_context(|| format!("writing {}", r.display()))?;
    Ok((e, r))
}
