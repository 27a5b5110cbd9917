//! "Forgotten your password?": a single-use link, valid for an hour, to
//! choose a new password. Asking answers the same whether or not the ID
//! Number has an account, and just as fast: the work happens after the answer.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use secrecy::SecretString;

use super::accounts::{EMAIL_INTERVAL, account_language, end_sessions_and_email_changes, given_name};
use super::entities::account;
use super::links::{self, Purpose};
use super::outbox::{self, Outbox};
use super::request::{hashing, internal};
use super::{AppState, mailer, throttle};
use crate::api::{AppError, TokenProblem};
use crate::domain::{Email, Field, FieldErrors, IdNumber, NewPassword};

/// Emails a reset link if `id_number` has an account; otherwise does
/// nothing. The caller answers the same either way.
///
/// # Errors
/// [`AppError::TooManyAttempts`] when this client address asked too often,
/// or [`AppError::Internal`].
#[tracing::instrument(skip_all, fields(id_number = %id_number))]
pub async fn request_reset(state: &AppState, id_number: &IdNumber) -> Result<(), AppError> {
    throttle::count_email_request(state, id_number.as_ref()).await?;
    let account = account::Entity::find_by_id(id_number.as_ref()).one(&state.db).await.context("loading the account").map_err(internal)?;
    let Some(account) = account else { return Ok(()) };
    let state = state.clone();
    super::spawn_logged("sending a reset link", async move { send_reset_link(&state, &account).await });
    Ok(())
}

async fn send_reset_link(state: &AppState, account: &account::Model) -> anyhow::Result<()> {
    let now = state.settings.clock.now();
    let lifetime = state.settings.reset_token_lifetime;
    let issued = links::issue_unless_recent(&state.db, &account.id_number, Purpose::ResetPassword, now, lifetime, EMAIL_INTERVAL).await?;
    let Some(token) = issued else {
        tracing::info!("reset link skipped: the last one is too recent");
        return Ok(());
    };
    let link = format!("{}/reset-password?token={token}", state.settings.public_url);
    tracing::info!(%link, "password reset link");
    let name = given_name(&state.db, &account.id_number).await?;
    let message = mailer::password_reset_email(account_language(account), &name, &account.id_number, &link);
    outbox::send(state, &account.email, message).await
}

/// The ID Number a reset link is for, so the page can name it.
///
/// # Errors
/// [`AppError::TokenInvalid`] or [`AppError::Internal`].
pub async fn reset_link_owner(state: &AppState, token: &str) -> Result<String, AppError> {
    let now = state.settings.clock.now();
    let link = links::find_usable(&state.db, token, &[Purpose::ResetPassword], now).await.map_err(internal)?;
    link.map(|l| l.id_number).map_err(AppError::TokenInvalid)
}

/// Sets the new password chosen through a reset link, ends every session
/// of the account and tells the candidate by email. Following the link
/// also proves the address, so an unconfirmed account becomes confirmed.
///
/// # Errors
/// [`AppError::TokenInvalid`], [`AppError::Invalid`] for a password the
/// rules refuse (the link stays usable), or [`AppError::Internal`].
#[tracing::instrument(skip_all)]
pub async fn reset_password(state: &AppState, token: &str, password: &str, confirmation: &str) -> Result<(), AppError> {
    let now = state.settings.clock.now();
    let link = links::find_usable(&state.db, token, &[Purpose::ResetPassword], now).await.map_err(internal)?.map_err(AppError::TokenInvalid)?;
    let account = account::Entity::find_by_id(link.id_number.as_str())
        .one(&state.db)
        .await
        .context("loading the account")
        .map_err(internal)?
        .ok_or(AppError::TokenInvalid(TokenProblem::Unknown))?;
    let name = given_name(&state.db, &account.id_number).await.map_err(internal)?;
    let password = checked_new_password(&account, &name, password, confirmation)?;
    let hash = state.hasher.hash(SecretString::from(password.expose())).await.map_err(hashing)?;
    let txn = state.db.begin().await.context("starting the reset").map_err(internal)?;
    if !links::claim(&txn, &link, now).await.map_err(internal)? {
        return Err(AppError::TokenInvalid(TokenProblem::Used));
    }
    let mut update = account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .filter(account::Column::IdNumber.eq(account.id_number.as_str()));
    if account.email_confirmed_at.is_none() {
        update = update.col_expr(account::Column::EmailConfirmedAt, Expr::value(now));
    }
    update.exec(&txn).await.context("storing the new password").map_err(internal)?;
    let ended = end_sessions_and_email_changes(&txn, &account.id_number, None).await.map_err(internal)?;
    Outbox::queue(&txn, &account.email, password_changed_email(state, &account, &name), now).await.map_err(internal)?;
    txn.commit().await.context("committing the reset").map_err(internal)?;
    state.outbox.wake();
    throttle::clear_password_failures(state, &account.id_number).await.map_err(internal)?;
    tracing::info!(id_number = %account.id_number, sessions_ended = ended, "password reset");
    Ok(())
}

/// The new password if it meets every rule for this account (shared rules,
/// then the common-password lists), with errors on the password fields.
///
/// # Errors
/// [`AppError::Invalid`].
pub(crate) fn checked_new_password(account: &account::Model, given_name: &str, password: &str, confirmation: &str) -> Result<NewPassword, AppError> {
    let id = IdNumber::parse(&account.id_number).ok();
    let email = Email::parse(&account.email).ok();
    let mut errors = FieldErrors::default();
    let parsed = errors.check(Field::Password, NewPassword::parse(password, id.as_ref(), email.as_ref()));
    let parsed = parsed.and_then(|p| errors.check(Field::Password, p.check_not_common(&[&account.id_number, &account.email, given_name]).map(|()| p)));
    errors.check(Field::ConfirmPassword, NewPassword::check_confirmation(password, confirmation));
    match parsed {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Tells the account's address that its password changed, with the way
/// back in if it was not the candidate.
pub(crate) fn password_changed_email(state: &AppState, account: &account::Model, given_name: &str) -> mailer::Email {
    let forgot = format!("{}/forgot-password", state.settings.public_url);
    mailer::password_changed_email(account_language(account), given_name, &account.id_number, &forgot)
}
