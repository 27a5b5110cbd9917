//! A centre's audit log: every staff action with who, when, what and from
//! where. Rows are only inserted (no service updates or deletes them), and
//! each is written in the same transaction as the action it records.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::server::entities::audit_entry;
pub use crate::server::entities::audit_entry::AuditAction;

/// Who acted, and from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub email: String,
    /// The client address, or `command line` for the operator's tools.
    pub address: Option<String>,
}

impl Actor {
    /// The deployment's operator at the command line.
    pub fn operator() -> Self {
        Self {
            email: "operator".to_owned(),
            address: Some("command line".to_owned()),
        }
    }
}

/// Appends one entry to `centre`'s log, in `txn`: the transaction of the
/// action it records, so that the two commit together or not at all (a
/// transaction is the only way in).
///
/// # Errors
/// When the database fails.
pub async fn record(
    txn: &DatabaseTransaction,
    centre: &str,
    actor: &Actor,
    action: AuditAction,
    detail: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    audit_entry::ActiveModel {
        centre_code: Set(centre.to_owned()),
        staff_email: Set(actor.email.clone()),
        action: Set(action),
        detail: Set(detail.to_owned()),
        address: Set(actor.address.clone()),
        at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await
    .with_context(|| format!("recording {} in the audit log", action.name()))?;
    Ok(())
}

/// `centre`'s entries, newest first, at most `limit`.
///
/// # Errors
/// When the database fails.
pub async fn entries(
    db: &impl ConnectionTrait,
    centre: &str,
    limit: u64,
) -> anyhow::Result<Vec<audit_entry::Model>> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::CentreCode.eq(centre))
        .order_by_desc(audit_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await
        .context("loading the audit log")
}
