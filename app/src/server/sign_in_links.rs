//! Getting in when someone else's wrong guesses make an ID Number wait.
//!
//! After five wrong passwords in a row, every login of that ID Number waits
//! 1, 2, 4 … minutes, the right one too; ID Numbers are sequential, so
//! anyone could keep a known candidate out on results day. The real
//! candidate has what such an attacker lacks, their inbox: an emailed link,
//! single use and valid 15 minutes, signs them in past the wait. (A right
//! password with the Secret Number would not do: an attacker can exhaust
//! the Secret Number's own guess limits just as easily.) Asking for a link
//! counts against the client address like every request that sends email,
//! and answers the same whether or not the ID Number has an account.

use anyhow::Context;
use sea_orm::TransactionTrait;

use super::accounts::{account_language, given_name};
use super::entities::account;
use super::error::{ServiceError, ServiceResult};
use super::links::{self, Purpose};
use super::sessions::{NewSession, end_session, start_session};
use super::{AppState, Caller, exams, mailer, outbox, throttle};
use crate::domain::{IdNumber, TokenProblem};

/// Emails a sign-in link if `id_number` has a confirmed account; otherwise
/// does nothing. The answer is the same either way, and as fast: the work
/// happens after it.
///
/// # Errors
/// [`ServiceError::TooManyAttempts`] when this client address asked for too
/// many emails, or [`ServiceError::Unexpected`].
#[tracing::instrument(skip_all, fields(id_number = %id_number))]
pub async fn request_sign_in_link(
    state: &AppState,
    caller: &Caller,
    id_number: &IdNumber,
) -> ServiceResult<()> {
    throttle::count_email_request(state, caller.ip.as_deref(), id_number.as_ref()).await?;
    let account = exams::account_of(&state.db, id_number.as_ref()).await?;
    let Some(account) = account.filter(|a| a.email_confirmed_at.is_some()) else {
        return Ok(());
    };
    let (state, id_number) = (state.clone(), id_number.to_string());
    super::spawn_logged("sending a sign-in link", async move {
        send_sign_in_link(&state, &account, &id_number).await
    });
    Ok(())
}

/// The link for `account`, asked for with its exam `id_number` (the email
/// names the ID Number the request typed).
async fn send_sign_in_link(
    state: &AppState,
    account: &account::Model,
    id_number: &str,
) -> anyhow::Result<()> {
    let now = state.settings.clock.now();
    let lifetime = state.settings.sign_in_token_lifetime;
    let Some(token) =
        links::issue_unless_recent(&state.db, account.id, Purpose::SignIn, now, lifetime).await?
    else {
        tracing::info!("sign-in link skipped: the last one is too recent");
        return Ok(());
    };
    let link = state
        .settings
        .token_link(crate::routes::SIGN_IN_LINK, &token);
    let name = given_name(&state.db, account.id).await?;
    let message = mailer::sign_in_email(account_language(account), &name, id_number, &link);
    outbox::send(state, &account.email, message).await
}

/// Follows a sign-in link: a new session for its account (the caller's
/// current one ends), and the account's count of wrong passwords starts
/// again, so the candidate's own password works at once too.
///
/// # Errors
/// [`ServiceError::TokenInvalid`] for an unknown, expired, used or
/// superseded link, or [`ServiceError::Unexpected`].
#[tracing::instrument(skip_all)]
pub async fn sign_in_with_link(
    state: &AppState,
    caller: &Caller,
    token: &str,
) -> ServiceResult<NewSession> {
    let now = state.settings.clock.now();
    let link = links::find_usable(&state.db, token, &[Purpose::SignIn], now)
        .await?
        .map_err(ServiceError::TokenInvalid)?;
    let txn = state
        .db
        .begin()
        .await
        .context("starting a sign-in by link")?;
    if !links::claim(&txn, &link, now).await? {
        return Err(ServiceError::TokenInvalid(TokenProblem::Used));
    }
    txn.commit().await.context("committing a sign-in by link")?;
    let id_numbers = exams::id_numbers(&state.db, link.account_id).await?;
    throttle::clear_password_failures(state, &id_numbers).await?;
    end_session(state, caller).await?;
    tracing::info!(account = %link.account_id, "signed in with an emailed link");
    start_session(state, caller, link.account_id).await
}
