//! The exams (entries) in an account: which account an ID Number belongs
//! to, and which exams an account holds.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::entities::account::{self, AccountId};
use super::entities::{account_entry, entry};
use crate::domain::ExamInAccount;

/// The exams in `account`, in the order they were added.
///
/// # Errors
/// When the database fails.
pub async fn of_account(
    db: &impl ConnectionTrait,
    account: AccountId,
) -> anyhow::Result<Vec<account_entry::Model>> {
    account_entry::Entity::find()
        .filter(account_entry::Column::AccountId.eq(account))
        .order_by_asc(account_entry::Column::AddedAt)
        .order_by_asc(account_entry::Column::IdNumber)
        .all(db)
        .await
        .context("loading the account's exams")
}

/// The ID Numbers of the exams in `account`, in the order they were added.
///
/// # Errors
/// When the database fails.
pub async fn id_numbers(
    db: &impl ConnectionTrait,
    account: AccountId,
) -> anyhow::Result<Vec<String>> {
    Ok(of_account(db, account)
        .await?
        .into_iter()
        .map(|e| e.id_number)
        .collect())
}

/// The exam added to `account` first: the one whose entry names the
/// candidate in greetings and, until the account page lists every exam,
/// the one its pages show.
///
/// # Errors
/// When the database fails or the account holds no exam (an account always
/// holds one: its last cannot be removed).
pub async fn first_of(db: &impl ConnectionTrait, account: AccountId) -> anyhow::Result<String> {
    of_account(db, account)
        .await?
        .into_iter()
        .next()
        .map(|e| e.id_number)
        .with_context(|| format!("account {account} holds no exam"))
}

/// The exams in `account` as its pages list them: newest exam date first.
///
/// # Errors
/// When the database fails.
pub async fn listed(
    db: &impl ConnectionTrait,
    account: AccountId,
) -> anyhow::Result<Vec<ExamInAccount>> {
    let rows = account_entry::Entity::find()
        .find_also_related(entry::Entity)
        .filter(account_entry::Column::AccountId.eq(account))
        .order_by_desc(entry::Column::ExamDate)
        .order_by_desc(account_entry::Column::AddedAt)
        .all(db)
        .await
        .context("listing the account's exams")?;
    Ok(rows
        .into_iter()
        .filter_map(|(_, e)| e)
        .map(|e| ExamInAccount {
            id_number: e.id_number,
            exam: e.exam,
            exam_date: e.exam_date.format("%Y-%m-%d").to_string(),
        })
        .collect())
}

/// The account `id_number` is in, if any.
///
/// # Errors
/// When the database fails.
pub async fn account_of(
    db: &impl ConnectionTrait,
    id_number: &str,
) -> anyhow::Result<Option<account::Model>> {
    let Some(link) = account_entry::Entity::find_by_id(id_number)
        .one(db)
        .await
        .context("loading the entry's account")?
    else {
        return Ok(None);
    };
    account::Entity::find_by_id(link.account_id)
        .one(db)
        .await
        .context("loading the account")
}

/// The centre's entry of the exam `account` holds first, for greetings and
/// the password rules (the candidate's name).
///
/// # Errors
/// When the database fails or the entry is missing.
pub async fn first_entry(
    db: &impl ConnectionTrait,
    account: AccountId,
) -> anyhow::Result<entry::Model> {
    entry_of(db, &first_of(db, account).await?).await
}

/// The centre's entry of the exam `id_number` of an account.
///
/// # Errors
/// When the database fails or the entry is missing (entries are never deleted
/// while an account refers to them).
pub async fn entry_of(db: &impl ConnectionTrait, id_number: &str) -> anyhow::Result<entry::Model> {
    entry::Entity::find_by_id(id_number)
        .one(db)
        .await
        .context("loading the entry")?
        .with_context(|| format!("no entry for account {id_number}"))
}

/// The key of the account holding `id_number`, as a subquery.
pub fn holder_of(id_number: &str) -> SelectStatement {
    Query::select()
        .column(account_entry::Column::AccountId)
        .from(account_entry::Entity)
        .and_where(account_entry::Column::IdNumber.eq(id_number))
        .to_owned()
}

/// Puts the exam `id_number` in `account` at `now`: `false` when it is in
/// an account already (the key of `account_entries` decides, whatever runs
/// at the same time).
///
/// # Errors
/// When the database fails.
pub async fn put_in(
    db: &impl ConnectionTrait,
    account: AccountId,
    id_number: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let added = account_entry::Entity::insert(account_entry::ActiveModel {
        id_number: Set(id_number.to_owned()),
        account_id: Set(account),
        added_at: Set(now),
        results_notified_at: Set(None),
        results_seen_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(account_entry::Column::IdNumber)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
    .context("adding the exam to the account")?;
    Ok(added == 1)
}

/// Locks the rows of `accounts` until the transaction ends (PostgreSQL row
/// locks; SQLite has one writer), so that changes to them take turns.
pub async fn lock(txn: &DatabaseTransaction, accounts: &[AccountId]) -> anyhow::Result<()> {
    account::Entity::update_many()
        .col_expr(
            account::Column::Language,
            Expr::col(account::Column::Language),
        )
        .filter(account::Column::Id.is_in(accounts.iter().copied()))
        .exec(txn)
        .await
        .context("locking the accounts")?;
    Ok(())
}
