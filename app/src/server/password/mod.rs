mod cores;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

/// Hashes and verifies passwords with argon2id at OWASP parameters
/// (m = 19 MiB, t = 2, p = 1), on low-priority threads of their own
/// ([`cores`]), never more at once than there are cores: each hash holds
/// 19 MiB and a full core for ~20 ms.
/// At most `max_waiting` requests queue for a core; beyond that the answer
/// is [`Busy`] at once, so a login surge cannot pile up requests (and their
/// memory) faster than the cores clear them.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    cores: cores::Cores,
    /// Verified when an ID has no account, so both cases take the same time.
    dummy_hash: Arc<String>,
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; a failure here is a bug.
    #[allow(clippy::expect_used)]
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid OWASP argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = argon2().hash_password(password.as_bytes(), &salt).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    Ok(hash.to_string())
}

fn verify_blocking(password: &str, hash: &str) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(hash).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
    Ok(argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Every core is busy and the queue is full: try again shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("every core is hashing and {0} requests are already waiting")]
pub struct Busy(pub usize);

/// Counts a request as waiting for a core while it exists.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl PasswordHasher {
    /// A hasher with one permit per core and at most `max_waiting` requests queued.
    ///
    /// # Errors
    /// If the dummy hash cannot be made (argon2 failure).
    pub async fn new(max_waiting: usize) -> anyhow::Result<Self> {
        let count = std::thread::available_parallelism().map_or(2, usize::from);
        let cores = cores::Cores::start(count)?;
        let dummy = cores.run(|| hash_blocking(&super::tokens::generate())).await.context("dummy hash")??;
        Ok(Self {
            permits: Arc::new(Semaphore::new(count)),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting,
            cores,
            dummy_hash: Arc::new(dummy),
        })
    }

    /// A core to hash on, waiting in the bounded queue if need be.
    async fn core(&self) -> anyhow::Result<tokio::sync::SemaphorePermit<'_>> {
        if let Ok(permit) = self.permits.try_acquire() {
            return Ok(permit);
        }
        let before = self.waiting.fetch_add(1, Ordering::SeqCst);
        let _waiting = Waiting(&self.waiting);
        if before >= self.max_waiting {
            return Err(Busy(before).into());
        }
        self.permits.acquire().await.context("hasher closed")
    }

    /// # Errors
    /// [`Busy`] when the queue is full, or when hashing fails or its task panics.
    pub async fn hash(&self, password: SecretString) -> anyhow::Result<String> {
        let _permit = self.core().await?;
        self.cores.run(move || hash_blocking(password.expose_secret())).await.context("hash")?
    }

    /// Verifies `password` against `hash`, or against the dummy hash when
    /// there is no account, so that response time does not reveal whether
    /// an ID Number has an account.
    ///
    /// # Errors
    /// [`Busy`] when the queue is full, or when the stored hash is unreadable
    /// or the task panics.
    pub async fn verify(&self, password: SecretString, hash: Option<String>) -> anyhow::Result<bool> {
        let _permit = self.core().await?;
        let exists = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.as_str().to_owned());
        let ok = self.cores.run(move || verify_blocking(password.expose_secret(), &hash)).await.context("verify")??;
        Ok(ok && exists)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password_and_uses_argon2id() {
        let hasher = PasswordHasher::new(8).await.unwrap();
        let hash = hasher.hash(SecretString::from("resultats69")).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify(SecretString::from("resultats69"), Some(hash.clone())).await.unwrap());
        assert!(!hasher.verify(SecretString::from("resultats68"), Some(hash)).await.unwrap());
        assert!(!hasher.verify(SecretString::from("anything12"), None).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn beyond_the_queue_bound_the_answer_is_busy_at_once() {
        let hasher = PasswordHasher::new(0).await.unwrap();
        // Hold every core, as a surge would.
        let held: Vec<_> = (0..hasher.permits.available_permits()).map(|_| hasher.permits.try_acquire().unwrap()).collect();
        let err = hasher.verify(SecretString::from("resultats69"), None).await.unwrap_err();
        assert_eq!(err.downcast_ref::<Busy>(), Some(&Busy(0)));
        assert_eq!(hasher.waiting.load(Ordering::SeqCst), 0, "the refused request left the queue");
        drop(held);
        assert!(!hasher.verify(SecretString::from("resultats69"), None).await.unwrap());
    }
}
