//! The machine's raw password-check capacity: argon2id verifies at the
//! server's parameters on every core, with nothing else in the way. Login
//! throughput over HTTP is judged against this.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

pub struct Rate {
    pub threads: usize,
    pub verifies: u64,
    pub per_sec: f64,
}

fn argon2() -> anyhow::Result<Argon2<'static>> {
    // Same as the server: OWASP argon2id, m = 19 MiB, t = 2, p = 1.
    let params =
        Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Verifies the correct password on `available_parallelism()` threads for `duration`.
pub fn measure(duration: Duration) -> anyhow::Result<Rate> {
    // A fixed salt is fine: the cost of a verify does not depend on it.
    let salt =
        SaltString::from_b64("bG9hZHRlc3RzYWx0MTIz").map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash = argon2()?
        .hash_password(crate::http::PASSWORD.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?
        .to_string();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let count = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (hash, count, stop) = (hash.clone(), count.clone(), stop.clone());
            std::thread::spawn(move || -> anyhow::Result<()> {
                let argon = argon2()?;
                let parsed =
                    PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("parsing hash: {e}"))?;
                while !stop.load(Ordering::Relaxed) {
                    argon
                        .verify_password(crate::http::PASSWORD.as_bytes(), &parsed)
                        .map_err(|e| anyhow::anyhow!("verify: {e}"))?;
                    count.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    std::thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        h.join()
            .map_err(|_| anyhow::anyhow!("argon2 thread panicked"))?
            .context("argon2 thread")?;
    }
    // Verifies that finish after the stop flag still count: divide by the
    // time actually spent, which includes them.
    let elapsed = start.elapsed().as_secs_f64();
    let verifies = count.load(Ordering::Relaxed);
    Ok(Rate {
        threads,
        verifies,
        per_sec: verifies as f64 / elapsed,
    })
}
