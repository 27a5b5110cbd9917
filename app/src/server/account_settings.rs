//! What a signed-in candidate can change on the account page. Every change
//! that could lock the owner out needs the current password, and each one
//! is announced by email.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use secrecy::SecretString;

use super::accounts::{
    account_language, confirmation_link, end_sessions_and_email_changes, password_owner,
};
use super::entities::account::{self};
use super::error::{ServiceError, ServiceResult};
use super::links::{self, Pace, Purpose};
use super::outbox::Outbox;
use super::recovery::password_changed_email;
use super::sessions::{confirm_identity, require_candidate, session_hash, signed_in_account};
use super::{AppState, Caller, exams, mailer, throttle};
use crate::domain::{AccountView, Email, Field, FieldErrors, NewPassword, ValidationError};

/// The account as its page shows it.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn overview(state: &AppState, caller: &Caller) -> ServiceResult<AccountView> {
    let id = require_candidate(state, caller).await?;
    let account = signed_in_account(&state.db, id).await?;
    let id_number = exams::first_of(&state.db, id).await?;
    let now = state.settings.clock.now();
    let pending = links::pending(&state.db, id, Purpose::ChangeEmail, now).await?;
    let passkeys = super::passkeys::passkeys_of(&state.db, id).await?;
    let passkey_needs_password = super::passkeys::needs_password(state, caller).await?;
    Ok(AccountView {
        id_number,
        exams: exams::listed(&state.db, id).await?,
        email: account.email,
        pending_email: pending.and_then(|t| t.new_email),
        wants_updates: account.wants_updates,
        passkeys,
        passkey_needs_password,
    })
}

/// Changes the password after checking the current one, ends the account's
/// other sessions and tells the candidate by email.
///
/// # Errors
/// [`ServiceError::Invalid`] (field by field), [`ServiceError::TooManyAttempts`],
/// [`ServiceError::Busy`], [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    current: String,
    password: &str,
    confirmation: &str,
) -> ServiceResult<()> {
    let id = require_candidate(state, caller).await?;
    let account = signed_in_account(&state.db, id).await?;
    let entry = exams::first_entry(&state.db, id).await?;
    // Every field's problem at once; the current password is checked (and
    // counted as a guess) only once the new one is acceptable.
    let (password, new_errors) = match NewPassword::accept(
        password,
        confirmation,
        &password_owner(&entry.id_number, &account.email, &entry),
    ) {
        Ok(p) => (Some(p), FieldErrors::default()),
        Err(errors) => (None, errors),
    };
    let account = confirm_identity(state, caller, id, current, new_errors).await?;
    let Some(password) = password else {
        return Err(ServiceError::Invalid(FieldErrors::default()));
    };
    let hash = state
        .hasher
        .hash(SecretString::from(password.expose()))
        .await?;
    let txn = state
        .db
        .begin()
        .await
        .context("starting the password change")?;
    account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(hash))
        .filter(account::Column::Id.eq(id))
        .exec(&txn)
        .await
        .context("storing the new password")?;
    let keep = session_hash(caller);
    let ended = end_sessions_and_email_changes(&txn, id, keep.as_deref()).await?;
    let now = state.settings.clock.now();
    let passkeys = super::passkeys::names_of(&txn, id).await?;
    Outbox::queue(
        &txn,
        &account.email,
        password_changed_email(state, &account, &entry, &passkeys),
        now,
    )
    .await?;
    txn.commit()
        .await
        .context("committing the password change")?;
    state.outbox.wake();
    tracing::info!(account = %id, other_sessions_ended = ended, "password changed");
    Ok(())
}

