//! Opening an account: the rows a registration writes, and the confirmed
//! accounts the demo data and the tests start from.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entities::account::{self, AccountId};
use super::entities::account_entry;
use crate::i18n::Locale;
use leptos_i18n::Locale as _;

/// What a registration writes on the account.
#[derive(Clone)]
pub struct NewDetails<'a> {
    pub email: &'a str,
    pub password_hash: String,
    pub wants_updates: bool,
    pub language: Locale,
    pub now: DateTime<Utc>,
}

/// A new account holding the exam `id_number`; `None` when the exam joined
/// another account meanwhile (the key of `account_entries` decides).
pub async fn open_account(
    txn: &impl ConnectionTrait,
    id_number: &str,
    details: NewDetails<'_>,
) -> anyhow::Result<Option<AccountId>> {
    let account = account::ActiveModel {
        email: Set(details.email.to_owned()),
        password_hash: Set(details.password_hash),
        wants_updates: Set(details.wants_updates),
        email_confirmed_at: Set(None),
        created_at: Set(details.now),
        language: Set(details.language.as_str().to_owned()),
        ..Default::default()
    }
    .insert(txn)
    .await
    .context("writing the account")?;
    let added = super::exams::put_in(txn, account.id, id_number, details.now).await?;
    Ok(added.then_some(account.id))
}

/// The account holding the exam `id_number`, if its address was never
/// confirmed, given the details of a new registration of the exam: proving
/// the Secret Number again is how a candidate who mistyped their address
/// gets back in. `None` when there is no such account: a confirmed account
/// is never touched.
pub async fn replace_unconfirmed(
    txn: &impl ConnectionTrait,
    id_number: &str,
    details: NewDetails<'_>,
) -> anyhow::Result<Option<AccountId>> {
    let holder = super::exams::holder_of(id_number);
    let replaced = account::Entity::update_many()
        .col_expr(account::Column::Email, Expr::value(details.email))
        .col_expr(
            account::Column::PasswordHash,
            Expr::value(details.password_hash),
        )
        .col_expr(
            account::Column::WantsUpdates,
            Expr::value(details.wants_updates),
        )
        .col_expr(account::Column::CreatedAt, Expr::value(details.now))
        .col_expr(
            account::Column::Language,
            Expr::value(details.language.as_str()),
        )
        .filter(account::Column::Id.in_subquery(holder))
        .filter(account::Column::EmailConfirmedAt.is_null())
        .exec(txn)
        .await
        .context("replacing the unconfirmed account")?;
    if replaced.rows_affected == 0 {
        return Ok(None);
    }
    let exam = account_entry::Entity::find_by_id(id_number)
        .one(txn)
        .await
        .context("loading the replaced account's exam")?;
    Ok(exam.map(|e| e.account_id))
}

/// A confirmed account holding the exam `id_number`, as if its candidate
/// had registered and followed the link at `details.now`.
///
/// # Errors
/// When the database fails or the exam is already in an account.
pub async fn open_confirmed(
    db: &impl ConnectionTrait,
    id_number: &str,
    details: NewDetails<'_>,
) -> anyhow::Result<AccountId> {
    let now = details.now;
    let id = open_account(db, id_number, details)
        .await?
        .with_context(|| format!("{id_number} is already in an account"))?;
    account::Entity::update_many()
        .col_expr(account::Column::EmailConfirmedAt, Expr::value(now))
        .filter(account::Column::Id.eq(id))
        .exec(db)
        .await
        .context("confirming the account")?;
    Ok(id)
}
