//! "Forgotten your password?": a single-use link, valid for an hour, to
//! choose a new password. Asking answers the same whether or not the ID
//! Number has an account, and just as fast: the work happens after the answer.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use secrecy::SecretString;

use super::accounts::{
    account_language, end_sessions_and_email_changes, given_name, password_owner,
};
use super::entities::{account, entry};
use super::error::{ServiceError, ServiceResult};
use super::links::{self, Purpose};
use super::outbox::{self, Outbox};
use super::{AppState, Caller, exams, mailer, throttle};
use crate::domain::{IdNumber, NewPassword, TokenProblem};

/// Emails a reset link if `id_number` has an account; otherwise does
/// nothing. The answer is the same either way.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`] when this client address asked too
/// often, or [`ServiceError::Unexpected`].
#[tracing::instrument(skip_all, fields(id_number = %id_number))]
pub async fn request_reset(
    state: &AppState,
    caller: &Caller,
    id_number: &IdNumber,
) -> ServiceResult<()> {
    throttle::count_email_request(state, caller.ip.as_deref(), id_number.as_ref()).await?;
    let Some(account) = exams::account_of(&state.db, id_number.as_ref()).await? else {
        return Ok(());
    };
    let (state, id_number) = (state.clone(), id_number.to_string());
    super::spawn_logged("sending a reset link", async move {
        send_reset_link(&state, &account, &id_number).await
    });
    Ok(())
}

/// The link for `account`, asked for with its exam `id_number` (the email
/// names the ID Number the request typed).
async fn send_reset_link(
    state: &AppState,
    account: &account::Model,
    id_number: &str,
) -> anyhow::Result<()> {
    let now = state.settings.clock.now();
    let lifetime = state.settings.reset_token_lifetime;
    let issued =
        links::issue_unless_recent(&state.db, account.id, Purpose::ResetPassword, now, lifetime)
            .await?;
    let Some(token) = issued else {
        tracing::info!("reset link skipped: the last one is too recent");
        return Ok(());
    };
    let link = state.settings.token_link(crate::routes::RESET, &token);
    let name = given_name(&state.db, account.id).await?;
    let message = mailer::password_reset_email(account_language(account), &name, id_number, &link);
    outbox::send(state, &account.email, message).await
}

/// The ID Number of the account a reset link is for (its first exam's), so
/// the page can name it.
///
/// # Errors
/// [`ServiceError::TokenInvalid`] or [`ServiceError::Unexpected`].
pub async fn reset_link_owner(state: &AppState, token: &str) -> ServiceResult<String> {
    let now = state.settings.clock.now();
    let link = links::find_usable(&state.db, token, &[Purpose::ResetPassword], now)
        .await?
        .map_err(ServiceError::TokenInvalid)?;
    Ok(exams::first_of(&state.db, link.account_id).await?)
}

/// Sets the new password chosen through a reset link, ends every session
/// of the account and tells the candidate by email. Following the link
/// also proves the address, so an unconfirmed account becomes confirmed.
///
/// # Errors
/// [`ServiceError::TokenInvalid`], [`ServiceError::Invalid`] for a password
/// the rules refuse (the link stays usable), [`ServiceError::Busy`] or
/// [`ServiceError::Unexpected`].
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password: &str,
    confirmation: &str,
) -> ServiceResult<()> {
    let now = state.settings.clock.now();
    let link = links::find_usable(&state.db, token, &[Purpose::ResetPassword], now)
        .await?
        .map_err(ServiceError::TokenInvalid)?;
    let account = account::Entity::find_by_id(link.account_id)
        .one(&state.db)
        .await
        .context("loading the account")?
        .ok_or(ServiceError::TokenInvalid(TokenProblem::Unknown))?;
    let entry = exams::first_entry(&state.db, account.id).await?;
    let password = NewPassword::accept(
        password,
        confirmation,
        &password_owner(&entry.id_number, &account.email, &entry),
    )
    .map_err(ServiceError::Invalid)?;
    let hash = state
        .hasher
        .hash(SecretString::from(password.expose()))
        .await?;
    let txn = state.db.begin().await.context("starting the reset")?;
    if !links::claim(&txn, &link, now).await? {
        return Err(ServiceError::TokenInvalid(TokenProblem::Used));
    }
    let mut update = account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .filter(account::Column::Id.eq(account.id));
    if account.email_confirmed_at.is_none() {
        update = update.col_expr(account::Column::EmailConfirmedAt, Expr::value(now));
    }
    update
        .exec(&txn)
        .await
        .context("storing the new password")?;
    let ended = end_sessions_and_email_changes(&txn, account.id, None).await?;
    let passkeys = super::passkeys::names_of(&txn, account.id).await?;
    Outbox::queue(
        &txn,
        &account.email,
        password_changed_email(state, &account, &entry, &passkeys),
        now,
    )
    .await?;
    txn.commit().await.context("committing the reset")?;
    state.outbox.wake();
    let id_numbers = exams::id_numbers(&state.db, account.id).await?;
    throttle::clear_password_failures(state, &id_numbers).await?;
    tracing::info!(account = %account.id, sessions_ended = ended, "password reset");
    Ok(())
}

/// Tells the account's address that its password changed, with the way
/// back in if it was not the candidate.
pub(crate) fn password_changed_email(
    state: &AppState,
    account: &account::Model,
    first_entry: &entry::Model,
    passkeys: &[String],
) -> mailer::Email {
    let forgot = state.settings.link(crate::routes::FORGOT);
    mailer::password_changed_email(
        account_language(account),
        &first_entry.given_name,
        &first_entry.id_number,
        &forgot,
        passkeys,
    )
}