/// Sends a confirmation link to `new_email`; the address changes only when
/// it is followed. The current address is told at once. At most one change
/// a minute and five a day per account ([`Pace::EMAIL_CHANGES`]), and the
/// client address's email requests count. Returns the new address.
///
/// # Errors
/// [`ServiceError::Invalid`], [`ServiceError::TooManyAttempts`],
/// [`ServiceError::Busy`], [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn change_email(
    state: &AppState,
    caller: &Caller,
    new_email: &str,
    current: String,
) -> ServiceResult<String> {
    let id = require_candidate(state, caller).await?;
    let account = signed_in_account(&state.db, id).await?;
    let mut errors = FieldErrors::default();
    let email = errors.check(Field::Email, Email::parse(new_email));
    if email
        .as_ref()
        .is_some_and(|e| e.as_ref().eq_ignore_ascii_case(&account.email))
    {
        errors.push(Field::Email, ValidationError::EmailUnchanged);
    }
    let account = confirm_identity(state, caller, id, current, errors).await?;
    let Some(email) = email else {
        return Err(ServiceError::Invalid(FieldErrors::default()));
    };
    // Each change mails two addresses, one of them chosen by whoever holds
    // the session: limited per client address and per account.
    let entry = exams::first_entry(&state.db, id).await?;
    throttle::count_email_request(state, caller.ip.as_deref(), &entry.id_number).await?;
    let now = state.settings.clock.now();
    let lifetime = state.settings.email_change_token_lifetime;
    let name = entry.given_name;
    let language = account_language(&account);
    // The link, its email and the notice to the current address: all or none.
    let txn = state
        .db
        .begin()
        .await
        .context("starting the email change")?;
    let token = match links::issue_paced(
        &txn,
        id,
        Purpose::ChangeEmail,
        Some(email.as_ref()),
        now,
        lifetime,
        Pace::EMAIL_CHANGES,
    )
    .await?
    {
        Ok(token) => token,
        Err(until) => {
            tracing::info!(account = %id, %until, "email change refused: asked too often");
            return Err(ServiceError::wait_until(until, now));
        }
    };
    let link = confirmation_link(state, &token);
    Outbox::queue(
        &txn,
        email.as_ref(),
        mailer::email_change_email(language, &name, &link),
        now,
    )
    .await?;
    Outbox::queue(
        &txn,
        &account.email,
        mailer::email_change_notice(language, &name, email.as_ref()),
        now,
    )
    .await?;
    txn.commit().await.context("committing the email change")?;
    state.outbox.wake();
    tracing::info!(account = %id, "email change asked");
    Ok(email.as_ref().to_owned())
}

/// Turns the updates opt-in on or off.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn set_updates(
    state: &AppState,
    caller: &Caller,
    wants_updates: bool,
) -> ServiceResult<()> {
    let id = require_candidate(state, caller).await?;
    account::Entity::update_many()
        .col_expr(account::Column::WantsUpdates, Expr::value(wants_updates))
        .filter(account::Column::Id.eq(id))
        .exec(&state.db)
        .await
        .context("storing the updates choice")?;
    Ok(())
}

/// Ends every session of the account, the caller's included, and tells
/// the account's address, naming the passkeys that still open it (they
/// stay: they are devices the candidate chose).
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn sign_out_everywhere(state: &AppState, caller: &Caller) -> ServiceResult<()> {
    let id = require_candidate(state, caller).await?;
    let account = signed_in_account(&state.db, id).await?;
    let entry = exams::first_entry(&state.db, id).await?;
    let txn = state
        .db
        .begin()
        .await
        .context("starting to sign out everywhere")?;
    let ended = end_sessions_and_email_changes(&txn, id, None).await?;
    let passkeys = super::passkeys::names_of(&txn, id).await?;
    let forgot = state.settings.link(crate::routes::FORGOT);
    let email = mailer::signed_out_everywhere_email(
        account_language(&account),
        &entry.given_name,
        &entry.id_number,
        &forgot,
        &passkeys,
    );
    Outbox::queue(&txn, &account.email, email, state.settings.clock.now()).await?;
    txn.commit().await.context("committing the sign-out")?;
    state.outbox.wake();
    tracing::info!(account = %id, sessions_ended = ended, "signed out of all devices");
    Ok(())
}
