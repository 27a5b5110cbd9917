//! The candidate's share codes: created after the release, listed with
//! their successful checks, revoked at once on every replica (each check
//! reads the database). Only a keyed hash of each code is stored.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, Statement, TransactionTrait,
};

use super::entities::{share_check, share_code};
use super::error::{ServiceError, ServiceResult};
use super::server_key::ServerKey;
use super::sessions::require_candidate;
use super::{AppState, Caller};
use crate::domain::{
    CheckView, Field, FieldErrors, MAX_LIVE_SHARE_CODES, NewShareCode, Outcome, ShareCode,
    ShareCodeView, ValidFor, ValidationError,
};

/// What is stored for `code`.
pub fn fingerprint(key: &ServerKey, code: &ShareCode) -> String {
    key.fingerprint("share-code", code.as_ref())
}

/// A new random code: 50 bits from the OS generator.
fn new_code() -> ShareCode {
    ShareCode::from_bits(rand::rngs::OsRng.next_u64())
}

/// Creates a code for the signed-in candidate that works `valid_for` from
/// now. Only once their results are released: there is nothing to prove before.
///
/// # Errors
/// [`ServiceError::NotFound`] before the release, [`ServiceError::Invalid`]
/// with [`ValidationError::TooManyShareCodes`] when as many codes as allowed
/// still work, [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn create(
    state: &AppState,
    caller: &Caller,
    valid_for: ValidFor,
) -> ServiceResult<NewShareCode> {
    let account = require_candidate(state, caller).await?;
    let id_number = super::exams::first_of(&state.db, account).await?;
    let now = state.settings.clock.now();
    if !matches!(
        super::results::results_for(state, &id_number, now)
            .await?
            .outcome,
        Outcome::Released(_)
    ) {
        return Err(ServiceError::NotFound);
    }
    let txn = state
        .db
        .begin()
        .await
        .context("starting to create a share code")?;
    // One candidate's creations take turns, so that two at once cannot both
    // pass the limit (SQLite: its single writer).
    if txn.get_database_backend() == DbBackend::Postgres {
        let lock = format!("share:{id_number}");
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [lock.into()],
        ))
        .await
        .context("taking the share-code lock")?;
    }
    if live_codes(&txn, &id_number, now).await? >= MAX_LIVE_SHARE_CODES {
        txn.rollback()
            .await
            .context("ending a refused share code")?;
        return Err(ServiceError::Invalid(FieldErrors(vec![(
            Field::ValidFor,
            ValidationError::TooManyShareCodes,
        )])));
    }
    let expires_at = now + Duration::days(valid_for.days());
    let code = new_code();
    share_code::ActiveModel {
        id_number: Set(id_number.clone()),
        fingerprint: Set(fingerprint(&state.settings.server_key, &code)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .context("saving a share code")?;
    txn.commit().await.context("creating a share code")?;
    tracing::info!(%id_number, days = valid_for.days(), "share code created");
    Ok(NewShareCode {
        code: code.grouped(),
        expires_at_ms: expires_at.timestamp_millis(),
    })
}

async fn live_codes(
    db: &impl ConnectionTrait,
    id_number: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    share_code::Entity::find()
        .filter(share_code::Column::IdNumber.eq(id_number))
        .filter(share_code::Column::RevokedAt.is_null())
        .filter(share_code::Column::ExpiresAt.gt(now))
        .count(db)
        .await
        .context("counting live share codes")
}

/// The signed-in candidate's codes, newest first, each with its successful checks.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn list(state: &AppState, caller: &Caller) -> ServiceResult<Vec<ShareCodeView>> {
    let account = require_candidate(state, caller).await?;
    let id_number = super::exams::first_of(&state.db, account).await?;
    Ok(codes_of(&state.db, &id_number, state.settings.clock.now()).await?)
}

/// `id_number`'s codes as [`list`] shows them (also in the candidate's data copy).
///
/// # Errors
/// When the database fails.
pub async fn codes_of(
    db: &impl ConnectionTrait,
    id_number: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<ShareCodeView>> {
    let codes = share_code::Entity::find()
        .filter(share_code::Column::IdNumber.eq(id_number))
        .order_by_desc(share_code::Column::CreatedAt)
        .order_by_desc(share_code::Column::Id)
        .all(db)
        .await
        .context("loading the share codes")?;
    let checks = share_check::Entity::find()
        .filter(share_check::Column::ShareCodeId.is_in(codes.iter().map(|c| c.id)))
        .filter(share_check::Column::Outcome.eq(share_check::CheckOutcome::Verified))
        .order_by_desc(share_check::Column::CheckedAt)
        .order_by_desc(share_check::Column::Id)
        .all(db)
        .await
        .context("loading the share codes' checks")?;
    Ok(codes
        .into_iter()
        .map(|c| ShareCodeView {
            id: c.id,
            created_at_ms: c.created_at.timestamp_millis(),
            expires_at_ms: c.expires_at.timestamp_millis(),
            revoked_at_ms: c.revoked_at.map(|t| t.timestamp_millis()),
            live: c.revoked_at.is_none() && c.expires_at > now,
            checks: checks
                .iter()
                .filter(|k| k.share_code_id == Some(c.id))
                .map(|k| CheckView {
                    at_ms: k.checked_at.timestamp_millis(),
                    organisation: k.organisation.clone(),
                })
                .collect(),
        })
        .collect())
}

/// Revokes the signed-in candidate's code `code_id`: from this moment no
/// check of it succeeds, on any replica. Revoking a code already revoked,
/// or one that is not the caller's, changes nothing and says nothing.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn revoke(state: &AppState, caller: &Caller, code_id: i64) -> ServiceResult<()> {
    let account = require_candidate(state, caller).await?;
    let id_numbers = super::exams::id_numbers(&state.db, account).await?;
    let done = share_code::Entity::update_many()
        .col_expr(
            share_code::Column::RevokedAt,
            Expr::value(state.settings.clock.now()),
        )
        .filter(share_code::Column::Id.eq(code_id))
        .filter(share_code::Column::IdNumber.is_in(id_numbers))
        .filter(share_code::Column::RevokedAt.is_null())
        .exec(&state.db)
        .await
        .context("revoking a share code")?;
    if done.rows_affected > 0 {
        tracing::info!(%account, code_id, "share code revoked");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_depend_on_the_key_and_the_purpose_and_hide_the_code() {
        let key = ServerKey::from_setting(&"k".repeat(32)).unwrap();
        let other = ServerKey::from_setting(&"x".repeat(32)).unwrap();
        let code = ShareCode::parse("7KQ2M-X9D4T").unwrap();
        let print = fingerprint(&key, &code);
        assert_eq!(print.len(), 64);
        assert_eq!(
            print,
            fingerprint(&key, &ShareCode::parse("7kq2mx9d4t").unwrap())
        );
        assert_ne!(print, fingerprint(&other, &code));
        assert_ne!(print, key.fingerprint("client", code.as_ref()));
        assert!(!print.to_uppercase().contains("7KQ2M"));
    }

    #[test]
    fn a_key_shorter_than_thirty_two_characters_is_refused() {
        assert!(ServerKey::from_setting("short").is_err());
        assert!(ServerKey::from_setting(&"k".repeat(31)).is_err());
        assert!(ServerKey::from_setting(&"k".repeat(32)).is_ok());
        assert_eq!(format!("{:?}", ServerKey::generate()), "ServerKey(…)");
    }
}
