//! An account's passkeys, as its page and its emails name them.

use anyhow::Context;
use chrono::Duration;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use webauthn_rs::prelude::Passkey;

use crate::domain::{PASSKEY_FRESH_SIGN_IN_MINUTES, PasskeyView};
use crate::server::entities::account::AccountId;
use crate::server::entities::{passkey, session};
use crate::server::sessions::session_hash;
use crate::server::{AppState, Caller};

/// The account's passkeys, oldest first.
///
/// # Errors
/// When the database fails.
pub async fn passkeys_of(
    db: &impl ConnectionTrait,
    account: AccountId,
) -> anyhow::Result<Vec<PasskeyView>> {
    let rows = passkey::Entity::find()
        .filter(passkey::Column::AccountId.eq(account))
        .order_by_asc(passkey::Column::CreatedAt)
        .order_by_asc(passkey::Column::Id)
        .all(db)
        .await
        .context("loading the passkeys")?;
    Ok(rows
        .into_iter()
        .map(|p| PasskeyView {
            id: p.id,
            name: p.name,
            created_at_ms: p.created_at.timestamp_millis(),
            last_used_at_ms: p.last_used_at.map(|t| t.timestamp_millis()),
        })
        .collect())
}

/// The names of the account's passkeys, for the emails that say which
/// still open it.
///
/// # Errors
/// When the database fails.
pub async fn names_of(
    db: &impl ConnectionTrait,
    account: AccountId,
) -> anyhow::Result<Vec<String>> {
    Ok(passkeys_of(db, account)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect())
}

/// Whether adding a passkey needs the password again: the caller signed in
/// more than [`PASSKEY_FRESH_SIGN_IN_MINUTES`] ago.
///
/// # Errors
/// When the database fails.
pub async fn needs_password(state: &AppState, caller: &Caller) -> anyhow::Result<bool> {
    let Some(hash) = session_hash(caller) else {
        return Ok(true);
    };
    let found = session::Entity::find_by_id(hash)
        .one(&state.db)
        .await
        .context("loading the session")?;
    let fresh_since = state.settings.clock.now() - Duration::minutes(PASSKEY_FRESH_SIGN_IN_MINUTES);
    Ok(found.is_none_or(|s| s.created_at <= fresh_since))
}

pub(super) fn stored_passkey(row: &passkey::Model) -> anyhow::Result<Passkey> {
    serde_json::from_str(&row.credential).with_context(|| format!("reading passkey {}", row.id))
}

pub(super) fn account_link(state: &AppState) -> String {
    state.settings.link(crate::routes::ACCOUNT)
}
