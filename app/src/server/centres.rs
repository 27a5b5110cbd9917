//! Centres: who loads entries and results, and in which time zone their
//! release times are set.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait,
};

use super::entities::centre;
use super::staff::audit::{self, Actor, AuditAction};
use crate::domain::CentreCode;

/// Why a centre cannot be added.
#[derive(Debug, thiserror::Error)]
pub enum CentreProblem {
    #[error("a centre with the code {0} exists already")]
    Exists(CentreCode),
    #[error("{0:?} is not a time zone name; use one such as Europe/Paris or America/Martinique")]
    UnknownTimeZone(String),
    #[error("the centre's name must be 1 to 200 characters")]
    Name,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// The centre with this code, if there is one.
///
/// # Errors
/// When the database cannot be read.
pub async fn find(
    db: &impl ConnectionTrait,
    code: &CentreCode,
) -> anyhow::Result<Option<centre::Model>> {
    centre::Entity::find_by_id(code.as_ref())
        .one(db)
        .await
        .with_context(|| format!("loading centre {code}"))
}

/// Adds a centre, and opens its audit log with who added it.
///
/// # Errors
/// A [`CentreProblem`] saying what is wrong.
pub async fn add(
    db: &DatabaseConnection,
    code: &CentreCode,
    name: &str,
    time_zone: &str,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<centre::Model, CentreProblem> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || crate::domain::has_forbidden_chars(name) {
        return Err(CentreProblem::Name);
    }
    let time_zone = checked_time_zone(time_zone)?;
    if find(db, code).await?.is_some() {
        return Err(CentreProblem::Exists(code.clone()));
    }
    let row = centre::ActiveModel {
        code: Set(code.to_string()),
        name: Set(name.to_owned()),
        time_zone: Set(time_zone),
        created_at: Set(now),
    };
    let txn = db.begin().await.context("starting to add a centre")?;
    // Two adds of one code at once: the primary key refuses the second.
    let added = row.insert(&txn).await.map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => CentreProblem::Exists(code.clone()),
        _ => CentreProblem::Failed(anyhow::Error::new(e).context("adding a centre")),
    })?;
    let detail = format!("{} ({})", added.name, added.time_zone);
    audit::record(
        &txn,
        code.as_ref(),
        by,
        AuditAction::CentreAdded,
        &detail,
        now,
    )
    .await?;
    txn.commit().await.context("committing the new centre")?;
    Ok(added)
}

/// The IANA name as the time zone database spells it.
fn checked_time_zone(name: &str) -> Result<String, CentreProblem> {
    let name = name.trim();
    match jiff::tz::TimeZone::get(name) {
        Ok(tz) => Ok(tz.iana_name().unwrap_or(name).to_owned()),
        Err(_) => Err(CentreProblem::UnknownTimeZone(name.to_owned())),
    }
}
