//! The TOTP secret at rest: AES-256-GCM under a key derived from the
//! server's key, bound to its staff member (a secret copied to another row
//! does not decrypt).

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use anyhow::Context;
use rand::RngCore;

use crate::server::server_key::ServerKey;

fn cipher(key: &ServerKey) -> anyhow::Result<Aes256Gcm> {
    let derived =
        hex::decode(key.fingerprint("staff-totp-secret", "")).context("deriving the secret key")?;
    Aes256Gcm::new_from_slice(&derived)
        .map_err(|_| anyhow::anyhow!("the derived key is not 32 bytes"))
}

/// `secret` encrypted for staff member `staff_id`: nonce ‖ ciphertext, hex.
///
/// # Errors
/// When encryption fails (it does not with a 32-byte key).
pub fn seal(key: &ServerKey, staff_id: i64, secret: &[u8]) -> anyhow::Result<String> {
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let aad = staff_id.to_be_bytes();
    let sealed = cipher(key)?
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: secret,
                aad: &aad,
            },
        )
        .map_err(|_| anyhow::anyhow!("encrypting a TOTP secret"))?;
    Ok(hex::encode([nonce.as_slice(), sealed.as_slice()].concat()))
}

/// The secret [`seal`] kept for `staff_id`.
///
/// # Errors
/// When the value was not sealed for this staff member under this key.
pub fn open(key: &ServerKey, staff_id: i64, sealed: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = hex::decode(sealed).context("reading a sealed TOTP secret")?;
    anyhow::ensure!(bytes.len() > 12, "a sealed TOTP secret is too short");
    let (nonce, ciphertext) = bytes.split_at(12);
    let aad = staff_id.to_be_bytes();
    cipher(key)?
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad,
            },
        )
        .map_err(|_| {
            anyhow::anyhow!(
                "a TOTP secret does not open under this server's key (was SERVER_KEY changed?)"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_for_its_staff_member_and_key() {
        let key = ServerKey::generate();
        let sealed = seal(&key, 7, b"twenty bytes secret!").expect("sealed");
        assert!(!sealed.contains(&hex::encode(b"twenty bytes secret!")));
        assert_eq!(
            open(&key, 7, &sealed).expect("opens"),
            b"twenty bytes secret!"
        );
        assert!(open(&key, 8, &sealed).is_err(), "bound to its row");
        assert!(
            open(&ServerKey::generate(), 7, &sealed).is_err(),
            "bound to the key"
        );
        assert_ne!(
            seal(&key, 7, b"twenty bytes secret!").expect("again"),
            sealed,
            "a fresh nonce each time"
        );
    }
}
