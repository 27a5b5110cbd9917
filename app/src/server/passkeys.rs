//! Passkeys: a candidate adds one on the account page and then signs in
//! with it from the login page, without typing anything (discoverable
//! credentials). The WebAuthn checks are webauthn-rs's; this module keeps
//! the ceremonies in the database between their two requests (so any
//! replica finishes what another began), makes each challenge single-use,
//! and applies the account's rules: the confirmed-email rule and the same
//! sessions as a password sign-in, a fresh sign-in or the password before
//! adding one, an email for every passkey added or removed.

use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Url, Uuid,
    Webauthn, WebauthnBuilder, WebauthnError,
};

use super::accounts::{account_language, entry_of};
use super::entities::{account, passkey, passkey_ceremony, session};
use super::error::{ServiceError, ServiceResult};
use super::mailer::{self, PasskeyChange};
use super::outbox::Outbox;
use super::sessions::{NewSession, end_session, require_candidate, session_hash, start_session};
use super::throttle::{self, Guess};
use super::{AppState, Caller, tokens};
use crate::domain::{
    Field, FieldErrors, PASSKEY_FRESH_SIGN_IN_MINUTES, PasskeyName, PasskeyView, ValidationError,
    device_name,
};

/// How long a ceremony may take, from the options to the answer: the
/// browser's own prompt gives up after five minutes too.
const CEREMONY_LIFETIME: Duration = Duration::minutes(5);

/// The most passkeys one account may hold: more than anyone has devices,
/// few enough that a stolen session cannot fill the table.
pub const MAX_PASSKEYS: u64 = 20;

const ADD: &str = "add";
/// What adding a passkey keeps between its two requests: the account's
/// handle (new for a first passkey) and webauthn-rs's state.
#[derive(Serialize, Deserialize)]
struct Adding {
    handle: String,
    registration: PasskeyRegistration,
}

const SIGN_IN: &str = "sign_in";

/// This site as a WebAuthn relying party: its id and origin come from
/// `PUBLIC_URL`, never from a request, so a passkey made here works only
/// here.
#[derive(Clone)]
pub struct RelyingParty(Arc<Webauthn>);

impl std::fmt::Debug for RelyingParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RelyingParty")
    }
}

impl RelyingParty {
    /// The relying party of the site at `public_url`.
    ///
    /// # Errors
    /// When the URL's host is not a domain name: browsers refuse passkeys
    /// for an IP address (`http://127.0.0.1`; use `http://localhost`).
    pub fn for_site(public_url: &str) -> anyhow::Result<Self> {
        let origin = Url::parse(public_url)
            .with_context(|| format!("PUBLIC_URL {public_url} is not a URL"))?;
        let Some(rp_id) = origin.domain().map(str::to_owned) else {
            anyhow::bail!(
                "the host of PUBLIC_URL {public_url} is not a domain name; browsers offer passkeys only for one (http://localhost works)"
            )
        };
        let webauthn = WebauthnBuilder::new(&rp_id, &origin)
            .and_then(|b| b.rp_name("Results Online").build())
            .map_err(|e| anyhow::anyhow!("setting up passkeys for {public_url}: {e}"))?;
        Ok(Self(Arc::new(webauthn)))
    }
}

/// A ceremony begun: the options for the browser's `navigator.credentials`
/// call and the id it sends back with the answer (only its hash is kept).
#[derive(Debug, Serialize)]
pub struct Begun<T> {
    pub ceremony: String,
    pub options: T,
}

fn relying_party(state: &AppState) -> ServiceResult<&Webauthn> {
    state
        .settings
        .passkeys
        .as_ref()
        .map(|rp| rp.0.as_ref())
        .ok_or(ServiceError::NotFound)
}

