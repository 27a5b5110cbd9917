//! Staff accounts: an invitation by email (from the operator's command
//! line, or a centre's admin), then a password chosen through its link.

use anyhow::Context;
use chrono::Duration;
use leptos_i18n::Locale as _;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use secrecy::SecretString;

use super::audit::{self, Actor, AuditAction};
use crate::domain::{
    CentreCode, Email, Field, INVITATION_HOURS, NewPassword, PasswordOwner, StaffRole,
    TokenProblem, ValidationError,
};
use crate::i18n::Locale;
use crate::server::entities::{staff, staff_token};
use crate::server::outbox::Outbox;
use crate::server::{AppState, Caller, ServiceError, ServiceResult, centres, mailer, tokens};

/// An invitation sent: who to. The link itself went only to their inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invited {
    pub staff_id: i64,
    pub email: String,
}

/// Invites `email` to `centre`'s portal as `role`: creates the staff
/// member (or, for one who has not accepted yet, replaces their link) and
/// emails a link that works once, for 72 hours.
///
/// # Errors
/// [`ServiceError::NotFound`] for an unknown centre,
/// [`ServiceError::AlreadyRegistered`] when the address already has a
/// staff account (here or at another centre), or [`ServiceError::Unexpected`].
pub async fn invite(
    state: &AppState,
    centre: &CentreCode,
    email: &Email,
    role: StaffRole,
    language: Locale,
    by: &Actor,
) -> ServiceResult<Invited> {
    let now = state.settings.clock.now();
    let address = email.as_ref().to_lowercase();
    let Some(centre_row) = centres::find(&state.db, centre).await? else {
        return Err(ServiceError::NotFound);
    };
    let existing = staff::Entity::find()
        .filter(staff::Column::Email.eq(address.as_str()))
        .one(&state.db)
        .await
        .context("loading the staff member")?;
    // Reads before the transaction, writes in it: SQLite cannot turn a
    // reading transaction into a writing one once another connection wrote.
    // Two invitations of one address at once meet the unique address.
    let txn = state.db.begin().await.context("starting an invitation")?;
    let member = match existing {
        Some(member) if member.password_hash.is_some() || member.centre_code != centre.as_ref() => {
            return Err(ServiceError::AlreadyRegistered);
        }
        Some(member) => {
            // A new link replaces the old ones.
            staff_token::Entity::delete_many()
                .filter(staff_token::Column::StaffId.eq(member.id))
                .exec(&txn)
                .await
                .context("replacing the invitation")?;
            let mut active: staff::ActiveModel = member.into();
            active.role = Set(role);
            active.language = Set(language.as_str().to_owned());
            active
                .update(&txn)
                .await
                .context("updating the staff member")?
        }
        None => staff::ActiveModel {
            centre_code: Set(centre.to_string()),
            email: Set(address.clone()),
            role: Set(role),
            language: Set(language.as_str().to_owned()),
            password_hash: Set(None),
            totp_secret: Set(None),
            totp_confirmed_at: Set(None),
            totp_last_step: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| match e.sql_err() {
            // Invited twice at once: the address is unique.
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ServiceError::AlreadyRegistered,
            _ => ServiceError::Unexpected(anyhow::Error::new(e).context("adding the staff member")),
        })?,
    };
    let token = tokens::generate();
    staff_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        staff_id: Set(member.id),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(INVITATION_HOURS)),
        used_at: Set(None),
    }
    .insert(&txn)
    .await
    .context("storing the invitation")?;
    let link = state
        .settings
        .token_link(crate::routes::centre::INVITATION, &token);
    let message = mailer::staff_invitation_email(language, &centre_row.name, role, &link);
    Outbox::queue(&txn, &address, message, now).await?;
    audit::record(
        &txn,
        centre.as_ref(),
        by,
        AuditAction::Invited,
        &format!("{address} ({})", role.as_str()),
        now,
    )
    .await?;
    txn.commit().await.context("committing the invitation")?;
    state.outbox.wake();
    tracing::info!(centre = %centre, staff = member.id, "staff member invited");
    Ok(Invited {
        staff_id: member.id,
        email: address,
    })
}

