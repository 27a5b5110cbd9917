//! A centre's audit log as its staff read it: the newest entries on the
//! portal's page, and all of it as a file.

use anyhow::Context;

use super::audit::entries;
use super::sessions::require_staff;
use crate::domain::AuditView;
use crate::server::zones::local_moment;
use crate::server::{AppState, Caller, ServiceResult};

/// The audit log's page shows the newest entries, this many.
const SHOWN: u64 = 500;

/// The signed-in staff member's centre's newest entries, times in the
/// centre's zone.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn newest(state: &AppState, caller: &Caller) -> ServiceResult<Vec<AuditView>> {
    let staff = require_staff(state, caller).await?;
    let zone = &staff.centre.time_zone;
    Ok(entries(&state.db, &staff.centre.code, SHOWN)
        .await?
        .into_iter()
        .map(|e| AuditView {
            at: local_moment(e.at, zone),
            staff: e.staff_email,
            action: e.action.name(),
            detail: e.detail,
            address: e.address.unwrap_or_default(),
        })
        .collect())
}

/// A centre's whole log as a file.
#[derive(Debug)]
pub struct AuditExport {
    pub file_name: String,
    pub csv: Vec<u8>,
}

/// The signed-in staff member's centre's whole log, oldest first, as CSV
/// (times in UTC, RFC 3339).
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn csv(state: &AppState, caller: &Caller) -> ServiceResult<AuditExport> {
    let staff = require_staff(state, caller).await?;
    let all = entries(&state.db, &staff.centre.code, u64::MAX >> 1).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["at_utc", "staff", "action", "detail", "address"])
        .context("writing the log's header")?;
    for e in all.iter().rev() {
        let action = e.action.name();
        let address = e.address.as_deref().unwrap_or_default();
        out.write_record([
            e.at.to_rfc3339().as_str(),
            &e.staff_email,
            &action,
            &e.detail,
            address,
        ])
        .context("writing the log")?;
    }
    let csv = out
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing the log: {e}"))?;
    Ok(AuditExport {
        file_name: format!("audit-{}.csv", staff.centre.code),
        csv,
    })
}
