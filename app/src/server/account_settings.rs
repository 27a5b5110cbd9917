//! What a signed-in candidate can change on the account page. Every change
//! that could lock the owner out needs the current password, and each one
//! is announced by email.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use secrecy::SecretString;

use super::accounts::{account_language, confirmation_link, end_sessions_and_email_changes, given_name};
use super::entities::account;
use super::links::{self, Purpose};
use super::outbox::Outbox;
use super::recovery::{checked_new_password, password_changed_email};
use super::request::{hashing, internal};
use super::sessions::{clear_cookie, current_session_hash, require_candidate, verified_account};
use super::{AppState, mailer};
use crate::api::{AccountView, AppError};
use crate::domain::{Email, Field, FieldErrors, ValidationError};

/// The account as its page shows it.
///
/// # Errors
/// [`AppError::NotSignedIn`] or [`AppError::Internal`].
pub async fn overview(state: &AppState) -> Result<AccountView, AppError> {
    let id_number = require_candidate(state).await?;
    let account = load(state, &id_number).await?;
    let now = state.settings.clock.now();
    let pending = links::pending(&state.db, &id_number, Purpose::ChangeEmail, now).await.map_err(internal)?;
    Ok(AccountView { id_number, email: account.email, pending_email: pending.and_then(|t| t.new_email), wants_updates: account.wants_updates })
}

async fn load(state: &AppState, id_number: &str) -> Result<account::Model, AppError> {
    account::Entity::find_by_id(id_number).one(&state.db).await.context("loading the account").map_err(internal)?.ok_or(AppError::NotSignedIn)
}

/// The current password, checked with the same guessing limits as login; a
/// wrong one is reported beside its field.
async fn confirm_identity(state: &AppState, id_number: &str, current: String, mut errors: FieldErrors) -> Result<account::Model, AppError> {
    if current.is_empty() {
        errors.push(Field::CurrentPassword, ValidationError::Required);
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    match verified_account(state, id_number, current).await {
        Err(AppError::CredentialsRejected) => Err(AppError::Invalid(FieldErrors(vec![(Field::CurrentPassword, ValidationError::WrongPassword)]))),
        other => other,
    }
}

/// Changes the password after checking the current one, ends the account's
/// other sessions and tells the candidate by email.
///
/// # Errors
/// [`AppError::Invalid`] (field by field), [`AppError::TooManyAttempts`],
/// [`AppError::NotSignedIn`] or [`AppError::Internal`].
pub async fn change_password(state: &AppState, current: String, password: &str, confirmation: &str) -> Result<(), AppError> {
    let id_number = require_candidate(state).await?;
    let account = load(state, &id_number).await?;
    let name = given_name(&state.db, &id_number).await.map_err(internal)?;
    // Every field's problem at once; the current password is checked (and
    // counted as a guess) only once the new one is acceptable.
    let (password, new_errors) = match checked_new_password(&account, &name, password, confirmation) {
        Ok(p) => (Some(p), FieldErrors::default()),
        Err(AppError::Invalid(errors)) => (None, errors),
        Err(other) => return Err(other),
    };
    let account = confirm_identity(state, &id_number, current, new_errors).await?;
    let Some(password) = password else { return Err(AppError::Invalid(FieldErrors::default())) };
    let hash = state.hasher.hash(SecretString::from(password.expose())).await.map_err(hashing)?;
    let txn = state.db.begin().await.context("starting the password change").map_err(internal)?;
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .filter(account::Column::IdNumber.eq(id_number.as_str()))
        .exec(&txn)
        .await
        .context("storing the new password")
        .map_err(internal)?;
    let keep = current_session_hash(state);
    let ended = end_sessions_and_email_changes(&txn, &id_number, keep.as_deref()).await.map_err(internal)?;
    let now = state.settings.clock.now();
    Outbox::queue(&txn, &account.email, password_changed_email(state, &account, &name), now).await.map_err(internal)?;
    txn.commit().await.context("committing the password change").map_err(internal)?;
    state.outbox.wake();
    tracing::info!(%id_number, other_sessions_ended = ended, "password changed");
    Ok(())
}

/// Sends a confirmation link to `new_email`; the address changes only when
/// it is followed. The current address is told at once.
///
/// # Errors
/// [`AppError::Invalid`], [`AppError::TooManyAttempts`],
/// [`AppError::NotSignedIn`] or [`AppError::Internal`].
pub async fn change_email(state: &AppState, new_email: &str, current: String) -> Result<String, AppError> {
    let id_number = require_candidate(state).await?;
    let account = load(state, &id_number).await?;
    let mut errors = FieldErrors::default();
    let email = errors.check(Field::Email, Email::parse(new_email));
    if email.as_ref().is_some_and(|e| e.as_ref().eq_ignore_ascii_case(&account.email)) {
        errors.push(Field::Email, ValidationError::EmailUnchanged);
    }
    let account = confirm_identity(state, &id_number, current, errors).await?;
    let Some(email) = email else { return Err(AppError::Invalid(FieldErrors::default())) };
    let now = state.settings.clock.now();
    let lifetime = state.settings.email_change_token_lifetime;
    let name = given_name(&state.db, &id_number).await.map_err(internal)?;
    let language = account_language(&account);
    // The link, its email and the notice to the current address: all or none.
    let txn = state.db.begin().await.context("starting the email change").map_err(internal)?;
    let token = links::issue(&txn, &id_number, Purpose::ChangeEmail, Some(email.as_ref()), now, lifetime).await.map_err(internal)?;
    let link = confirmation_link(state, &token);
    Outbox::queue(&txn, email.as_ref(), mailer::email_change_email(language, &name, &link), now).await.map_err(internal)?;
    Outbox::queue(&txn, &account.email, mailer::email_change_notice(language, &name, email.as_ref()), now).await.map_err(internal)?;
    txn.commit().await.context("committing the email change").map_err(internal)?;
    state.outbox.wake();
    tracing::info!(%id_number, "email change asked");
    Ok(email.as_ref().to_owned())
}

/// Turns the updates opt-in on or off.
///
/// # Errors
/// [`AppError::NotSignedIn`] or [`AppError::Internal`].
pub async fn set_updates(state: &AppState, wants_updates: bool) -> Result<(), AppError> {
    let id_number = require_candidate(state).await?;
    account::Entity::update_many()
        .col_expr(account::Column::WantsUpdates, Expr::value(wants_updates))
        .filter(account::Column::IdNumber.eq(id_number.as_str()))
        .exec(&state.db)
        .await
        .context("storing the updates choice")
        .map_err(internal)?;
    Ok(())
}

/// Ends every session of the account, this one included.
///
/// # Errors
/// [`AppError::NotSignedIn`] or [`AppError::Internal`].
pub async fn sign_out_everywhere(state: &AppState) -> Result<(), AppError> {
    let id_number = require_candidate(state).await?;
    let ended = end_sessions_and_email_changes(&state.db, &id_number, None).await.map_err(internal)?;
    clear_cookie(state);
    tracing::info!(%id_number, sessions_ended = ended, "signed out of all devices");
    Ok(())
}
