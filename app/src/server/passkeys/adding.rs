//! Adding a passkey to a signed-in candidate's account.

use anyhow::Context;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, PasskeyRegistration, RegisterPublicKeyCredential, Uuid,
};

use super::ceremony::{Begun, claim_ceremony, relying_party, store_ceremony};
use super::list::{account_link, needs_password, stored_passkey};
use crate::domain::{Field, FieldErrors, PasskeyName, PasskeyView, ValidationError, device_name};
use crate::server::accounts::account_language;
use crate::server::entities::passkey;
use crate::server::entities::passkey_ceremony::Ceremony;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::exams;
use crate::server::mailer::{self, PasskeyChange};
use crate::server::outbox::Outbox;
use crate::server::sessions::{require_candidate, signed_in_account};
use crate::server::throttle::{self};
use crate::server::{AppState, Caller};

/// The most passkeys one account may hold: more than anyone has devices,
/// few enough that a stolen session cannot fill the table.
pub const MAX_PASSKEYS: u64 = 20;

/// What adding a passkey keeps between its two requests: the account's
/// handle (new for a first passkey) and webauthn-rs's state.
#[derive(Serialize, Deserialize)]
pub(super) struct Adding {
    handle: String,
    registration: PasskeyRegistration,
}

/// Begins adding a passkey to the signed-in candidate's account. After the
/// first minutes of a sign-in, `current_password` must be the password
/// (checked with the same guessing limits as a login).
///
/// # Errors
/// [`ServiceError::NotSignedIn`]; [`ServiceError::Invalid`] for a missing or
/// wrong password, or [`ValidationError::TooManyPasskeys`];
/// [`ServiceError::TooManyAttempts`], [`ServiceError::Busy`],
/// [`ServiceError::NotFound`] when this site cannot offer passkeys, or
/// [`ServiceError::Unexpected`].
pub async fn begin_adding(
    state: &AppState,
    caller: &Caller,
    current_password: String,
) -> ServiceResult<Begun<CreationChallengeResponse>> {
    let webauthn = relying_party(state)?;
    let account = require_candidate(state, caller).await?;
    if needs_password(state, caller).await? {
        crate::server::sessions::confirm_identity(
            state,
            caller,
            account,
            current_password,
            FieldErrors::default(),
        )
        .await?;
    }
    let existing = passkey::Entity::find()
        .filter(passkey::Column::AccountId.eq(account))
        .all(&state.db)
        .await
        .context("loading the passkeys")?;
    if existing.len() as u64 >= MAX_PASSKEYS {
        return Err(ServiceError::Invalid(FieldErrors(vec![(
            Field::PasskeyName,
            ValidationError::TooManyPasskeys,
        )])));
    }
    // One handle per account: an authenticator keeps one passkey per site
    // and handle, so adding from the same device again replaces, not piles up.
    let handle = match existing.first() {
        Some(p) => Uuid::parse_str(&p.user_handle).context("a stored user handle")?,
        None => Uuid::new_v4(),
    };
    let exclude: Vec<_> = existing
        .iter()
        .filter_map(|p| stored_passkey(p).ok())
        .map(|p| p.cred_id().clone())
        .collect();
    let entry = exams::first_entry(&state.db, account).await?;
    let id_number = &entry.id_number;
    let display_name = format!("{} {} ({id_number})", entry.given_name, entry.family_name);
    let (mut options, registration) = webauthn
        .start_passkey_registration(handle, id_number, &display_name, Some(exclude))
        .map_err(|e| anyhow::anyhow!("starting a passkey registration: {e}"))?;
    // A passkey the authenticator keeps (discoverable), so that signing in
    // needs no ID Number: webauthn-rs asks for none by default.
    if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
        selection.resident_key = Some(webauthn_rs_proto::ResidentKeyRequirement::Required);
        selection.require_resident_key = true;
    }
    let ceremony = store_ceremony(
        state,
        caller,
        Ceremony::Add,
        Some(account),
        &Adding {
            handle: handle.to_string(),
            registration,
        },
    )
    .await?;
    Ok(Begun { ceremony, options })
}

/// Finishes adding a passkey: the browser's answer must match the ceremony
/// this candidate began. The passkey is named after the browser (the
/// candidate may rename it) and the account's address is told.
///
/// # Errors
/// [`ServiceError::NotSignedIn`], [`ServiceError::CredentialsRejected`] for
/// an answer that does not verify, a used, expired or someone else's
/// ceremony, or a passkey already on an account; [`ServiceError::Unexpected`].
pub async fn finish_adding(
    state: &AppState,
    caller: &Caller,
    ceremony: &str,
    answer: &RegisterPublicKeyCredential,
) -> ServiceResult<PasskeyView> {
    let webauthn = relying_party(state)?;
    let id = require_candidate(state, caller).await?;
    let Some((
        Adding {
            handle,
            registration,
        },
        attempt,
    )) = claim_ceremony::<Adding>(state, ceremony, Ceremony::Add, Some(id)).await?
    else {
        tracing::info!(account = %id, "passkey refused: no such ceremony (used, expired or another account's)");
        return Err(ServiceError::CredentialsRejected);
    };
    let created = match webauthn.finish_passkey_registration(answer, &registration) {
        Ok(created) => created,
        Err(e) => {
            tracing::warn!(account = %id, error = %e, "passkey refused: the registration did not verify");
            return Err(ServiceError::CredentialsRejected);
        }
    };
    let now = state.settings.clock.now();
    let account = signed_in_account(&state.db, id).await?;
    let fallback = passkey_word(account_language(&account));
    let device = caller.user_agent.as_deref().and_then(device_name);
    let name = PasskeyName::from_device(device.as_deref(), fallback);
    let entry = exams::first_entry(&state.db, id).await?;
    let txn = state
        .db
        .begin()
        .await
        .context("starting to store a passkey")?;
    let stored = passkey::ActiveModel {
        account_id: Set(id),
        credential_id: Set(hex::encode(created.cred_id())),
        user_handle: Set(handle),
        name: Set(name.as_ref().to_owned()),
        credential: Set(serde_json::to_string(&created).context("writing the passkey")?),
        created_at: Set(now),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let stored = match stored {
        Ok(stored) => stored,
        // The credential id is unique: the same authenticator's key twice.
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            tracing::warn!(account = %id, "passkey refused: its credential is already registered");
            return Err(ServiceError::CredentialsRejected);
        }
        Err(e) => return Err(anyhow::Error::new(e).context("storing the passkey").into()),
    };
    let email = mailer::passkey_email(
        PasskeyChange::Added,
        account_language(&account),
        &entry.given_name,
        &entry.id_number,
        name.as_ref(),
        &account_link(state),
    );
    Outbox::queue(&txn, &account.email, email, now).await?;
    if let Some(row) = attempt {
        throttle::take_back(&txn, row).await?;
    }
    txn.commit().await.context("committing the passkey")?;
    state.outbox.wake();
    tracing::info!(account = %id, passkey = stored.id, "passkey added");
    Ok(PasskeyView {
        id: stored.id,
        name: stored.name,
        created_at_ms: now.timestamp_millis(),
        last_used_at_ms: None,
    })
}

pub(super) fn passkey_word(locale: crate::i18n::Locale) -> &'static str {
    crate::i18n::td_string!(locale, passkeys.default_name)
}
