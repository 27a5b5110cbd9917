//! Single-use links sent by email: confirming an address, resetting a
//! password, confirming a new address. The link holds a 256-bit token; the
//! database holds only its SHA-256, so a leaked table opens nothing.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::entities::account::{self, AccountId};
use super::entities::email_token;
pub use super::entities::email_token::Purpose;
use super::tokens;
use crate::domain::TokenProblem;

/// Stores the hash of a fresh token for `purpose`, superseding the account's
/// earlier ones for the same purpose, and returns the token for the link.
///
/// # Errors
/// When the database fails.
pub async fn issue(
    db: &impl ConnectionTrait,
    account: AccountId,
    purpose: Purpose,
    new_email: Option<&str>,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> anyhow::Result<String> {
    supersede(db, account, purpose).await?;
    let token = tokens::generate();
    email_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        account_id: Set(account),
        created_at: Set(now),
        expires_at: Set(now + lifetime),
        used_at: Set(None),
        superseded: Set(false),
        purpose: Set(purpose),
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
pub async fn pending(
    db: &impl ConnectionTrait,
    account: AccountId,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<email_token::Model>> {
    email_token::Entity::find()
        .filter(email_token::Column::AccountId.eq(account))
        .filter(email_token::Column::Purpose.eq(purpose))
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
pub async fn supersede(
    db: &impl ConnectionTrait,
    account: AccountId,
    purpose: Purpose,
) -> anyhow::Result<()> {
    email_token::Entity::update_many()
        .col_expr(email_token::Column::Superseded, Expr::value(true))
        .filter(email_token::Column::AccountId.eq(account))
        .filter(email_token::Column::Purpose.eq(purpose))
        .exec(db)
        .await
        .context("superseding older links")?;
    Ok(())
}

/// How often one account may be sent links for one purpose, so that the
/// buttons that send email cannot flood an inbox, even pressed many times
/// at once or from many addresses.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub min_interval: Duration,
    pub per_day: usize,
}

impl Pace {
    /// Confirmation and password-reset links.
    pub const LINKS: Self = Self {
        min_interval: Duration::minutes(1),
        per_day: 10,
    };
    /// Changes of address: each mails two addresses, one of them chosen by
    /// whoever holds the session and not yet proven theirs.
    pub const EMAIL_CHANGES: Self = Self {
        min_interval: Duration::minutes(1),
        per_day: 5,
    };
}

/// Like [`issue`], inside `txn`, unless `pace` says the account must wait
/// for another link for `purpose`: then `Ok(Err(until))`. Writing the
/// account row first locks it until commit (PostgreSQL row lock; SQLite
/// allows one writer), so concurrent requests for one account take turns
/// and each sees the link the previous one issued.
///
/// # Errors
/// When the database fails.
pub async fn issue_paced(
    txn: &DatabaseTransaction,
    account: AccountId,
    purpose: Purpose,
    new_email: Option<&str>,
    now: DateTime<Utc>,
    lifetime: Duration,
    pace: Pace,
) -> anyhow::Result<Result<String, DateTime<Utc>>> {
    account::Entity::update_many()
        .col_expr(
            account::Column::Language,
            Expr::col(account::Column::Language),
        )
        .filter(account::Column::Id.eq(account))
        .exec(txn)
        .await
        .context("locking the account")?;
    let today = issued_since(txn, account, purpose, now - Duration::days(1)).await?;
    if let Some(latest) = today.first().filter(|t| now - **t < pace.min_interval) {
        return Ok(Err(*latest + pace.min_interval));
    }
    if let Some(oldest_counted) = today
        .get(pace.per_day.saturating_sub(1))
        .filter(|_| today.len() >= pace.per_day)
    {
        return Ok(Err(*oldest_counted + Duration::days(1)));
    }
    Ok(Ok(
        issue(txn, account, purpose, new_email, now, lifetime).await?
    ))
}

/// Like [`issue_paced`] on its own transaction, for a link that is the only
/// change: `None` when the account must wait.
///
/// # Errors
/// When the database fails.
pub async fn issue_unless_recent(
    db: &DatabaseConnection,
    account: AccountId,
    purpose: Purpose,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> anyhow::Result<Option<String>> {
    let txn = db.begin().await.context("starting to issue a link")?;
    let Ok(token) = issue_paced(&txn, account, purpose, None, now, lifetime, Pace::LINKS).await?
    else {
        return Ok(None);
    };
    txn.commit().await.context("committing the link")?;
    Ok(Some(token))
}

/// When the account's links for `purpose` since `since` were issued, newest first.
async fn issued_since(
    db: &impl ConnectionTrait,
    account: AccountId,
    purpose: Purpose,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<DateTime<Utc>>> {
    email_token::Entity::find()
        .select_only()
        .column(email_token::Column::CreatedAt)
        .filter(email_token::Column::AccountId.eq(account))
        .filter(email_token::Column::Purpose.eq(purpose))
        .filter(email_token::Column::CreatedAt.gt(since))
        .order_by_desc(email_token::Column::CreatedAt)
        .limit(100)
        .into_tuple::<DateTime<Utc>>()
        .all(db)
        .await
        .context("loading the account's recent links")
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
    let found = email_token::Entity::find_by_id(tokens::hash(token.trim()))
        .one(db)
        .await
        .context("loading the link's token")?;
    Ok(match found {
        Some(t) if !purposes.contains(&t.purpose) => Err(TokenProblem::Unknown),
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
pub async fn claim(
    db: &impl ConnectionTrait,
    link: &email_token::Model,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let claimed = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now))
        .filter(email_token::Column::TokenHash.eq(link.token_hash.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(db)
        .await
        .context("claiming the link")?;
    Ok(claimed.rows_affected == 1)
}
