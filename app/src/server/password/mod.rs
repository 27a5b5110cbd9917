mod cores;

use std::sync::Arc;

use anyhow::Context;
use argon2::password_hash::{
    PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

use super::gate::{Admission, Full, Gate};

/// Hashes and verifies passwords with argon2id at OWASP parameters
/// (m = 19 MiB, t = 2, p = 1), on low-priority threads of their own
/// ([`cores`]), never more at once than there are cores: each hash holds
/// 19 MiB and a full core for ~20 ms.
/// At most `max_waiting` checks queue for a core; beyond that the answer
/// is [`Busy`] at once, so a login surge cannot pile up requests (and their
/// memory) faster than the cores clear them.
#[derive(Clone)]
pub struct PasswordHasher {
    /// A core each, `max_waiting` in line.
    gate: Gate,
    cores: cores::Cores,
    /// Verified when an ID has no account, so both cases take the same time.
    dummy_hash: Arc<String>,
}

fn argon2() -> Argon2<'static> {
    // The parameters are constants that argon2 accepts; a failure here is a bug.
    #[expect(clippy::expect_used, reason = "constant parameters argon2 accepts")]
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid OWASP argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = argon2()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    Ok(hash.to_string())
}

fn verify_blocking(password: &str, hash: &str) -> anyhow::Result<bool> {
    let parsed =
        PasswordHash::new(hash).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
    Ok(argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// Every core is busy and the queue is full: try again shortly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("every core is hashing and {0} requests are already waiting")]
pub struct Busy(pub usize);

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Load, not a fault: the caller is asked to come back shortly.
    #[error(transparent)]
    Busy(#[from] Busy),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// A password check admitted to the queue: it has a core or a place among
/// the `max_waiting` waiting for one. Taken before any other work of the
/// request (guess limits, account lookup), so that a surge beyond the bound
/// is refused before it touches the database.
pub struct Admitted<'a> {
    hasher: &'a PasswordHasher,
    place: Admission,
}

impl PasswordHasher {
    /// A hasher with one core per CPU and at most `max_waiting` checks queued.
    ///
    /// # Errors
    /// If the dummy hash cannot be made (argon2 failure).
    pub async fn new(max_waiting: usize) -> anyhow::Result<Self> {
        let count = std::thread::available_parallelism().map_or(2, usize::from);
        let cores = cores::Cores::start(count)?;
        let dummy = cores
            .run(|| hash_blocking(&super::tokens::generate()))
            .await
            .context("dummy hash")??;
        Ok(Self {
            gate: Gate::new(count, max_waiting),
            cores,
            dummy_hash: Arc::new(dummy),
        })
    }

    /// A place in the queue, or [`Busy`] at once when every core is taken
    /// and `max_waiting` checks already wait.
    ///
    /// # Errors
    /// [`Busy`].
    pub fn admit(&self) -> Result<Admitted<'_>, Busy> {
        let place = self.gate.admit().map_err(|Full(inside)| Busy(inside))?;
        Ok(Admitted {
            hasher: self,
            place,
        })
    }

    /// # Errors
    /// [`HashError::Busy`] when the queue is full, [`HashError::Failed`]
    /// when hashing fails or its thread panics.
    pub async fn hash(&self, password: SecretString) -> Result<String, HashError> {
        Ok(self.admit()?.hash(password).await?)
    }

    /// See [`Admitted::verify`].
    ///
    /// # Errors
    /// [`HashError::Busy`] when the queue is full, else as [`Admitted::verify`].
    pub async fn verify(
        &self,
        password: SecretString,
        hash: Option<String>,
    ) -> Result<bool, HashError> {
        Ok(self.admit()?.verify(password, hash).await?)
    }
}

impl Admitted<'_> {
    /// # Errors
    /// When hashing fails or its thread panics.
    pub async fn hash(self, password: SecretString) -> anyhow::Result<String> {
        let _core = self.place.turn().await?;
        self.hasher
            .cores
            .run(move || hash_blocking(password.expose_secret()))
            .await
            .context("hash")?
    }

    /// Verifies `password` against `hash`, or against the dummy hash when
    /// there is no account, so that response time does not reveal whether
    /// an ID Number has an account.
    ///
    /// # Errors
    /// When the stored hash is unreadable or the thread panics.
    pub async fn verify(
        self,
        password: SecretString,
        hash: Option<String>,
    ) -> anyhow::Result<bool> {
        let _core = self.place.turn().await?;
        let exists = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.hasher.dummy_hash.as_str().to_owned());
        let ok = self
            .hasher
            .cores
            .run(move || verify_blocking(password.expose_secret(), &hash))
            .await
            .context("verify")??;
        Ok(ok && exists)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password_and_uses_argon2id() {
        let hasher = PasswordHasher::new(8).await.unwrap();
        let hash = hasher
            .hash(SecretString::from("resultats69"))
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            hasher
                .verify(SecretString::from("resultats69"), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(SecretString::from("resultats68"), Some(hash))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(SecretString::from("anything12"), None)
                .await
                .unwrap()
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn beyond_the_queue_bound_the_answer_is_busy_at_once() {
        let hasher = PasswordHasher::new(1).await.unwrap();
        // A check on every core and one waiting, as in a surge.
        let capacity = std::thread::available_parallelism().map_or(2, usize::from) + 1;
        let held: Vec<_> = (0..capacity).map(|_| hasher.admit().unwrap()).collect();
        let err = hasher
            .verify(SecretString::from("resultats69"), None)
            .await
            .unwrap_err();
        assert!(
            matches!(err, HashError::Busy(Busy(n)) if n == capacity),
            "{err:?}"
        );
        assert_eq!(
            hasher.gate.inside(),
            capacity,
            "the refused check left no trace"
        );
        drop(held);
        assert!(
            !hasher
                .verify(SecretString::from("resultats69"), None)
                .await
                .unwrap()
        );
        assert_eq!(hasher.gate.inside(), 0);
    }
}
