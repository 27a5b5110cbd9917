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
use super::request::{client_ip, cookie, hashing, internal, request_extension, set_cookie};
use super::throttle::{self, Guess};
use super::{AppState, Settings, tokens};
use crate::api::AppError;
use crate::domain::{Field, FieldErrors, IdNumber, ValidationError};

/// The cookie's name over plain http (a developer's machine).
pub const COOKIE_NAME: &str = "ro_session";
/// Over https: browsers accept a `__Host-` cookie only from a secure origin,
/// for the whole host and never for a parent domain, so no other site
/// under the same domain can set or shadow it.
pub const SECURE_COOKIE_NAME: &str = "__Host-ro_session";

/// How stale `last_seen_at` may get before a request refreshes it: one
/// write a minute per active candidate, not one per request.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// Put on a request by the server's session guard once the session is
/// checked: the ID Number it belongs to.
#[derive(Debug, Clone)]
pub struct SignedIn(pub String);

/// Longer inputs are refused before hashing: nobody types 1 KB passwords and
/// hashing them would cost us, not an attacker.
pub(crate) const MAX_PASSWORD_BYTES: usize = 1024;

/// The session cookie's name for these settings.
pub fn cookie_name(settings: &Settings) -> &'static str {
    if settings.secure_cookies() { SECURE_COOKIE_NAME } else { COOKIE_NAME }
}

/// Checks the credentials and starts a new session with a new id.
///
/// # Errors
/// [`AppError::Invalid`] for a malformed ID Number or empty password,
/// [`AppError::CredentialsRejected`] for an unknown ID or wrong password
/// (same answer, similar time), [`AppError::EmailNotConfirmed`], or
/// [`AppError::Internal`].
#[tracing::instrument(skip(state, password))]
pub async fn log_in(state: &AppState, id_number: &str, password: String) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    let id = errors.check(Field::IdNumber, IdNumber::parse(id_number));
    if password.is_empty() {
        errors.push(Field::Password, ValidationError::Required);
    }
    let Some(id) = id.filter(|_| errors.is_empty()) else { return Err(AppError::Invalid(errors)) };
    let account = verified_account(state, id.as_ref(), password).await?;
    if account.email_confirmed_at.is_none() {
        return Err(AppError::EmailNotConfirmed);
    }
    // Never reuse a session id from before login (session fixation).
    end_current_session(state).await?;
    start_session(state, &account.id_number).await
}

/// The account of `id_number` if `password` is its password, with the
/// guessing limits applied: the check shared by login and by the account
/// page's changes.
///
/// # Errors
/// [`AppError::CredentialsRejected`], [`AppError::TooManyAttempts`] or [`AppError::Internal`].
pub async fn verified_account(state: &AppState, id_number: &str, password: String) -> Result<account::Model, AppError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::CredentialsRejected);
    }
    // First a place in the password queue: in a surge, the refusal comes
    // before any database work, so it is immediate and costs nothing.
    let admitted = state.hasher.admit().map_err(|busy| hashing(busy.into()))?;
    // Limits checked before the password, so a waiting guess costs no hashing.
    let ip = client_ip(state.settings.trusted_proxy_header.as_deref());
    // Counted as a failure until it proves right, so simultaneous guesses
    // are limited like successive ones.
    let attempt = throttle::attempt(state, Guess::Password, id_number, ip.as_deref()).await?;
    let account = account::Entity::find_by_id(id_number).one(&state.db).await.context("loading the account").map_err(internal)?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let verified = admitted.verify(SecretString::from(password), hash).await.map_err(hashing)?;
    match account {
        Some(account) if verified => {
            attempt.succeeded(state).await.map_err(internal)?;
            Ok(account)
        }
        _ => {
            tracing::info!("password refused");
            attempt.failed(state).await.map_err(internal)?;
            Err(AppError::CredentialsRejected)
        }
    }
}

async fn start_session(state: &AppState, id_number: &str) -> Result<(), AppError> {
    let token = tokens::generate();
    let now = state.settings.clock.now();
    session::ActiveModel {
        id_hash: Set(tokens::hash(&token)),
        id_number: Set(id_number.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + state.settings.session_lifetime),
        last_seen_at: Set(Some(now)),
    }
    .insert(&state.db)
    .await
    .context("storing the session")
    .map_err(internal)?;
    set_cookie(&session_cookie(state, &token, state.settings.session_lifetime.num_seconds()));
    tracing::info!("logged in");
    Ok(())
}