/// The account's passkeys, oldest first.
///
/// # Errors
/// When the database fails.
pub async fn passkeys_of(
    db: &impl ConnectionTrait,
    id_number: &str,
) -> anyhow::Result<Vec<PasskeyView>> {
    let rows = passkey::Entity::find()
        .filter(passkey::Column::IdNumber.eq(id_number))
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
pub async fn names_of(db: &impl ConnectionTrait, id_number: &str) -> anyhow::Result<Vec<String>> {
    Ok(passkeys_of(db, id_number)
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
    let id_number = require_candidate(state, caller).await?;
    if needs_password(state, caller).await? {
        super::account_settings::confirm_identity(
            state,
            caller,
            &id_number,
            current_password,
            FieldErrors::default(),
        )
        .await?;
    }
    let existing = passkey::Entity::find()
        .filter(passkey::Column::IdNumber.eq(id_number.as_str()))
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
    let entry = entry_of(&state.db, &id_number).await?;
    let display_name = format!("{} {} ({id_number})", entry.given_name, entry.family_name);
    let (mut options, registration) = webauthn
        .start_passkey_registration(handle, &id_number, &display_name, Some(exclude))
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
        ADD,
        Some(&id_number),
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
    let id_number = require_candidate(state, caller).await?;
    let Some((
        Adding {
            handle,
            registration,
        },
        attempt,
    )) = claim_ceremony::<Adding>(state, ceremony, ADD, Some(&id_number)).await?
    else {
        tracing::info!(%id_number, "passkey refused: no such ceremony (used, expired or another account's)");
        return Err(ServiceError::CredentialsRejected);
    };
    let created = match webauthn.finish_passkey_registration(answer, &registration) {
        Ok(created) => created,
        Err(e) => {
            tracing::warn!(%id_number, error = %e, "passkey refused: the registration did not verify");
            return Err(ServiceError::CredentialsRejected);
        }
    };
    let now = state.settings.clock.now();
    let account = account::Entity::find_by_id(id_number.as_str())
        .one(&state.db)
        .await
        .context("loading the account")?
        .ok_or(ServiceError::NotSignedIn)?;
    let fallback = passkey_word(account_language(&account));
    let device = caller.user_agent.as_deref().and_then(device_name);
    let name = PasskeyName::from_device(device.as_deref(), fallback);
    let given_name = entry_of(&state.db, &id_number).await?.given_name;
    let txn = state
        .db
        .begin()
        .await
        .context("starting to store a passkey")?;
    let stored = passkey::ActiveModel {
        id_number: Set(id_number.clone()),
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
            tracing::warn!(%id_number, "passkey refused: its credential is already registered");
            return Err(ServiceError::CredentialsRejected);
        }
        Err(e) => return Err(anyhow::Error::new(e).context("storing the passkey").into()),
    };
    let email = mailer::passkey_email(
        PasskeyChange::Added,
        account_language(&account),
        &given_name,
        &id_number,
        name.as_ref(),
        &account_link(state),
    );
    Outbox::queue(&txn, &account.email, email, now).await?;
    if let Some(row) = attempt {
        throttle::take_back(&txn, row).await?;
    }
    txn.commit().await.context("committing the passkey")?;
    state.outbox.wake();
    tracing::info!(%id_number, passkey = stored.id, "passkey added");
    Ok(PasskeyView {
        id: stored.id,
        name: stored.name,
        created_at_ms: now.timestamp_millis(),
        last_used_at_ms: None,
    })
}

/// Begins a sign-in with a passkey: options asking the browser for any
/// passkey of this site. Counted against the client address until it
/// succeeds.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`], [`ServiceError::NotFound`] when this
/// site cannot offer passkeys, or [`ServiceError::Unexpected`].
pub async fn begin_sign_in(
    state: &AppState,
    caller: &Caller,
) -> ServiceResult<Begun<RequestChallengeResponse>> {
    let webauthn = relying_party(state)?;
    let (mut options, authentication) = webauthn
        .start_discoverable_authentication()
        .map_err(|e| anyhow::anyhow!("starting a passkey sign-in: {e}"))?;
    // A button the candidate pressed, not the autofill prompt webauthn-rs
    // asks for by default.
    options.mediation = None;
    let ceremony = store_ceremony(state, caller, SIGN_IN, None, &authentication).await?;
    Ok(Begun { ceremony, options })
}

/// Finishes a sign-in with a passkey: the answer must be signed by a
/// passkey on an account, for this ceremony's challenge, with the user
/// verified and a sign count that went up. Then the same as a password
/// sign-in: a confirmed address is required, the caller's old session ends
/// and a new one starts.
///
/// # Errors
/// [`ServiceError::CredentialsRejected`] for anything that does not verify
/// (unknown or removed passkey, replayed or expired ceremony, wrong origin,
/// sign-count regression: each is logged), [`ServiceError::EmailNotConfirmed`],
/// [`ServiceError::NotFound`] or [`ServiceError::Unexpected`].
pub async fn finish_sign_in(
    state: &AppState,
    caller: &Caller,
    ceremony: &str,
    answer: &PublicKeyCredential,
) -> ServiceResult<NewSession> {
    let webauthn = relying_party(state)?;
    let Some((authentication, attempt)) =
        claim_ceremony::<DiscoverableAuthentication>(state, ceremony, SIGN_IN, None).await?
    else {
        tracing::info!("passkey sign-in refused: no such ceremony (used or expired)");
        return Err(ServiceError::CredentialsRejected);
    };
    let Ok((handle, credential_id)) = webauthn.identify_discoverable_authentication(answer) else {
        tracing::info!("passkey sign-in refused: the answer names no user");
        return Err(ServiceError::CredentialsRejected);
    };
    let found = passkey::Entity::find()
        .filter(passkey::Column::CredentialId.eq(hex::encode(credential_id)))
        .one(&state.db)
        .await
        .context("loading the passkey")?;
    let Some(found) = found.filter(|p| p.user_handle == handle.to_string()) else {
        tracing::warn!(credential = %hex::encode(credential_id), "passkey sign-in refused: unknown passkey (never added, or removed)");
        return Err(ServiceError::CredentialsRejected);
    };
    let mut stored = stored_passkey(&found)?;
    let result = match webauthn.finish_discoverable_authentication_v2(
        answer,
        authentication,
        &stored,
    ) {
        Ok(result) => result,
        Err(WebauthnError::CredentialPossibleCompromise) => {
            tracing::warn!(id_number = %found.id_number, passkey = found.id, "passkey sign-in refused: its sign count went backwards (a cloned authenticator?)");
            return Err(ServiceError::CredentialsRejected);
        }
        Err(e) => {
            tracing::warn!(id_number = %found.id_number, passkey = found.id, error = %e, "passkey sign-in refused: the answer did not verify");
            return Err(ServiceError::CredentialsRejected);
        }
    };
    let account = account::Entity::find_by_id(found.id_number.as_str())
        .one(&state.db)
        .await
        .context("loading the account")?;
    let Some(account) = account else {
        return Err(ServiceError::CredentialsRejected);
    };
    if account.email_confirmed_at.is_none() {
        return Err(ServiceError::EmailNotConfirmed);
    }
    stored.update_credential(&result);
    let now = state.settings.clock.now();
    passkey::Entity::update_many()
        .col_expr(
            passkey::Column::Credential,
            Expr::value(serde_json::to_string(&stored).context("writing the passkey")?),
        )
        .col_expr(passkey::Column::LastUsedAt, Expr::value(now))
        .filter(passkey::Column::Id.eq(found.id))
        .exec(&state.db)
        .await
        .context("noting the passkey's use")?;
    if let Some(row) = attempt {
        throttle::take_back(&state.db, row).await?;
    }
    end_session(state, caller).await?;
    tracing::info!(id_number = %account.id_number, passkey = found.id, "signed in with a passkey");
    start_session(state, caller, &account.id_number).await
}

/// Renames one of the signed-in candidate's passkeys. Another account's
/// passkey is left alone, as if it did not exist.
///
/// # Errors
/// [`ServiceError::Invalid`] for the name, [`ServiceError::NotSignedIn`],
/// [`ServiceError::NotFound`] or [`ServiceError::Unexpected`].
pub async fn rename(state: &AppState, caller: &Caller, id: i64, name: &str) -> ServiceResult<()> {
    let id_number = require_candidate(state, caller).await?;
    let name = PasskeyName::parse(name)
        .map_err(|e| ServiceError::Invalid(FieldErrors(vec![(Field::PasskeyName, e)])))?;
    let renamed = passkey::Entity::update_many()
        .col_expr(passkey::Column::Name, Expr::value(name.as_ref()))
        .filter(passkey::Column::Id.eq(id))
        .filter(passkey::Column::IdNumber.eq(id_number.as_str()))
        .exec(&state.db)
        .await
        .context("renaming the passkey")?;
    if renamed.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Removes one of the signed-in candidate's passkeys (it signs in no more,
/// at once on every replica) and tells the account's address.
///
/// # Errors
/// [`ServiceError::NotSignedIn`], [`ServiceError::NotFound`] or
/// [`ServiceError::Unexpected`].
pub async fn remove(state: &AppState, caller: &Caller, id: i64) -> ServiceResult<()> {
    let id_number = require_candidate(state, caller).await?;
    let txn = state
        .db
        .begin()
        .await
        .context("starting to remove a passkey")?;
    let found = passkey::Entity::find_by_id(id)
        .filter(passkey::Column::IdNumber.eq(id_number.as_str()))
        .one(&txn)
        .await
        .context("loading the passkey")?;
    let Some(found) = found else {
        return Err(ServiceError::NotFound);
    };
    // The delete decides: of two removals at once, one tells the candidate.
    let deleted = passkey::Entity::delete_many()
        .filter(passkey::Column::Id.eq(id))
        .exec(&txn)
        .await
        .context("removing the passkey")?;
    if deleted.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    let account = account::Entity::find_by_id(id_number.as_str())
        .one(&txn)
        .await
        .context("loading the account")?
        .ok_or(ServiceError::NotSignedIn)?;
    let given_name = entry_of(&txn, &id_number).await?.given_name;
    let email = mailer::passkey_email(
        PasskeyChange::Removed,
        account_language(&account),
        &given_name,
        &id_number,
        &found.name,
        &account_link(state),
    );
    Outbox::queue(&txn, &account.email, email, state.settings.clock.now()).await?;
    txn.commit().await.context("committing the removal")?;
    state.outbox.wake();
    tracing::info!(%id_number, passkey = id, "passkey removed");
    Ok(())
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

async fn store_ceremony(
    state: &AppState,
    caller: &Caller,
    purpose: &str,
    id_number: Option<&str>,
    ceremony_state: &impl Serialize,
) -> ServiceResult<String> {
    let attempt = throttle::attempt_by_address(state, Guess::Passkey, caller.ip.as_deref()).await?;
    let id = tokens::generate();
    let stored = passkey_ceremony::ActiveModel {
        id_hash: Set(tokens::hash(&id)),
        purpose: Set(purpose.to_owned()),
        id_number: Set(id_number.map(str::to_owned)),
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

/// The state of ceremony `id` if it is live, of `purpose` and `id_number`'s,
/// with the failure counted when it began; the row is deleted in the same
/// stroke, so of two answers to one challenge only one gets this far.
async fn claim_ceremony<T: DeserializeOwned>(
    state: &AppState,
    id: &str,
    purpose: &str,
    id_number: Option<&str>,
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
        || found.id_number.as_deref() != id_number
    {
        return Ok(None);
    }
    let ceremony_state = serde_json::from_str(&found.state).context("reading the ceremony")?;
    Ok(Some((ceremony_state, found.attempt_id)))
}

fn stored_passkey(row: &passkey::Model) -> anyhow::Result<Passkey> {
    serde_json::from_str(&row.credential).with_context(|| format!("reading passkey {}", row.id))
}

fn passkey_word(locale: crate::i18n::Locale) -> &'static str {
    crate::i18n::td_string!(locale, passkeys.default_name)
}

fn account_link(state: &AppState) -> String {
    format!("{}/account", state.settings.public_url)
}
