//! Two accounts of one candidate becoming one: when a candidate adds an
//! exam that already has its own account and gives that account's
//! password, the other account's exams (with their share codes and
//! markers) and passkeys move into the account doing the adding, and the
//! other account ends: its sessions are signed out on every replica (they
//! live in the database), its links stop working, and its address is told.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use super::accounts::account_language;
use super::entities::{account, account_entry, email_token, passkey, passkey_ceremony, session};
use super::error::{ServiceError, ServiceResult};
use super::outbox::Outbox;
use super::{AppState, exams, mailer};

/// Joins the account `other` into `into`, in `txn`, and queues the notice
/// to `other`'s address.
///
/// # Errors
/// [`ServiceError::AlreadyRegistered`] when `other` ended meanwhile, or
/// [`ServiceError::Unexpected`].
pub async fn join(
    state: &AppState,
    txn: &DatabaseTransaction,
    into: &account::Model,
    other: &account::Model,
) -> ServiceResult<()> {
    exams::lock(txn, &[into.id, other.id]).await?;
    let their_exams = exams::id_numbers(txn, other.id).await?;
    let greeting = exams::first_entry(txn, other.id).await?.given_name;
    let moved = account_entry::Entity::update_many()
        .col_expr(account_entry::Column::AccountId, Expr::value(into.id))
        .filter(account_entry::Column::AccountId.eq(other.id))
        .exec(txn)
        .await
        .context("moving the other account's exams")?;
    passkey::Entity::update_many()
        .col_expr(passkey::Column::AccountId, Expr::value(into.id))
        .filter(passkey::Column::AccountId.eq(other.id))
        .exec(txn)
        .await
        .context("moving the other account's passkeys")?;
    session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(other.id))
        .exec(txn)
        .await
        .context("signing the other account out")?;
    email_token::Entity::delete_many()
        .filter(email_token::Column::AccountId.eq(other.id))
        .exec(txn)
        .await
        .context("ending the other account's links")?;
    passkey_ceremony::Entity::delete_many()
        .filter(passkey_ceremony::Column::AccountId.eq(other.id))
        .exec(txn)
        .await
        .context("ending the other account's passkey prompts")?;
    let ended = account::Entity::delete_by_id(other.id)
        .exec(txn)
        .await
        .context("ending the other account")?;
    if moved.rows_affected == 0 || ended.rows_affected == 0 {
        return Err(ServiceError::AlreadyRegistered);
    }
    let notice = mailer::account_joined_email(
        account_language(other),
        &greeting,
        &their_exams,
        &state.settings.link(crate::routes::LOGIN),
    );
    Outbox::queue(txn, &other.email, notice, state.settings.clock.now()).await?;
    tracing::info!(into = %into.id, other = %other.id, exams = moved.rows_affected, "accounts joined");
    Ok(())
}
