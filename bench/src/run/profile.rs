//! How long and how hard each phase runs: the full run's profile and smoke
//! mode's.

/// How long and how hard each phase runs.
pub struct Profile {
    pub candidates: usize,
    pub register_rate: f64,
    pub argon_secs: f64,
    pub login_concurrency: Vec<usize>,
    pub login_secs: f64,
    pub page_concurrency: Vec<usize>,
    pub page_secs: f64,
    pub half_secs: f64,
    pub surge_secs: f64,
    pub surge_factor: f64,
    pub steady_rate: f64,
    /// Waiting pages in the release herd, and how long before the release
    /// they start loading.
    pub herd_pages: usize,
    pub herd_lead_secs: f64,
    /// The server's `RELEASE_SPREAD_SECONDS`, when not its default.
    pub release_spread_secs: Option<u32>,
}

impl Profile {
    pub fn full(cores: usize) -> Self {
        Self {
            // More candidates than the server admits password checks at once
            // (cores + PASSWORD_QUEUE = 66 here), so the round-robin surge never
            // has one account's logins in flight five at a time: the server
            // treats that as guessing (429), and real candidates log in once.
            candidates: 200,
            register_rate: 20.0,
            argon_secs: 5.0,
            login_concurrency: concurrencies(cores),
            login_secs: 8.0,
            page_concurrency: vec![8, 32, 64],
            page_secs: 6.0,
            half_secs: 15.0,
            surge_secs: 60.0,
            surge_factor: 20.0,
            steady_rate: 50.0,
            herd_pages: 3000,
            herd_lead_secs: 20.0,
            release_spread_secs: None,
        }
    }

    pub fn smoke(cores: usize) -> Self {
        Self {
            // As many as a full run, for the same reason: with 80, a smoke
            // run here once had one account's logins five at a time (a 429).
            candidates: 200,
            register_rate: 40.0,
            argon_secs: 1.0,
            login_concurrency: vec![2 * cores],
            login_secs: 1.5,
            page_concurrency: vec![8],
            page_secs: 1.5,
            half_secs: 1.5,
            surge_secs: 2.0,
            surge_factor: 20.0,
            steady_rate: 50.0,
            herd_pages: 200,
            herd_lead_secs: 6.0,
            release_spread_secs: Some(2),
        }
    }
}

/// 2×cores, doubling, up to 16: enough in flight to keep every core
/// hashing, yet far below the server's password queue (no 503s expected).
fn concurrencies(cores: usize) -> Vec<usize> {
    let mut c = (2 * cores).min(16);
    let mut out = vec![c];
    while c < 16 {
        c = (c * 2).min(16);
        out.push(c);
    }
    out
}
