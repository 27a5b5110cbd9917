//! Registration, email confirmation and resending of confirmation links.

use anyhow::Context;
use leptos_i18n::Locale as _;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Iterable, QueryFilter,
    TransactionTrait,
};
use secrecy::SecretString;

use super::entities::account::{self, AccountId};
use super::entities::{entry, session};
use super::error::{ServiceError, ServiceResult};
use super::links::{self, Purpose};
use super::opening::{NewDetails, open_account, replace_unconfirmed};
use super::outbox::Outbox;
use super::{AppState, Caller, exams, mailer};
use crate::domain::{Field, PasswordOwner, Registered, Registration};
use crate::i18n::Locale;

/// Creates the unconfirmed account (or replaces one that never confirmed its
/// address) and queues its confirmation email in one transaction: there is
/// never an account without its email, and an SMTP outage only delays the
/// email (the outbox worker sends it when it can).
/// The caller's language is the one the candidate registered in; their
/// emails use it.
///
/// # Errors
/// [`ServiceError::EntryNotMatched`] for an unknown ID Number or a wrong
/// Secret Number (the same answer for both), [`ServiceError::TooManyAttempts`],
/// [`ServiceError::AlreadyRegistered`], [`ServiceError::Invalid`] for a
/// common password, [`ServiceError::Busy`] or [`ServiceError::Unexpected`].
#[tracing::instrument(skip_all, fields(id_number = %reg.id_number))]
pub async fn register_candidate(
    state: &AppState,
    caller: &Caller,
    reg: Registration,
) -> ServiceResult<Registered> {
    let language = caller.locale;
    let entry =
        super::entry_proof::prove(state, caller, &reg.id_number, &reg.secret_number).await?;

    // A fast, friendly answer; the conditional writes below are what really
    // decide, even under concurrent registrations.
    let existing = exams::account_of(&state.db, reg.id_number.as_ref()).await?;
    if existing
        .as_ref()
        .is_some_and(|a| a.email_confirmed_at.is_some())
    {
        return Err(ServiceError::AlreadyRegistered);
    }

    let owner = password_owner(reg.id_number.as_ref(), reg.email.as_ref(), &entry);
    reg.password
        .check_not_common(&owner)
        .map_err(|e| ServiceError::invalid(Field::Password, e))?;
    let password_hash = state
        .hasher
        .hash(SecretString::from(reg.password.expose()))
        .await?;
    let now = state.settings.clock.now();
    let details = NewDetails {
        email: reg.email.as_ref(),
        password_hash,
        wants_updates: reg.wants_updates,
        language,
        now,
    };
    let (txn, account) = write_account(state, reg.id_number.as_ref(), details).await?;
    // Links sent to a replaced address stop working; that address is told nothing.
    for purpose in Purpose::iter() {
        links::supersede(&txn, account, purpose).await?;
    }
    let lifetime = state.settings.confirmation_token_lifetime;
    let token = links::issue(&txn, account, Purpose::ConfirmEmail, None, now, lifetime).await?;
    let message = mailer::confirmation_email(
        language,
        &entry.given_name,
        &confirmation_link(state, &token),
    );
    Outbox::queue(&txn, reg.email.as_ref(), message, now).await?;
    txn.commit().await.context("committing the registration")?;
    state.outbox.wake();
    tracing::info!("account registered, confirmation email queued");
    Ok(Registered {
        id_number: reg.id_number.to_string(),
        email: reg.email.as_ref().to_owned(),
    })
}

/// The account a registration of `id_number` writes, in the transaction
/// that goes on to queue its email: the exam's unconfirmed account
/// replaced, or a new one. Writes come first, so SQLite's single writer
/// orders concurrent registrations; one that loses a race for a new exam
/// on PostgreSQL tries once more and replaces the account the other opened
/// while it is unconfirmed, as if it had come second.
async fn write_account(
    state: &AppState,
    id_number: &str,
    details: NewDetails<'_>,
) -> ServiceResult<(DatabaseTransaction, AccountId)> {
    for _try in 0..2 {
        let txn = state
            .db
            .begin()
            .await
            .context("starting the registration")?;
        let written = match replace_unconfirmed(&txn, id_number, details.clone()).await? {
            Some(account) => Some(account),
            None => open_account(&txn, id_number, details.clone()).await?,
        };
        if let Some(account) = written {
            return Ok((txn, account));
        }
        txn.rollback()
            .await
            .context("ending a registration that lost a race")?;
    }
    Err(ServiceError::AlreadyRegistered)
}

/// Whose password it is, for the new-password rules: the same four details
/// at registration, reset and change.
pub(crate) fn password_owner<'a>(
    id_number: &'a str,
    email: &'a str,
    entry: &'a entry::Model,
) -> PasswordOwner<'a> {
    PasswordOwner {
        id_number,
        email,
        given_name: &entry.given_name,
        family_name: &entry.family_name,
    }
}

pub(crate) use super::exams::entry_of;

/// The given name the centre recorded for the candidate of `account`, for
/// greetings (from the exam the account holds first).
///
/// # Errors
/// When the database fails.
pub async fn given_name(db: &impl ConnectionTrait, account: AccountId) -> anyhow::Result<String> {
    Ok(exams::first_entry(db, account).await?.given_name)
}

/// The language stored on the account; English for anything unexpected.
pub fn account_language(account: &account::Model) -> Locale {
    account.language.parse().unwrap_or_default()
}

/// Ends every session of `account` (after a password reset or change, or
/// "sign out of all devices"), except the one whose hash is `keep`, and
/// cancels a pending email change and unused sign-in links: whoever asked
/// for them may be the person being locked out, and must not take the
/// account over through their links.
///
/// # Errors
/// When the database fails.
pub async fn end_sessions_and_email_changes(
    db: &impl ConnectionTrait,
    account: AccountId,
    keep: Option<&str>,
) -> anyhow::Result<u64> {
    links::supersede(db, account, Purpose::ChangeEmail).await?;
    links::supersede(db, account, Purpose::SignIn).await?;
    let mut delete = session::Entity::delete_many().filter(session::Column::AccountId.eq(account));
    if let Some(keep) = keep {
        delete = delete.filter(session::Column::IdHash.ne(keep));
    }
    Ok(delete
        .exec(db)
        .await
        .context("ending the account's sessions")?
        .rows_affected)
}

/// Remembers the language the caller switched to on their account, if
/// they are signed in, so that their emails speak it.
///
/// # Errors
/// When the database fails.
pub async fn remember_language(
    state: &AppState,
    caller: &Caller,
    language: Locale,
) -> ServiceResult<()> {
    let Some(account) = super::sessions::current_candidate(state, caller).await? else {
        return Ok(());
    };
    account::Entity::update_many()
        .col_expr(account::Column::Language, Expr::value(language.as_str()))
        .filter(account::Column::Id.eq(account))
        .exec(&state.db)
        .await
        .context("storing the account's language")?;
    Ok(())
}

/// The link to `/confirm` for `token`, built from the public URL. Never
/// logged: whoever reads the logs must not be able to follow it.
pub(crate) fn confirmation_link(state: &AppState, token: &str) -> String {
    state.settings.token_link(crate::routes::CONFIRM, token)
}
