//! Staff sessions: a password, then a second factor, before any portal
//! page. A staff session ends after 15 idle minutes (a candidate's after
//! 30) and after 8 hours whatever happens; its cookie is apart from a
//! candidate's.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use secrecy::SecretString;

use super::audit::Actor;
use super::invitations::invalid;
use crate::domain::{Email, Field, StaffRole, StaffView, ValidationError};
use crate::server::entities::{centre, staff, staff_session};
use crate::server::sessions::{MAX_PASSWORD_BYTES, NewSession};
use crate::server::throttle::{self, Guess};
use crate::server::{AppState, Caller, ServiceError, ServiceResult, tokens};

pub const STAFF_IDLE_MINUTES: i64 = 15;
pub const STAFF_SESSION_HOURS: i64 = 8;
/// A few times a minute at most, not once per request.
const TOUCH_EVERY_SECONDS: i64 = 30;

/// The staff member a live session belongs to, and how far they got.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub staff: staff::Model,
    pub centre: centre::Model,
    pub id_hash: String,
    /// False until the second factor is given: only its page is open then.
    pub second_factor_done: bool,
}

impl StaffSession {
    pub fn view(&self) -> StaffView {
        StaffView {
            email: self.staff.email.clone(),
            role: StaffRole::parse(&self.staff.role).unwrap_or(StaffRole::Officer),
            centre_code: self.centre.code.clone(),
            centre_name: self.centre.name.clone(),
            time_zone: self.centre.time_zone.clone(),
        }
    }

    /// The staff member as the audit log names them.
    pub fn actor(&self, caller: &Caller) -> Actor {
        Actor {
            email: self.staff.email.clone(),
            address: caller.ip.clone(),
        }
    }
}

/// The key a staff member's guesses are counted under (the failed-attempts
/// table keeps short subjects; an address may be 254 characters).
pub(super) fn guess_key(email: &str) -> String {
    format!("staff-{}", &tokens::hash(email)[..40])
}

/// Checks the email and password and starts a session that still needs
/// the second factor. Any staff session the browser held ends.
///
/// # Errors
/// [`ServiceError::Invalid`] for a malformed address or empty password,
/// [`ServiceError::CredentialsRejected`] for an unknown address, a wrong
/// password or an invitation not yet accepted (one answer),
/// [`ServiceError::TooManyAttempts`], [`ServiceError::Busy`] or
/// [`ServiceError::Unexpected`].
pub async fn sign_in(
    state: &AppState,
    caller: &Caller,
    email: &str,
    password: String,
) -> ServiceResult<NewSession> {
    let email = Email::parse(email).map_err(|e| invalid(Field::Email, e))?;
    if password.is_empty() {
        return Err(invalid(Field::Password, ValidationError::Required));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ServiceError::CredentialsRejected);
    }
    let address = email.as_ref().to_lowercase();
    let admitted = state.hasher.admit()?;
    let attempt = throttle::attempt(
        state,
        Guess::StaffPassword,
        &guess_key(&address),
        caller.ip.as_deref(),
    )
    .await?;
    let member = staff::Entity::find()
        .filter(staff::Column::Email.eq(address.as_str()))
        .one(&state.db)
        .await
        .context("loading the staff member")?;
    let hash = member.as_ref().and_then(|m| m.password_hash.clone());
    let verified = admitted.verify(SecretString::from(password), hash).await?;
    let Some(member) = member.filter(|_| verified) else {
        tracing::info!("staff password refused");
        attempt.failed(state).await?;
        return Err(ServiceError::CredentialsRejected);
    };
    attempt.succeeded(state).await?;
    sign_out(state, caller).await?;
    start(state, member.id, None).await
}

/// Starts a session for staff member `staff_id`; `second_factor_at` says
/// whether (and when) the second factor was given.
pub(super) async fn start(
    state: &AppState,
    staff_id: i64,
    second_factor_at: Option<DateTime<Utc>>,
) -> ServiceResult<NewSession> {
    let token = tokens::generate();
    let now = state.settings.clock.now();
    let lifetime = Duration::hours(STAFF_SESSION_HOURS);
    staff_session::ActiveModel {
        id_hash: Set(tokens::hash(&token)),
        staff_id: Set(staff_id),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        last_seen_at: Set(now),
        second_factor_at: Set(second_factor_at),
    }
    .insert(&state.db)
    .await
    .context("storing the staff session")?;
    Ok(NewSession { token, lifetime })
}

/// Ends the caller's staff session, if any.
///
/// # Errors
/// When the database fails.
pub async fn sign_out(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    if let Some(token) = &caller.staff_token {
        staff_session::Entity::delete_by_id(tokens::hash(token))
            .exec(&state.db)
            .await
            .context("ending the staff session")?;
    }
    Ok(())
}

/// The caller's live staff session, whether or not the second factor was
/// given, noting the request as activity.
///
/// # Errors
/// When the database fails.
pub async fn current(state: &AppState, caller: &Caller) -> ServiceResult<Option<StaffSession>> {
    let Some(token) = &caller.staff_token else {
        return Ok(None);
    };
    let now = state.settings.clock.now();
    let hash = tokens::hash(token);
    let found = staff_session::Entity::find_by_id(hash.as_str())
        .filter(staff_session::Column::ExpiresAt.gt(now))
        .find_also_related(staff::Entity)
        .one(&state.db)
        .await
        .context("loading the staff session")?;
    let Some((session, Some(member))) = found else {
        return Ok(None);
    };
    if now - session.last_seen_at >= Duration::minutes(STAFF_IDLE_MINUTES) {
        staff_session::Entity::delete_by_id(hash)
            .exec(&state.db)
            .await
            .context("ending an idle staff session")?;
        tracing::info!(
            staff = member.id,
            "staff session ended after the idle timeout"
        );
        return Ok(None);
    }
    if (now - session.last_seen_at).num_seconds() >= TOUCH_EVERY_SECONDS {
        touch(&state.db, &hash, now).await?;
    }
    let centre = centre::Entity::find_by_id(member.centre_code.as_str())
        .one(&state.db)
        .await
        .context("loading the staff member's centre")?;
    let centre = centre.with_context(|| {
        format!(
            "staff member {} has no centre {}",
            member.id, member.centre_code
        )
    })?;
    Ok(Some(StaffSession {
        staff: member,
        centre,
        id_hash: hash,
        second_factor_done: session.second_factor_at.is_some(),
    }))
}

async fn touch(db: &impl ConnectionTrait, hash: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    staff_session::Entity::update_many()
        .col_expr(staff_session::Column::LastSeenAt, Expr::value(now))
        .filter(staff_session::Column::IdHash.eq(hash))
        .exec(db)
        .await
        .context("noting the staff session's activity")?;
    Ok(())
}

/// The signed-in staff member, past both factors: what every portal
/// service starts from.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] without a session or before the second
/// factor, or [`ServiceError::Unexpected`].
pub async fn require_staff(state: &AppState, caller: &Caller) -> ServiceResult<StaffSession> {
    current(state, caller)
        .await?
        .filter(|s| s.second_factor_done)
        .ok_or(ServiceError::NotSignedIn)
}

/// The staff member between their password and their second factor.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub(super) async fn require_password_step(
    state: &AppState,
    caller: &Caller,
) -> ServiceResult<StaffSession> {
    current(state, caller)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}
