//! Login sessions kept in the database, so that any replica can serve any
//! request and logging out on one logs out everywhere.
//!
//! A session ends after 12 hours whatever happens, after 30 minutes without
//! a request (both configurable), on logout, or when the password changes.

use anyhow::Context;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set};
use secrecy::SecretString;

use super::entities::account::{self, AccountId};
use super::entities::session;
use super::error::{ServiceError, ServiceResult};
use super::throttle::{self, Guess};
use super::{AppState, Caller, Settings, tokens};
use crate::domain::{Field, FieldErrors, IdNumber, ValidationError};

/// Longer inputs are refused before hashing: nobody types 1 KB passwords and
/// hashing them would cost us, not an attacker.
pub(crate) const MAX_PASSWORD_BYTES: usize = 1024;

pub use super::session_store::{Activity, NewSession};

/// Checks the credentials, ends the caller's current session (a session id
/// from before login is never reused: session fixation) and starts a new one.
///
/// # Errors
/// [`ServiceError::Invalid`] for a malformed ID Number or empty password,
/// [`ServiceError::CredentialsRejected`] for an unknown ID or wrong password
/// (same answer, similar time), [`ServiceError::EmailNotConfirmed`],
/// [`ServiceError::TooManyAttempts`], [`ServiceError::Busy`] or
/// [`ServiceError::Unexpected`].
#[tracing::instrument(skip(state, caller, password))]
pub async fn log_in(
    state: &AppState,
    caller: &Caller,
    id_number: &str,
    password: String,
) -> ServiceResult<NewSession> {
    let mut errors = FieldErrors::default();
    let id = errors.check(Field::IdNumber, IdNumber::parse(id_number));
    if password.is_empty() {
        errors.push(Field::Password, ValidationError::Required);
    }
    let Some(id) = id.filter(|_| errors.is_empty()) else {
        return Err(ServiceError::Invalid(errors));
    };
    let account = verified_account(state, caller, id.as_ref(), password).await?;
    if account.email_confirmed_at.is_none() {
        return Err(ServiceError::EmailNotConfirmed);
    }
    end_session(state, caller).await?;
    start_session(state, caller, account.id).await
}

/// The account holding the exam `id_number` if `password` is its password,
/// with the guessing limits applied (counted against the ID Number typed):
/// the check shared by login and by the account page's changes.
///
/// # Errors
/// [`ServiceError::CredentialsRejected`], [`ServiceError::TooManyAttempts`],
/// [`ServiceError::Busy`] or [`ServiceError::Unexpected`].
pub async fn verified_account(
    state: &AppState,
    caller: &Caller,
    id_number: &str,
    password: String,
) -> ServiceResult<account::Model> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ServiceError::CredentialsRejected);
    }
    // First a place in the password queue: in a surge, the refusal comes
    // before any database work, so it is immediate and costs nothing.
    let admitted = state.hasher.admit()?;
    // Limits checked before the password, so a waiting guess costs no hashing.
    // Counted as a failure until it proves right, so simultaneous guesses
    // are limited like successive ones.
    let attempt =
        throttle::attempt(state, Guess::Password, id_number, caller.ip.as_deref()).await?;
    let account = super::exams::account_of(&state.db, id_number).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let verified = admitted.verify(SecretString::from(password), hash).await?;
    match account {
        Some(account) if verified => {
            attempt.succeeded(state).await?;
            Ok(account)
        }
        _ => {
            tracing::info!("password refused");
            attempt.failed(state).await?;
            Err(ServiceError::CredentialsRejected)
        }
    }
}

