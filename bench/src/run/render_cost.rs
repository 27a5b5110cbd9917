//! What rendering a page costs: each of the server's paths in turn at the
//! same concurrency, and `/results` from the same-work yardstick.

use std::sync::Arc;
use std::time::Duration;

use super::common::request_fn;
use super::profile::Profile;
use crate::http::{self, Site};
use crate::load::{self, Tally};
use crate::server::{Backend, free_port};

/// `/healthz`, `/login`, `/results` and the statement in this server, one
/// after the other, `render_concurrency` in flight (closed loop).
pub(super) async fn render_costs(
    backend: &Backend,
    site: &Site,
    sessions: &Arc<Vec<String>>,
    render_concurrency: usize,
    profile: &Profile,
) -> Vec<(&'static str, Tally)> {
    let mut render = Vec::new();
    // The statement is drawn and compressed per request: its row is what a PDF costs.
    for path in ["/healthz", "/login", "/results", "/results/statement.pdf"] {
        eprintln!(
            "[{}] {path}, closed loop, {render_concurrency} in flight, {}s",
            backend.name(),
            profile.page_secs
        );
        let (s, sessions) = (site.clone(), sessions.clone());
        let f = request_fn(move |n| {
            let (s, sessions) = (s.clone(), sessions.clone());
            async move {
                if path.starts_with("/results") {
                    s.signed_in_get(path, &sessions[(n as usize) % sessions.len()])
                        .await
                } else {
                    s.get(path).await
                }
            }
        });
        render.push((
            path,
            load::closed_loop(
                render_concurrency,
                Duration::from_secs_f64(profile.page_secs),
                f,
            )
            .await,
        ));
    }
    render
}

/// `/results` from the same-work yardstick on this database, at `concurrency`.
pub(super) async fn same_work(
    database_url: &str,
    log: &std::path::Path,
    sessions: &Arc<Vec<String>>,
    concurrency: usize,
    profile: &Profile,
) -> anyhow::Result<Tally> {
    let port = free_port()?;
    let mut process = crate::same_work::spawn(port, database_url, log)?;
    let site = Site {
        base: format!("http://127.0.0.1:{port}"),
        client: http::client()?,
    };
    process
        .wait_ready(&site.client, &site.base, Duration::from_secs(10))
        .await?;
    eprintln!(
        "same-work /results, closed loop, {concurrency} in flight, {}s",
        profile.page_secs
    );
    let sessions = sessions.clone();
    let f = request_fn(move |n| {
        let (s, sessions) = (site.clone(), sessions.clone());
        async move {
            s.results_page(&sessions[(n as usize) % sessions.len()])
                .await
        }
    });
    let tally = load::closed_loop(concurrency, Duration::from_secs_f64(profile.page_secs), f).await;
    process.stop();
    Ok(tally)
}
