//! Staff sessions: a password, then a second factor, before any portal
//! page. A staff session ends after 15 idle minutes (a candidate's after
//! 30) and after 8 hours whatever happens; its cookie is apart from a
//! candidate's.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use secrecy::SecretString;

use super::audit::{self, Actor, AuditAction};
use crate::domain::{CentreCode, Email, Field, StaffView, ValidationError};
use crate::server::entities::{centre, staff, staff_session};
use crate::server::session_store::{Activity, NewSession};
use crate::server::sessions::MAX_PASSWORD_BYTES;
use crate::server::throttle::{self, Guess};
use crate::server::{AppState, Caller, ServiceError, ServiceResult, tokens};

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
            role: self.staff.role,
            centre_code: self.centre.code.clone(),
            centre_name: self.centre.name.clone(),
            time_zone: self.centre.time_zone.clone(),
        }
    }

    /// The staff member's centre, as its code was checked when stored.
    ///
    /// # Errors
    /// [`ServiceError::Unexpected`] for a code no longer valid.
    pub fn centre_code(&self) -> ServiceResult<CentreCode> {
        let code = &self.centre.code;
        CentreCode::parse(code)
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("centre code {code}: {e}")))
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
    let email = Email::parse(email).map_err(|e| ServiceError::invalid(Field::Email, e))?;
    if password.is_empty() {
        return Err(ServiceError::invalid(
            Field::Password,
            ValidationError::Required,
        ));
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
    end_previous(state, caller).await?;
    start(state, member.id, None).await
}

/// Starts a session for staff member `staff_id`; `second_factor_at` says
/// whether (and when) the second factor was given.
pub(super) async fn start(
    state: &AppState,
    staff_id: i64,
    second_factor_at: Option<DateTime<Utc>>,
) -> ServiceResult<NewSession> {
    let now = state.settings.clock.now();
    let row = |id_hash, expires_at| staff_session::ActiveModel {
        id_hash: Set(id_hash),
        staff_id: Set(staff_id),
        created_at: Set(now),
        expires_at: Set(expires_at),
        last_seen_at: Set(now),
        second_factor_at: Set(second_factor_at),
    };
    Ok(state
        .settings
        .staff_sessions()
        .start(&state.db, now, row)
        .await?)
}

/// Signs the caller out: ends their staff session and logs it, in one
/// transaction. Without a live session there is nothing to do.
///
/// # Errors
/// When the database fails (the session then still works).
pub async fn sign_out(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    let Some(session) = current(state, caller).await? else {
        return Ok(());
    };
    let now = state.settings.clock.now();
    let txn = state.db.begin().await.context("starting a sign-out")?;
    staff_session::Entity::delete_by_id(session.id_hash.as_str())
        .exec(&txn)
        .await
        .context("ending the staff session")?;
    let actor = session.actor(caller);
    audit::record(
        &txn,
        &session.centre.code,
        &actor,
        AuditAction::SignedOut,
        "",
        now,
    )
    .await?;
    txn.commit().await.context("committing the sign-out")?;
    Ok(())
}

/// Ends the session the browser held before signing in again (a new
/// sign-in is logged; the session it replaces needs no entry of its own).
async fn end_previous(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    if let Some(token) = &caller.staff_token {
        state
            .settings
            .staff_sessions()
            .end(&state.db, token)
            .await?;
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
    let store = state.settings.staff_sessions();
    let Some(session) = store.find(&state.db, token, now, Activity::Counts).await? else {
        return Ok(None);
    };
    // A staff row that does not load (a role neither officer nor admin)
    // is an error: it opens nothing.
    let member = staff::Entity::find_by_id(session.staff_id)
        .one(&state.db)
        .await
        .context("loading the staff member")?
        .with_context(|| {
            format!(
                "staff session of a missing staff member {}",
                session.staff_id
            )
        })?;
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
        id_hash: session.id_hash,
        second_factor_done: session.second_factor_at.is_some(),
    }))
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

/// The signed-in staff member and their centre, as the portal shows them.
///
/// # Errors
/// As [`require_staff`].
pub async fn signed_in(state: &AppState, caller: &Caller) -> ServiceResult<StaffView> {
    Ok(require_staff(state, caller).await?.view())
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
