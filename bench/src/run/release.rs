//! Phase 6, the release herd: every candidate's results are moved to come
//! out shortly, and the waiting pages ask for them as the page would.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::profile::Profile;
use crate::herd::Herd;
use crate::http::{self, Site};
use crate::server::{Backend, ServerEnv};

/// Re-imports the entries released `herd_lead_secs` from now (CSV files in
/// `dir`), then runs `herd_pages` waiting pages against the server.
pub(super) async fn release_herd(
    backend: &Backend,
    dir: &TempDir,
    env: &ServerEnv,
    site: &Site,
    sessions: &Arc<Vec<String>>,
    profile: &Profile,
) -> anyhow::Result<Herd> {
    let lead = Duration::from_secs_f64(profile.herd_lead_secs);
    let release = Instant::now() + lead;
    let release_utc = chrono::Utc::now() + chrono::Duration::from_std(lead).unwrap_or_default();
    let (entries, _) =
        http::write_candidates_released_at(dir.path(), profile.candidates, release_utc)?;
    env.import("entries", &entries)?;
    eprintln!(
        "[{}] release herd: {} waiting pages, release in {}s",
        backend.name(),
        profile.herd_pages,
        profile.herd_lead_secs
    );
    let herd = crate::herd::run(site, sessions.clone(), profile.herd_pages, release).await;
    Ok(herd)
}
