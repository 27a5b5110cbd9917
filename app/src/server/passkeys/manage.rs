//! Renaming and removing an account's passkeys.

use anyhow::Context;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use super::list::account_link;
use crate::domain::{Field, PasskeyName};
use crate::server::accounts::account_language;
use crate::server::entities::passkey;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::exams;
use crate::server::mailer::{self, PasskeyChange};
use crate::server::outbox::Outbox;
use crate::server::sessions::{require_candidate, signed_in_account};
use crate::server::{AppState, Caller};

/// Renames one of the signed-in candidate's passkeys. Another account's
/// passkey is left alone, as if it did not exist.
///
/// # Errors
/// [`ServiceError::Invalid`] for the name, [`ServiceError::NotSignedIn`],
/// [`ServiceError::NotFound`] or [`ServiceError::Unexpected`].
pub async fn rename(state: &AppState, caller: &Caller, id: i64, name: &str) -> ServiceResult<()> {
    let account = require_candidate(state, caller).await?;
    let name =
        PasskeyName::parse(name).map_err(|e| ServiceError::invalid(Field::PasskeyName, e))?;
    let renamed = passkey::Entity::update_many()
        .col_expr(passkey::Column::Name, Expr::value(name.as_ref()))
        .filter(passkey::Column::Id.eq(id))
        .filter(passkey::Column::AccountId.eq(account))
        .exec(&state.db)
        .await
        .context("renaming the passkey")?;
    if renamed.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Removes one of the signed-in candidate's passkeys (it signs in no more,
/// at once on every replica) and tells the account's address.
///
/// # Errors
/// [`ServiceError::NotSignedIn`], [`ServiceError::NotFound`] or
/// [`ServiceError::Unexpected`].
pub async fn remove(state: &AppState, caller: &Caller, id: i64) -> ServiceResult<()> {
    let account_id = require_candidate(state, caller).await?;
    let txn = state
        .db
        .begin()
        .await
        .context("starting to remove a passkey")?;
    let found = passkey::Entity::find_by_id(id)
        .filter(passkey::Column::AccountId.eq(account_id))
        .one(&txn)
        .await
        .context("loading the passkey")?;
    let Some(found) = found else {
        return Err(ServiceError::NotFound);
    };
    // The delete decides: of two removals at once, one tells the candidate.
    let deleted = passkey::Entity::delete_many()
        .filter(passkey::Column::Id.eq(id))
        .exec(&txn)
        .await
        .context("removing the passkey")?;
    if deleted.rows_affected == 0 {
        return Err(ServiceError::NotFound);
    }
    let account = signed_in_account(&txn, account_id).await?;
    let entry = exams::first_entry(&txn, account_id).await?;
    let email = mailer::passkey_email(
        PasskeyChange::Removed,
        account_language(&account),
        &entry.given_name,
        &entry.id_number,
        &found.name,
        &account_link(state),
    );
    Outbox::queue(&txn, &account.email, email, state.settings.clock.now()).await?;
    txn.commit().await.context("committing the removal")?;
    state.outbox.wake();
    tracing::info!(account = %account_id, passkey = id, "passkey removed");
    Ok(())
}
