//! Confirming a candidate's email address: the link sent at registration,
//! sent again on request, and followed.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use super::accounts::{account_language, confirmation_link, given_name};
use super::entities::account;
use super::error::{ServiceError, ServiceResult};
use super::links::{self, Purpose};
use super::outbox;
use super::throttle;
use super::{AppState, Caller, exams, mailer};
use crate::domain::{Confirmed, IdNumber, TokenProblem};

/// Sends a new link if the ID Number has an unconfirmed account; otherwise
/// does nothing. The answer is the same either way.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`] when this client address asked too
/// often, or [`ServiceError::Unexpected`].
#[tracing::instrument(skip_all, fields(id_number = %id_number))]
pub async fn resend_confirmation(
    state: &AppState,
    caller: &Caller,
    id_number: &IdNumber,
) -> ServiceResult<()> {
    throttle::count_email_request(state, caller.ip.as_deref(), id_number.as_ref()).await?;
    let account = exams::account_of(&state.db, id_number.as_ref()).await?;
    let Some(account) = account.filter(|a| a.email_confirmed_at.is_none()) else {
        return Ok(());
    };
    // The rest happens after the answer, so that its timing does not tell
    // whether the ID Number has an unconfirmed account.
    let state = state.clone();
    super::spawn_logged("resending the confirmation", async move {
        send_new_confirmation(&state, &account).await
    });
    Ok(())
}

async fn send_new_confirmation(state: &AppState, account: &account::Model) -> anyhow::Result<()> {
    let now = state.settings.clock.now();
    let lifetime = state.settings.confirmation_token_lifetime;
    let issued =
        links::issue_unless_recent(&state.db, account.id, Purpose::ConfirmEmail, now, lifetime)
            .await?;
    let Some(token) = issued else {
        tracing::info!("confirmation resend skipped: the last one is too recent");
        return Ok(());
    };
    let given_name = given_name(&state.db, account.id).await?;
    let message = mailer::confirmation_email(
        account_language(account),
        &given_name,
        &confirmation_link(state, &token),
    );
    outbox::send(state, &account.email, message).await
}

/// Follows a link from a confirmation email: confirms a new account's
/// address, or makes a changed address the account's own. Each link works once.
///
/// # Errors
/// [`ServiceError::TokenInvalid`] for an unknown, expired, used or
/// superseded link, or [`ServiceError::Unexpected`].
pub async fn confirm_email(state: &AppState, token: &str) -> ServiceResult<Confirmed> {
    let now = state.settings.clock.now();
    let purposes = [Purpose::ConfirmEmail, Purpose::ChangeEmail];
    let link = links::find_usable(&state.db, token, &purposes, now)
        .await?
        .map_err(ServiceError::TokenInvalid)?;
    let txn = state
        .db
        .begin()
        .await
        .context("starting the confirmation")?;
    if !links::claim(&txn, &link, now).await? {
        return Err(ServiceError::TokenInvalid(TokenProblem::Used));
    }
    let mut update = account::Entity::update_many()
        .col_expr(account::Column::EmailConfirmedAt, Expr::value(now))
        .filter(account::Column::Id.eq(link.account_id));
    let confirmed = match &link.new_email {
        Some(new_email) => {
            update = update.col_expr(account::Column::Email, Expr::value(new_email.as_str()));
            Confirmed::NewEmail
        }
        None => {
            update = update.filter(account::Column::EmailConfirmedAt.is_null());
            Confirmed::Account
        }
    };
    update.exec(&txn).await.context("confirming the address")?;
    txn.commit().await.context("committing the confirmation")?;
    tracing::info!(account = %link.account_id, ?confirmed, "email confirmed");
    Ok(confirmed)
}
