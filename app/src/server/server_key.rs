//! The server's secret key and what is derived from it.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The server's secret (`SERVER_KEY`): share codes, checkers' addresses
/// and staff recovery codes are stored as HMACs under it, and staff
/// authenticator-app secrets encrypted under a key derived from it. A copy
/// of the database alone gives no usable code and no app secret; without
/// the key, none of them can be checked again: it is backed up with the
/// database, and cannot be rotated yet.
#[derive(Clone)]
pub struct ServerKey(Arc<[u8]>);

impl ServerKey {
    /// The shortest key accepted, in bytes.
    pub const MIN_BYTES: usize = 32;

    /// A random key for this run only (development): codes made with it stop
    /// working when the server restarts.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(Arc::from(&bytes[..]))
    }

    /// # Errors
    /// When `value` is shorter than [`Self::MIN_BYTES`].
    pub fn from_setting(value: &str) -> Result<Self, String> {
        if value.len() < Self::MIN_BYTES {
            return Err(format!(
                "expected at least {} characters, e.g. the output of `openssl rand -hex 32`",
                Self::MIN_BYTES
            ));
        }
        Ok(Self(Arc::from(value.as_bytes())))
    }

    /// HMAC-SHA256 of `value` for `purpose` (codes and addresses never share a hash), hex.
    pub fn fingerprint(&self, purpose: &str, value: &str) -> String {
        // Any key length is accepted by HMAC; this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(…)")
    }
}
