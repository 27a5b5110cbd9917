//! Authenticator-app codes (RFC 6238: six digits, 30 seconds, SHA-1, as
//! every app reads them), checked against the secret sealed for the staff
//! member.

use chrono::{DateTime, Utc};
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

use super::secret_box;
use crate::server::AppState;
use crate::server::entities::staff;

const STEP_SECONDS: i64 = 30;

const ISSUER: &str = "Results Online";

pub(super) fn totp(secret: Vec<u8>, account: &str) -> anyhow::Result<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS as u64,
        secret,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .map_err(|e| anyhow::anyhow!("building a TOTP: {e:?}"))
}

/// The time step whose code is `digits` (one step either side of now,
/// for a phone's clock a little off), if any.
pub(super) fn matching_step(
    state: &AppState,
    member: &staff::Model,
    digits: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    let Some(sealed) = member.totp_secret.as_deref() else {
        return Ok(None);
    };
    let secret = match secret_box::open(&state.settings.server_key, member.id, sealed) {
        Ok(secret) => secret,
        // The server's key changed (a development key is made per run): no
        // code can match; the staff member needs a new invitation.
        Err(e) => {
            tracing::warn!(staff = member.id, error = %e, "a TOTP secret cannot be read");
            return Ok(None);
        }
    };
    let totp = totp(secret, &member.email)?;
    let current = now.timestamp().div_euclid(STEP_SECONDS);
    let mut found = None;
    for step in [current - 1, current, current + 1] {
        let Ok(time) = u64::try_from(step * STEP_SECONDS) else {
            continue;
        };
        // Every step is compared, in constant time: no early exit to time.
        if bool::from(totp.generate(time).as_bytes().ct_eq(digits.as_bytes())) {
            found = Some(step);
        }
    }
    Ok(found)
}