/// An admin of a centre invites a colleague to it, as an officer.
///
/// # Errors
/// [`ServiceError::Invalid`] on the email field (malformed, or already a
/// staff member's), [`ServiceError::NotFound`] for an officer (only admins
/// invite), [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn invite_colleague(
    state: &AppState,
    caller: &Caller,
    email: &str,
    language: &str,
) -> ServiceResult<Invited> {
    let staff = super::sessions::require_staff(state, caller).await?;
    if staff.view().role != StaffRole::Admin {
        return Err(ServiceError::NotFound);
    }
    let email = Email::parse(email).map_err(|e| ServiceError::invalid(Field::Email, e))?;
    let locale = if language == "fr" {
        Locale::fr
    } else {
        Locale::en
    };
    let centre = CentreCode::parse(&staff.centre.code)
        .map_err(|e| anyhow::anyhow!("centre code {}: {e}", staff.centre.code))?;
    match invite(
        state,
        &centre,
        &email,
        StaffRole::Officer,
        locale,
        &staff.actor(caller),
    )
    .await
    {
        Err(ServiceError::AlreadyRegistered) => Err(ServiceError::invalid(
            Field::Email,
            ValidationError::StaffExists,
        )),
        other => other,
    }
}

/// The address an invitation link is for, or why it cannot be used.
///
/// # Errors
/// [`ServiceError::TokenInvalid`] or [`ServiceError::Unexpected`].
pub async fn invitation_for(state: &AppState, token: &str) -> ServiceResult<String> {
    let (_, member) = live_invitation(state, token).await?;
    Ok(member.email)
}

async fn live_invitation(
    state: &AppState,
    token: &str,
) -> ServiceResult<(staff_token::Model, staff::Model)> {
    let found = staff_token::Entity::find_by_id(tokens::hash(token.trim()))
        .one(&state.db)
        .await
        .context("loading the invitation")?;
    let Some(invitation) = found else {
        return Err(ServiceError::TokenInvalid(TokenProblem::Unknown));
    };
    if invitation.used_at.is_some() {
        return Err(ServiceError::TokenInvalid(TokenProblem::Used));
    }
    if invitation.expires_at <= state.settings.clock.now() {
        return Err(ServiceError::TokenInvalid(TokenProblem::Expired));
    }
    let member = staff::Entity::find_by_id(invitation.staff_id)
        .one(&state.db)
        .await
        .context("loading the staff member")?;
    let member = member.ok_or(ServiceError::TokenInvalid(TokenProblem::Unknown))?;
    Ok((invitation, member))
}

/// Sets the invited staff member's password through their link (once).
/// They then sign in, and add a second factor.
///
/// # Errors
/// [`ServiceError::TokenInvalid`], [`ServiceError::Invalid`] for the
/// password rules, [`ServiceError::Busy`] or [`ServiceError::Unexpected`].
pub async fn accept(
    state: &AppState,
    caller: &Caller,
    token: &str,
    password: &str,
    confirmation: &str,
) -> ServiceResult<()> {
    let (invitation, member) = live_invitation(state, token).await?;
    let owner = PasswordOwner {
        id_number: "",
        email: &member.email,
        given_name: "",
        family_name: "",
    };
    let password =
        NewPassword::accept(password, confirmation, &owner).map_err(ServiceError::Invalid)?;
    let hash = state
        .hasher
        .hash(SecretString::from(password.expose().to_owned()))
        .await?;
    let now = state.settings.clock.now();
    let txn = state
        .db
        .begin()
        .await
        .context("starting to accept an invitation")?;
    // Only the request that marks the link used goes on: two at once, one wins.
    let marked = staff_token::Entity::update_many()
        .col_expr(staff_token::Column::UsedAt, Expr::value(now))
        .filter(staff_token::Column::TokenHash.eq(invitation.token_hash.as_str()))
        .filter(staff_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await
        .context("using the invitation")?;
    if marked.rows_affected != 1 {
        return Err(ServiceError::TokenInvalid(TokenProblem::Used));
    }
    staff::Entity::update_many()
        .col_expr(staff::Column::PasswordHash, Expr::value(hash))
        .filter(staff::Column::Id.eq(member.id))
        .exec(&txn)
        .await
        .context("setting the staff member's password")?;
    let actor = Actor {
        email: member.email.clone(),
        address: caller.ip.clone(),
    };
    audit::record(
        &txn,
        &member.centre_code,
        &actor,
        AuditAction::InvitationAccepted,
        "",
        now,
    )
    .await?;
    txn.commit()
        .await
        .context("committing the accepted invitation")?;
    tracing::info!(staff = member.id, "staff invitation accepted");
    Ok(())
}
