//! The exams in a signed-in candidate's account: adding another, proved
//! with its Secret Number exactly as a registration proves it, and removing
//! one. An exam is in one account at most: the key of `account_entries`
//! decides, whatever requests run at the same time.

use anyhow::Context;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait};

use super::accounts::account_language;
use super::entities::account::{self};
use super::entities::{account_entry, entry};
use super::error::{ServiceError, ServiceResult};
use super::mailer::{self, ExamChange};
use super::outbox::Outbox;
use super::sessions::{confirm_identity, require_candidate, signed_in_account, verified_account};
use super::{AppState, Caller, exams};
use crate::domain::{ExamAdded, ExamToAdd, Field, FieldErrors, IdNumber, ValidationError};

/// Adds the exam `exam` to the signed-in candidate's account. An exam in
/// another account whose address was confirmed needs that account's
/// password (`other_password`): the two accounts then become this one
/// ([`super::joining`]). Without it, nothing is said beyond what a
/// registration with the same numbers says.
///
/// # Errors
/// [`ServiceError::EntryNotMatched`], [`ServiceError::TooManyAttempts`],
/// [`ServiceError::Invalid`] for an exam already in the account, or one with
/// its own account and a missing or wrong password for it,
/// [`ServiceError::AlreadyRegistered`] when another account took it
/// meanwhile, [`ServiceError::Busy`], [`ServiceError::NotSignedIn`] or
/// [`ServiceError::Unexpected`].
#[tracing::instrument(skip_all, fields(id_number = %exam.id_number))]
pub async fn add_exam(
    state: &AppState,
    caller: &Caller,
    exam: ExamToAdd,
    other_password: String,
) -> ServiceResult<ExamAdded> {
    let mine = require_candidate(state, caller).await?;
    let entry =
        super::entry_proof::prove(state, caller, &exam.id_number, &exam.secret_number).await?;
    let id_number = exam.id_number.as_ref();
    let holder = exams::account_of(&state.db, id_number).await?;
    let joined = match holder {
        Some(other) if other.id == mine => {
            return Err(ServiceError::invalid(
                Field::IdNumber,
                ValidationError::ExamAlreadyInAccount,
            ));
        }
        Some(other) if other.email_confirmed_at.is_some() => {
            if other_password.is_empty() {
                return Err(ServiceError::invalid(
                    Field::OtherPassword,
                    ValidationError::ExamHasItsOwnAccount,
                ));
            }
            // The password of the exam's account, counted against its ID Number.
            let other = match verified_account(state, caller, id_number, other_password).await {
                Err(ServiceError::CredentialsRejected) => {
                    return Err(ServiceError::invalid(
                        Field::OtherPassword,
                        ValidationError::WrongPassword,
                    ));
                }
                other => other?,
            };
            Some(other)
        }
        // Never confirmed: proving the Secret Number is all a registration
        // asks to replace it, and it is replaced by this account.
        Some(_) | None => None,
    };
    let account = signed_in_account(&state.db, mine).await?;
    let now = state.settings.clock.now();
    let txn = state.db.begin().await.context("starting to add an exam")?;
    match &joined {
        Some(other) => super::joining::join(state, &txn, &account, other).await?,
        None => {
            drop_unconfirmed_holder(&txn, id_number).await?;
            // Another account may have taken it meanwhile.
            if !exams::put_in(&txn, mine, id_number, now).await? {
                return Err(ServiceError::AlreadyRegistered);
            }
        }
    }
    let notice = exam_notice(state, &txn, &account, ExamChange::Added, &entry).await?;
    Outbox::queue(&txn, &account.email, notice, now).await?;
    txn.commit().await.context("committing the added exam")?;
    state.outbox.wake();
    tracing::info!(account = %mine, joined = joined.is_some(), "exam added");
    Ok(ExamAdded {
        id_number: entry.id_number,
        joined: joined.is_some(),
    })
}

/// Removes the exam `id_number` from the signed-in candidate's account,
/// once the password has been given again. The exam is then in no account
/// (it can be registered again with its Secret Number) and its share codes
/// end. An account's only exam stays: the account can be deleted instead.
///
/// # Errors
/// [`ServiceError::Invalid`] for a missing or wrong password or the only
/// exam, [`ServiceError::NotFound`] for an exam not in the account,
/// [`ServiceError::TooManyAttempts`], [`ServiceError::Busy`],
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn remove_exam(
    state: &AppState,
    caller: &Caller,
    id_number: &str,
    password: String,
) -> ServiceResult<()> {
    let mine = require_candidate(state, caller).await?;
    let mut errors = FieldErrors::default();
    let id_number = errors.check(Field::IdNumber, IdNumber::parse(id_number));
    let account = confirm_identity(state, caller, mine, password, errors).await?;
    let Some(id_number) = id_number else {
        return Err(ServiceError::Invalid(FieldErrors::default()));
    };
    let txn = state
        .db
        .begin()
        .await
        .context("starting to remove an exam")?;
    // Two removals at once take turns, so that they cannot leave none.
    exams::lock(&txn, &[mine]).await?;
    let held = exams::of_account(&txn, mine).await?;
    let refusal = if !held.iter().any(|e| e.id_number == id_number.as_ref()) {
        Some(ServiceError::NotFound)
    } else if held.len() == 1 {
        Some(ServiceError::invalid(
            Field::IdNumber,
            ValidationError::OnlyExam,
        ))
    } else {
        None
    };
    if let Some(refusal) = refusal {
        // Ended here, not dropped, so the lock is let go at once.
        txn.rollback().await.context("ending a refused removal")?;
        return Err(refusal);
    }
    let entry = super::accounts::entry_of(&txn, id_number.as_ref()).await?;
    account_entry::Entity::delete_many()
        .filter(account_entry::Column::IdNumber.eq(id_number.as_ref()))
        .filter(account_entry::Column::AccountId.eq(mine))
        .exec(&txn)
        .await
        .context("removing the exam")?;
    let notice = exam_notice(state, &txn, &account, ExamChange::Removed, &entry).await?;
    Outbox::queue(&txn, &account.email, notice, state.settings.clock.now()).await?;
    txn.commit().await.context("committing the removal")?;
    state.outbox.wake();
    tracing::info!(account = %mine, "exam removed");
    Ok(())
}

/// An account that holds `id_number` and never confirmed its address ends:
/// whoever proved the Secret Number may replace it, as a registration does.
async fn drop_unconfirmed_holder(txn: &DatabaseTransaction, id_number: &str) -> anyhow::Result<()> {
    account::Entity::delete_many()
        .filter(account::Column::Id.in_subquery(exams::holder_of(id_number)))
        .filter(account::Column::EmailConfirmedAt.is_null())
        .exec(txn)
        .await
        .context("ending the exam's unconfirmed account")?;
    Ok(())
}

async fn exam_notice(
    state: &AppState,
    txn: &DatabaseTransaction,
    account: &account::Model,
    change: ExamChange,
    exam: &entry::Model,
) -> anyhow::Result<mailer::Email> {
    let given_name = exams::first_entry(txn, account.id).await?.given_name;
    Ok(mailer::exam_email(
        change,
        account_language(account),
        &given_name,
        &exam.id_number,
        &exam.exam,
        &state.settings.link(crate::routes::ACCOUNT),
    ))
}
