//! Login sessions kept in the database, so that any replica can serve any
//! request and logging out on one logs out everywhere.
//!
//! A session ends after 12 hours whatever happens, after 30 minutes without
//! a request (both configurable), on logout, or when the password changes.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use secrecy::SecretString;

use super::entities::{account, session};
use super::error::{ServiceError, ServiceResult};
use super::throttle::{self, Guess};
use super::{AppState, Caller, Settings, tokens};
use crate::domain::{Field, FieldErrors, IdNumber, ValidationError};

/// How stale `last_seen_at` may get before a request refreshes it: one
/// write a minute per active candidate, not one per request.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Longer inputs are refused before hashing: nobody types 1 KB passwords and
/// hashing them would cost us, not an attacker.
pub(crate) const MAX_PASSWORD_BYTES: usize = 1024;

/// A session just started: the cookie value to hand the browser (only its
/// hash is stored) and how long the cookie should live.
#[derive(Debug)]
pub struct NewSession {
    pub token: String,
    pub lifetime: Duration,
}

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
    start_session(state, caller, &account.id_number).await
}

/// The account of `id_number` if `password` is its password, with the
/// guessing limits applied: the check shared by login and by the account
/// page's changes.
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
    let account = account::Entity::find_by_id(id_number)
        .one(&state.db)
        .await
        .context("loading the account")?;
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

/// Starts a session for `id_number` with a new id.
///
/// # Errors
/// When the database fails.
pub(crate) async fn start_session(
    state: &AppState,
    caller: &Caller,
    id_number: &str,
) -> ServiceResult<NewSession> {
    let token = tokens::generate();
    let now = state.settings.clock.now();
    let lifetime = state.settings.session_lifetime;
    session::ActiveModel {
        id_hash: Set(tokens::hash(&token)),
        id_number: Set(id_number.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        last_seen_at: Set(Some(now)),
        device: Set(caller
            .user_agent
            .as_deref()
            .map(|ua| ua.chars().filter(|c| !c.is_control()).take(200).collect())),
    }
    .insert(&state.db)
    .await
    .context("storing the session")?;
    tracing::info!("logged in");
    Ok(NewSession { token, lifetime })
}

/// Ends the caller's session, if any. The caller's cookie is then useless;
/// clearing it is the adapter's job.
///
/// # Errors
/// [`ServiceError::Unexpected`] when the database fails.
pub async fn end_session(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    if let Some(token) = &caller.session_token {
        session::Entity::delete_by_id(tokens::hash(token))
            .exec(&state.db)
            .await
            .context("deleting the session")?;
    }
    Ok(())
}

/// The ID Number of the signed-in candidate, if the caller's session is valid.
///
/// # Errors
/// [`ServiceError::Unexpected`] when the database fails.
pub async fn current_candidate(state: &AppState, caller: &Caller) -> ServiceResult<Option<String>> {
    // A signed-in page was already checked by the session guard: no second lookup.
    if let Some(id_number) = &caller.checked_candidate {
        return Ok(Some(id_number.clone()));
    }
    let Some(token) = &caller.session_token else {
        return Ok(None);
    };
    Ok(candidate_for(&state.db, &state.settings, token).await?)
}

/// The signed-in candidate, or [`ServiceError::NotSignedIn`].
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn require_candidate(state: &AppState, caller: &Caller) -> ServiceResult<String> {
    current_candidate(state, caller)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}

/// The ID Number whose live session the cookie value `token` opens, noting
/// the request as activity for the idle timeout.
///
/// # Errors
/// When the database fails.
pub async fn candidate_for(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
) -> anyhow::Result<Option<String>> {
    live_candidate(db, settings, token, Activity::Counts).await
}

/// Whether looking a session up restarts its idle clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Activity {
    Counts,
    /// Only a look: the caller decides afterwards whether it was activity.
    Ignored,
}

pub(crate) async fn live_candidate(
    db: &DatabaseConnection,
    settings: &Settings,
    token: &str,
    activity: Activity,
) -> anyhow::Result<Option<String>> {
    let now = settings.clock.now();
    let hash = tokens::hash(token);
    let found = session::Entity::find_by_id(hash.as_str())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(db)
        .await
        .context("loading the session")?;
    let Some(found) = found else { return Ok(None) };
    let last_seen = found.last_seen_at.unwrap_or(found.created_at);
    if !is_live(last_seen, now, settings.session_idle_timeout) {
        session::Entity::delete_by_id(hash)
            .exec(db)
            .await
            .context("ending an idle session")?;
        tracing::info!(id_number = %found.id_number, "session ended after the idle timeout");
        return Ok(None);
    }
    if activity == Activity::Counts && (now - last_seen).num_seconds() >= TOUCH_EVERY_SECONDS {
        touch(db, &hash, now).await?;
    }
    Ok(Some(found.id_number))
}

fn is_live(last_seen: DateTime<Utc>, now: DateTime<Utc>, idle_timeout: Duration) -> bool {
    now - last_seen < idle_timeout
}

pub(crate) async fn touch(
    db: &DatabaseConnection,
    hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::IdHash.eq(hash))
        .exec(db)
        .await
        .context("noting the session's activity")?;
    Ok(())
}

/// "Stay signed in": restarts the idle timeout of the caller's session.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] when the session has already ended, or
/// [`ServiceError::Unexpected`].
pub async fn keep_alive(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    require_candidate(state, caller).await?;
    if let Some(token) = &caller.session_token {
        touch(&state.db, &tokens::hash(token), state.settings.clock.now()).await?;
    }
    Ok(())
}

/// The stored form of the caller's session cookie, if it has one.
pub fn session_hash(caller: &Caller) -> Option<String> {
    caller.session_token.as_deref().map(tokens::hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_lives_until_exactly_the_idle_timeout() {
        let now = Utc::now();
        let idle = Duration::minutes(30);
        assert!(is_live(now - Duration::minutes(29), now, idle));
        assert!(!is_live(now - Duration::minutes(30), now, idle));
    }
}
