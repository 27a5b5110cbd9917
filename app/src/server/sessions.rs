//! Login sessions kept in the database, so that any replica can serve any
//! request and logging out on one logs out everywhere.

use anyhow::Context;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use secrecy::SecretString;

use super::entities::{account, session};
use super::request::{client_ip, cookie, internal, request_extension, set_cookie};
use super::throttle::{self, Guess};
use super::{AppState, tokens};
use crate::api::AppError;
use crate::domain::{Field, FieldErrors, IdNumber, ValidationError};

pub const COOKIE_NAME: &str = "ro_session";

/// Put on a request by the server's session guard once the session is
/// checked: the ID Number it belongs to.
#[derive(Debug, Clone)]
pub struct SignedIn(pub String);

/// Longer inputs are refused before hashing: nobody types 1 KB passwords and
/// hashing them would cost us, not an attacker.
const MAX_PASSWORD_BYTES: usize = 1024;

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
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::CredentialsRejected);
    }
    // Checked before the password, so a waiting guess costs no hashing.
    let ip = client_ip(state.settings.trusted_proxy_header.as_deref());
    throttle::check(state, Guess::Password, id.as_ref(), ip.as_deref()).await?;
    let account = account::Entity::find_by_id(id.as_ref()).one(&state.db).await.context("loading the account").map_err(internal)?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let verified = state.hasher.verify(SecretString::from(password), hash).await.map_err(internal)?;
    let account = match account {
        Some(account) if verified => account,
        _ => {
            tracing::info!("login refused");
            throttle::record_failure(state, Guess::Password, id.as_ref(), ip.as_deref()).await.map_err(internal)?;
            return Err(AppError::CredentialsRejected);
        }
    };
    throttle::clear_password_failures(state, id.as_ref()).await.map_err(internal)?;
    if account.email_confirmed_at.is_none() {
        return Err(AppError::EmailNotConfirmed);
    }
    // Never reuse a session id from before login (session fixation).
    end_current_session(state).await?;
    let token = tokens::generate();
    let now = Utc::now();
    session::ActiveModel {
        id_hash: Set(tokens::hash(&token)),
        id_number: Set(account.id_number.clone()),
        created_at: Set(now),
        expires_at: Set(now + state.settings.session_lifetime),
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
    if let Some(token) = cookie(COOKIE_NAME) {
        session::Entity::delete_by_id(tokens::hash(&token)).exec(&state.db).await.context("deleting the session").map_err(internal)?;
    }
    Ok(())
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
    let Some(token) = cookie(COOKIE_NAME) else { return Ok(None) };
    candidate_for(&state.db, &token).await.map_err(internal)
}

/// The ID Number whose unexpired session the cookie value `token` opens.
///
/// # Errors
/// When the database fails.
pub async fn candidate_for(db: &sea_orm::DatabaseConnection, token: &str) -> anyhow::Result<Option<String>> {
    let found = session::Entity::find_by_id(tokens::hash(token))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await
        .context("loading the session")?;
    Ok(found.map(|s| s.id_number))
}

fn session_cookie(state: &AppState, value: &str, max_age: i64) -> String {
    let secure = if state.settings.secure_cookies() { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}