/// Ends the current session, if any, and clears the cookie.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn log_out(state: &AppState) -> Result<(), AppError> {
    end_current_session(state).await?;
    set_cookie(&session_cookie(state, "", 0));
    Ok(())
}

async fn end_current_session(state: &AppState) -> Result<(), AppError> {
    if let Some(hash) = current_session_hash(state) {
        session::Entity::delete_by_id(hash).exec(&state.db).await.context("deleting the session").map_err(internal)?;
    }
    Ok(())
}

/// The stored form of the current request's session cookie, if it has one.
pub fn current_session_hash(state: &AppState) -> Option<String> {
    cookie(cookie_name(&state.settings)).map(|token| tokens::hash(&token))
}

/// The ID Number of the signed-in candidate, if the session is valid.
///
/// # Errors
/// [`AppError::Internal`] when the database fails.
pub async fn current_candidate(state: &AppState) -> Result<Option<String>, AppError> {
    // A signed-in page was already checked by the session guard: no second lookup.
    if let Some(SignedIn(id_number)) = request_extension::<SignedIn>() {
        return Ok(Some(id_number));
    }
    let Some(token) = cookie(cookie_name(&state.settings)) else { return Ok(None) };
    candidate_for(&state.db, &state.settings, &token).await.map_err(internal)
}

/// The signed-in candidate, or [`AppError::NotSignedIn`].
///
/// # Errors
/// [`AppError::NotSignedIn`] or [`AppError::Internal`].
pub async fn require_candidate(state: &AppState) -> Result<String, AppError> {
    current_candidate(state).await?.ok_or(AppError::NotSignedIn)
}

/// The ID Number whose live session the cookie value `token` opens, noting
/// the request as activity for the idle timeout.
///
/// # Errors
/// When the database fails.
pub async fn candidate_for(db: &DatabaseConnection, settings: &Settings, token: &str) -> anyhow::Result<Option<String>> {
    let now = settings.clock.now();
    let hash = tokens::hash(token);
    let found = session::Entity::find_by_id(hash.as_str()).filter(session::Column::ExpiresAt.gt(now)).one(db).await.context("loading the session")?;
    let Some(found) = found else { return Ok(None) };
    let last_seen = found.last_seen_at.unwrap_or(found.created_at);
    if !is_live(last_seen, now, settings.session_idle_timeout) {
        session::Entity::delete_by_id(hash).exec(db).await.context("ending an idle session")?;
        tracing::info!(id_number = %found.id_number, "session ended after the idle timeout");
        return Ok(None);
    }
    if (now - last_seen).num_seconds() >= TOUCH_EVERY_SECONDS {
        touch(db, &hash, now).await?;
    }
    Ok(Some(found.id_number))
}

fn is_live(last_seen: DateTime<Utc>, now: DateTime<Utc>, idle_timeout: Duration) -> bool {
    now - last_seen < idle_timeout
}

async fn touch(db: &DatabaseConnection, hash: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::IdHash.eq(hash))
        .exec(db)
        .await
        .context("noting the session's activity")?;
    Ok(())
}

/// "Stay signed in": restarts the idle timeout of the current session.
///
/// # Errors
/// [`AppError::NotSignedIn`] when the session has already ended, or [`AppError::Internal`].
pub async fn keep_alive(state: &AppState) -> Result<(), AppError> {
    require_candidate(state).await?;
    if let Some(hash) = current_session_hash(state) {
        touch(&state.db, &hash, state.settings.clock.now()).await.map_err(internal)?;
    }
    Ok(())
}

fn session_cookie(state: &AppState, value: &str, max_age: i64) -> String {
    let name = cookie_name(&state.settings);
    let secure = if state.settings.secure_cookies() { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Clears the session cookie (after every session has been ended).
pub fn clear_cookie(state: &AppState) {
    set_cookie(&session_cookie(state, "", 0));
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

    #[test]
    fn the_cookie_gets_the_host_prefix_only_over_https() {
        assert_eq!(cookie_name(&Settings::new("https://results.example.org")), "__Host-ro_session");
        assert_eq!(cookie_name(&Settings::new("http://127.0.0.1:3000")), "ro_session");
    }
}
