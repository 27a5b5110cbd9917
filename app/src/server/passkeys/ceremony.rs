//! A ceremony's two requests: its state kept between them, and each
//! challenge usable once.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use webauthn_rs::prelude::Webauthn;

use super::relying_party::RelyingParty;
use crate::server::entities::account::AccountId;
use crate::server::entities::passkey_ceremony::{self, Ceremony};
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::throttle::{self, Guess};
use crate::server::{AppState, Caller, tokens};

/// How long a ceremony may take, from the options to the answer: the
/// browser's own prompt gives up after five minutes too.
pub(super) const CEREMONY_LIFETIME: Duration = Duration::minutes(5);

/// A ceremony begun: the options for the browser's `navigator.credentials`
/// call and the id it sends back with the answer (only its hash is kept).
#[derive(Debug, Serialize)]
pub struct Begun<T> {
    pub ceremony: String,
    pub options: T,
}

pub(super) fn relying_party(state: &AppState) -> ServiceResult<&Webauthn> {
    state
        .settings
        .passkeys
        .as_ref()
        .map(RelyingParty::webauthn)
        .ok_or(ServiceError::NotFound)
}

/// Ceremonies that ended without an answer, deleted by the hourly clean-up.
///
/// # Errors
/// When the database fails.
pub async fn delete_expired_ceremonies(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let deleted = passkey_ceremony::Entity::delete_many()
        .filter(passkey_ceremony::Column::ExpiresAt.lte(now))
        .exec(db)
        .await
        .context("deleting expired passkey ceremonies")?;
    Ok(deleted.rows_affected)
}

pub(super) async fn store_ceremony(
    state: &AppState,
    caller: &Caller,
    purpose: Ceremony,
    account: Option<AccountId>,
    ceremony_state: &impl Serialize,
) -> ServiceResult<String> {
    let attempt = throttle::attempt_by_address(state, Guess::Passkey, caller.ip.as_deref()).await?;
    let id = tokens::generate();
    let stored = passkey_ceremony::ActiveModel {
        id_hash: Set(tokens::hash(&id)),
        purpose: Set(purpose),
        account_id: Set(account),
        state: Set(serde_json::to_string(ceremony_state).context("writing the ceremony")?),
        attempt_id: Set(attempt.into_row()),
        expires_at: Set(state.settings.clock.now() + CEREMONY_LIFETIME),
    };
    stored
        .insert(&state.db)
        .await
        .context("storing the ceremony")?;
    Ok(id)
}

/// The state of ceremony `id` if it is live, of `purpose` and `account`'s,
/// with the failure counted when it began; the row is deleted in the same
/// stroke, so of two answers to one challenge only one gets this far.
pub(super) async fn claim_ceremony<T: DeserializeOwned>(
    state: &AppState,
    id: &str,
    purpose: Ceremony,
    account: Option<AccountId>,
) -> ServiceResult<Option<(T, Option<i64>)>> {
    let hash = tokens::hash(id);
    let found = passkey_ceremony::Entity::find_by_id(hash.as_str())
        .one(&state.db)
        .await
        .context("loading the ceremony")?;
    let Some(found) = found else { return Ok(None) };
    let deleted = passkey_ceremony::Entity::delete_many()
        .filter(passkey_ceremony::Column::IdHash.eq(hash.as_str()))
        .exec(&state.db)
        .await
        .context("using the ceremony")?;
    let live = found.expires_at > state.settings.clock.now();
    if deleted.rows_affected == 0
        || !live
        || found.purpose != purpose
        || found.account_id != account
    {
        return Ok(None);
    }
    let ceremony_state = serde_json::from_str(&found.state).context("reading the ceremony")?;
    Ok(Some((ceremony_state, found.attempt_id)))
}
