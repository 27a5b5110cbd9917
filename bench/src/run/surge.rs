//! Phase 3, the login surge: logins offered far beyond capacity, with
//! signed-in page views alongside, and the server's memory meanwhile.

use std::sync::Arc;
use std::time::Duration;

use super::common::{MAX_OUTSTANDING, request_fn};
use super::profile::Profile;
use super::result::best;
use crate::http::{self, Site};
use crate::load::{self, Tally};
use crate::server::{Backend, RssSampler, proc_status_kib};

/// What the surge measured, and the server's peak memory before and during it.
pub(super) struct Surge {
    pub(super) surge_rate: f64,
    pub(super) surge: Tally,
    pub(super) steady: Tally,
    pub(super) rss_before_surge_kib: u64,
    pub(super) rss_peak_kib: u64,
    pub(super) vm_hwm_kib: u64,
}

/// Logins at `surge_factor` × the best of `login_sweep`, and `/results` at
/// `steady_rate`, both open loop. `rss` has sampled the server `pid` since
/// start-up; it stops when the surge ends.
pub(super) async fn login_surge(
    backend: &Backend,
    site: &Site,
    sessions: &Arc<Vec<String>>,
    login_sweep: &[(usize, Tally)],
    profile: &Profile,
    rss: RssSampler,
    pid: u32,
) -> anyhow::Result<Surge> {
    let accounts = profile.candidates as u64;
    let login_capacity = best(login_sweep)
        .map_or(0.0, |(_, t)| t.ok_per_sec())
        .max(1.0);
    let surge_rate = profile.surge_factor * login_capacity;
    eprintln!(
        "[{}] surge: logins at {surge_rate:.0}/s and /results at {}/s for {}s",
        backend.name(),
        profile.steady_rate,
        profile.surge_secs
    );
    // Its own client, so page views do not queue behind the surge's connections.
    let steady_site = Site {
        base: site.base.clone(),
        client: http::client()?,
    };
    let steady_pages = {
        let sessions = sessions.clone();
        request_fn(move |n| {
            let (s, sessions) = (steady_site.clone(), sessions.clone());
            async move {
                s.results_page(&sessions[(n as usize) % sessions.len()])
                    .await
            }
        })
    };
    let surge_logins = {
        let s = site.clone();
        request_fn(move |n| {
            let s = s.clone();
            async move { s.login((n % accounts) as usize).await.0 }
        })
    };
    let rss_before_surge_kib = rss.peak_kib();
    rss.reset();
    let window = Duration::from_secs_f64(profile.surge_secs);
    let (surge, steady) = tokio::join!(
        load::open_loop(surge_rate, window, MAX_OUTSTANDING, surge_logins),
        load::open_loop(profile.steady_rate, window, MAX_OUTSTANDING, steady_pages),
    );
    let rss_peak_kib = rss.peak_kib();
    let vm_hwm_kib = proc_status_kib(pid, "VmHWM").unwrap_or(0);
    drop(rss);
    Ok(Surge {
        surge_rate,
        surge,
        steady,
        rss_before_surge_kib,
        rss_peak_kib,
        vm_hwm_kib,
    })
}