/// The current password of `account`, checked with the same guessing
/// limits as login (counted against its first exam's ID Number); a wrong
/// one is reported beside its field, with `errors` found before.
pub async fn confirm_identity(
    state: &AppState,
    caller: &Caller,
    account: AccountId,
    current: String,
    mut errors: FieldErrors,
) -> ServiceResult<account::Model> {
    if current.is_empty() {
        errors.push(Field::CurrentPassword, ValidationError::Required);
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let id_number = super::exams::first_of(&state.db, account).await?;
    match verified_account(state, caller, &id_number, current).await {
        Err(ServiceError::CredentialsRejected) => Err(ServiceError::invalid(
            Field::CurrentPassword,
            ValidationError::WrongPassword,
        )),
        other => other,
    }
}

/// Starts a session for `account` with a new id.
///
/// # Errors
/// When the database fails.
pub(crate) async fn start_session(
    state: &AppState,
    caller: &Caller,
    account: AccountId,
) -> ServiceResult<NewSession> {
    let now = state.settings.clock.now();
    let device = caller
        .user_agent
        .as_deref()
        .map(|ua| ua.chars().filter(|c| !c.is_control()).take(200).collect());
    let row = |id_hash, expires_at| session::ActiveModel {
        id_hash: Set(id_hash),
        account_id: Set(account),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_seen_at: Set(Some(now)),
        device: Set(device),
    };
    let session = state
        .settings
        .candidate_sessions()
        .start(&state.db, now, row)
        .await?;
    tracing::info!("logged in");
    Ok(session)
}

/// Ends the caller's session, if any. The caller's cookie is then useless;
/// clearing it is the adapter's job.
///
/// # Errors
/// [`ServiceError::Unexpected`] when the database fails.
pub async fn end_session(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    if let Some(token) = &caller.session_token {
        state
            .settings
            .candidate_sessions()
            .end(&state.db, token)
            .await?;
    }
    Ok(())
}

/// The signed-in candidate's account, if the caller's session is valid.
///
/// # Errors
/// [`ServiceError::Unexpected`] when the database fails.
pub async fn current_candidate(
    state: &AppState,
    caller: &Caller,
) -> ServiceResult<Option<AccountId>> {
    // A signed-in page was already checked by the session guard: no second lookup.
    if let Some(account) = caller.checked_candidate {
        return Ok(Some(account));
    }
    let Some(token) = &caller.session_token else {
        return Ok(None);
    };
    Ok(candidate_for(&state.db, &state.settings, token).await?)
}

/// The row of the signed-in account `id`: [`ServiceError::NotSignedIn`]
/// when it ended since the session was checked.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn signed_in_account(
    db: &impl ConnectionTrait,
    id: AccountId,
) -> ServiceResult<account::Model> {
    account::Entity::find_by_id(id)
        .one(db)
        .await
        .context("loading the account")?
        .ok_or(ServiceError::NotSignedIn)
}

/// The signed-in candidate, or [`ServiceError::NotSignedIn`].
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn require_candidate(state: &AppState, caller: &Caller) -> ServiceResult<AccountId> {
    current_candidate(state, caller)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}

/// The account whose live session the cookie value `token` opens, noting
/// the request as activity for the idle timeout.
///
/// # Errors
/// When the database fails.
pub async fn candidate_for(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
) -> anyhow::Result<Option<AccountId>> {
    live_candidate(db, settings, token, Activity::Counts).await
}

/// The account of the live session `token` opens.
pub(crate) async fn live_candidate(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
    activity: Activity,
) -> anyhow::Result<Option<AccountId>> {
    let now = settings.clock.now();
    let found = settings
        .candidate_sessions()
        .find(db, token, now, activity)
        .await?;
    Ok(found.map(|s| s.account_id))
}

/// "Stay signed in": restarts the idle timeout of the caller's session.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] when the session has already ended, or
/// [`ServiceError::Unexpected`].
pub async fn keep_alive(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    require_candidate(state, caller).await?;
    if let Some(token) = &caller.session_token {
        let now = state.settings.clock.now();
        state
            .settings
            .candidate_sessions()
            .touch(&state.db, token, now)
            .await?;
    }
    Ok(())
}

/// The stored form of the caller's session cookie, if it has one.
pub fn session_hash(caller: &Caller) -> Option<String> {
    caller.session_token.as_deref().map(tokens::hash)
}
