//! Single-use links sent by email: confirming an address, resetting a
//! password, confirming a new address. The link holds a 256-bit token; the
//! database holds only its SHA-256, so a leaked table opens nothing.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};

use super::entities::{account, email_token};
use super::tokens;
use crate::domain::TokenProblem;

/// What a link is for. A token issued for one purpose never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ConfirmEmail,
    ResetPassword,
    ChangeEmail,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::ConfirmEmail => "confirm",
            Self::ResetPassword => "reset",
            Self::ChangeEmail => "email",
        }
    }
}

/// Stores the hash of a fresh token for `purpose`, superseding the account's
/// earlier ones for the same purpose, and returns the token for the link.
///
/// # Errors
/// When the database fails.
pub async fn issue(
    db: &impl ConnectionTrait,
    id_number: &str,
    purpose: Purpose,
    new_email: Option<&str>,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> anyhow::Result<String> {
    supersede(db, id_number, purpose).await?;
    let token = tokens::generate();
    email_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        id_number: Set(id_number.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        used_at: Set(None),
        superseded: Set(false),
        purpose: Set(purpose.as_str().to_owned()),
        new_email: Set(new_email.map(str::to_owned)),
    }
    .insert(db)
    .await
    .context("storing the link's token")?;
    Ok(token)
}

/// The newest link for `purpose` the account may still follow, if any (a
/// new address waiting for confirmation, on the account page).
///
/// # Errors
/// When the database fails.
pub async fn pending(db: &impl ConnectionTrait, id_number: &str, purpose: Purpose, now: DateTime<Utc>) -> anyhow::Result<Option<email_token::Model>> {
    email_token::Entity::find()
        .filter(email_token::Column::IdNumber.eq(id_number))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::Superseded.eq(false))
        .filter(email_token::Column::ExpiresAt.gt(now))
        .order_by_desc(email_token::Column::CreatedAt)
        .one(db)
        .await
        .context("loading a pending link")
}

/// Makes every unused link of the account for `purpose` stop working.
///
/// # Errors
/// When the database fails.
pub async fn supersede(db: &impl ConnectionTrait, id_number: &str, purpose: Purpose) -> anyhow::Result<()> {
    email_token::Entity::update_many()
        .col_expr(email_token::Column::Superseded, Expr::value(true))
        .filter(email_token::Column::IdNumber.eq(id_number))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .exec(db)
        .await
        .context("superseding older links")?;
    Ok(())
}

/// Like [`issue`], unless the account was sent a link for `purpose` less
/// than `min_interval` ago (`None`): buttons that send email must not flood
/// an inbox, even when pressed many times at once.
///
/// # Errors
/// When the database fails.
pub async fn issue_unless_recent(
    db: &DatabaseConnection,
    id_number: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
    lifetime: Duration,
    min_interval: Duration,
) -> anyhow::Result<Option<String>> {
    let txn = db.begin().await.context("starting to issue a link")?;
    // Writing the account row first locks it until commit (PostgreSQL row
    // lock; SQLite allows one writer), so concurrent requests for the same
    // account take turns and each sees the link the previous one issued.
    account::Entity::update_many()
        .col_expr(account::Column::IdNumber, Expr::col(account::Column::IdNumber))
        .filter(account::Column::IdNumber.eq(id_number))
        .exec(&txn)
        .await
        .context("locking the account")?;
    if last_issued(&txn, id_number, purpose).await?.is_some_and(|t| now - t < min_interval) {
        return Ok(None);
    }
    let token = issue(&txn, id_number, purpose, None, now, lifetime).await?;
    txn.commit().await.context("committing the link")?;
    Ok(Some(token))
}

async fn last_issued(db: &impl ConnectionTrait, id_number: &str, purpose: Purpose) -> anyhow::Result<Option<DateTime<Utc>>> {
    let latest = email_token::Entity::find()
        .filter(email_token::Column::IdNumber.eq(id_number))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .order_by_desc(email_token::Column::CreatedAt)
        .one(db)
        .await
        .context("loading the latest link")?;
    Ok(latest.map(|t| t.created_at))
}

/// The stored link `token` opens, if it may still be used for one of `purposes`.
///
/// # Errors
/// `Ok(Err(problem))` says why the link cannot be used; `Err` is a database failure.
pub async fn find_usable(
    db: &impl ConnectionTrait,
    token: &str,
    purposes: &[Purpose],
    now: DateTime<Utc>,
) -> anyhow::Result<Result<email_token::Model, TokenProblem>> {
    let found = email_token::Entity::find_by_id(tokens::hash(token.trim())).one(db).await.context("loading the link's token")?;
    Ok(match found {
        Some(t) if !purposes.iter().any(|p| t.purpose == p.as_str()) => Err(TokenProblem::Unknown),
        None => Err(TokenProblem::Unknown),
        Some(t) if t.used_at.is_some() => Err(TokenProblem::Used),
        Some(t) if t.superseded => Err(TokenProblem::Superseded),
        Some(t) if t.expires_at <= now => Err(TokenProblem::Expired),
        Some(t) => Ok(t),
    })
}

/// Marks the link used. Only one of two simultaneous uses wins: the
/// `used_at IS NULL` condition makes the claim atomic.
///
/// # Errors
/// `Ok(false)` when another request used it first; `Err` on database failure.
pub async fn claim(db: &impl ConnectionTrait, link: &email_token::Model, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let claimed = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now))
        .filter(email_token::Column::TokenHash.eq(link.token_hash.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(db)
        .await
        .context("claiming the link")?;
    Ok(claimed.rows_affected == 1)
}
