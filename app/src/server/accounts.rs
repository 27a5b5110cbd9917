//! Registration, email confirmation and resending of confirmation links.

use anyhow::Context;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use secrecy::SecretString;
use subtle::ConstantTimeEq;

use super::entities::{account, email_token, entry};
use super::request::{client_ip, internal};
use super::throttle::{self, Guess};
use super::{AppState, mailer, tokens};
use crate::api::{AppError, Registered, TokenProblem};
use crate::domain::{IdNumber, Registration};
use crate::i18n::Locale;
use leptos_i18n::Locale as _;

/// A new confirmation email is not sent more often than this, so the resend
/// button cannot be used to flood someone's inbox.
const RESEND_INTERVAL_SECONDS: i64 = 60;

/// Creates the unconfirmed account and sends the confirmation email, all or
/// nothing: if the email cannot be handed over, no account is left behind
/// and the candidate can simply try again. `language` is the one the
/// candidate registered in; their emails use it.
///
/// # Errors
/// [`AppError::EntryNotMatched`] for an unknown ID Number or a wrong Secret
/// Number (the same answer for both), [`AppError::AlreadyRegistered`], or
/// [`AppError::Internal`].
#[tracing::instrument(skip_all, fields(id_number = %reg.id_number))]
pub async fn register_candidate(state: &AppState, reg: Registration, language: Locale) -> Result<Registered, AppError> {
    let ip = client_ip(state.settings.trusted_proxy_header.as_deref());
    throttle::check(state, Guess::SecretNumber, reg.id_number.as_ref(), ip.as_deref()).await?;
    let entry = entry::Entity::find_by_id(reg.id_number.as_ref())
        .one(&state.db)
        .await
        .context("loading the entry")
        .map_err(internal)?;
    // Compare in constant time, against a stand-in when the ID is unknown, so
    // neither the answer nor its timing tells which of the two was wrong.
    let stored = entry.as_ref().map_or("\u{0}\u{0}\u{0}\u{0}", |e| e.secret_number.as_str());
    let secret_matches: bool = stored.as_bytes().ct_eq(reg.secret_number.as_ref().as_bytes()).into();
    let entry = match entry {
        Some(entry) if secret_matches => entry,
        _ => {
            throttle::record_failure(state, Guess::SecretNumber, reg.id_number.as_ref(), ip.as_deref()).await.map_err(internal)?;
            return Err(AppError::EntryNotMatched);
        }
    };

    // A fast, friendly answer; the primary key below is what really guarantees
    // one account per ID Number, even under concurrent registrations.
    let existing = account::Entity::find_by_id(reg.id_number.as_ref()).one(&state.db).await.context("looking up the account").map_err(internal)?;
    if existing.is_some() {
        return Err(AppError::AlreadyRegistered);
    }

    let password_hash = state.hasher.hash(SecretString::from(reg.password.expose())).await.map_err(internal)?;
    let now = Utc::now();
    let txn = state.db.begin().await.context("starting the registration").map_err(internal)?;
    let inserted = account::ActiveModel {
        id_number: Set(reg.id_number.as_ref().to_owned()),
        email: Set(reg.email.as_ref().to_owned()),
        password_hash: Set(password_hash),
        wants_updates: Set(reg.wants_updates),
        email_confirmed_at: Set(None),
        created_at: Set(now),
        language: Set(language.as_str().to_owned()),
    }
    .insert(&txn)
    .await;
    match inserted {
        Err(e) if super::db::is_unique_violation(&e) => return Err(AppError::AlreadyRegistered),
        other => other.context("inserting the account").map_err(internal)?,
    };
    let token = new_confirmation_token(&txn, state, reg.id_number.as_ref()).await.map_err(internal)?;
    send_confirmation(state, language, &entry.given_name, reg.email.as_ref(), &token).await.map_err(internal)?;
    txn.commit().await.context("committing the registration").map_err(internal)?;
    tracing::info!("account registered, confirmation email sent");
    Ok(Registered { id_number: reg.id_number.to_string(), email: reg.email.as_ref().to_owned() })
}

/// Stores the hash of a fresh token (superseding older ones) and returns the token.
async fn new_confirmation_token(db: &impl ConnectionTrait, state: &AppState, id_number: &str) -> anyhow::Result<String> {
    let now = Utc::now();
    email_token::Entity::update_many()
        .col_expr(email_token::Column::Superseded, Expr::value(true))
        .filter(email_token::Column::IdNumber.eq(id_number))
        .exec(db)
        .await
        .context("superseding older tokens")?;
    let token = tokens::generate();
    email_token::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        id_number: Set(id_number.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + state.settings.confirmation_token_lifetime),
        used_at: Set(None),
        superseded: Set(false),
    }
    .insert(db)
    .await
    .context("inserting the confirmation token")?;
    Ok(token)
}

async fn send_confirmation(state: &AppState, language: Locale, given_name: &str, email: &str, token: &str) -> anyhow::Result<()> {
    let link = format!("{}/confirm?token={token}", state.settings.public_url);
    tracing::info!(%link, "confirmation link");
    let message = mailer::confirmation_email(language, given_name, &link);
    state.mailer.send(email, message).await
}

/// Sends a new link if the ID Number has an unconfirmed account; otherwise
/// does nothing. The caller answers the same either way.
///
/// # Errors
/// [`AppError::Internal`] only.
#[tracing::instrument(skip_all, fields(id_number = %id_number))]
pub async fn resend_confirmation(state: &AppState, id_number: &IdNumber) -> Result<(), AppError> {
    let account = account::Entity::find_by_id(id_number.as_ref()).one(&state.db).await.context("loading the account").map_err(internal)?;
    let Some(account) = account.filter(|a| a.email_confirmed_at.is_none()) else {
        return Ok(());
    };
    let latest = email_token::Entity::find()
        .filter(email_token::Column::IdNumber.eq(id_number.as_ref()))
        .order_by_desc(email_token::Column::CreatedAt)
        .one(&state.db)
        .await
        .context("loading the latest token")
        .map_err(internal)?;
    if latest.is_some_and(|t| (Utc::now() - t.created_at).num_seconds() < RESEND_INTERVAL_SECONDS) {
        tracing::info!("confirmation resend skipped: the last one is too recent");
        return Ok(());
    }
    let given_name = entry::Entity::find_by_id(id_number.as_ref())
        .one(&state.db)
        .await
        .context("loading the entry")
        .map_err(internal)?
        .map(|e| e.given_name)
        .unwrap_or_default();
    let txn = state.db.begin().await.context("starting the resend").map_err(internal)?;
    let token = new_confirmation_token(&txn, state, id_number.as_ref()).await.map_err(internal)?;
    send_confirmation(state, account_language(&account), &given_name, &account.email, &token).await.map_err(internal)?;
    txn.commit().await.context("committing the resend").map_err(internal)?;
    Ok(())
}

/// The language stored on the account; English for anything unexpected.
pub fn account_language(account: &account::Model) -> Locale {
    account.language.parse().unwrap_or_default()
}

/// Marks the email behind `token` as confirmed. Each token works once.
///
/// # Errors
/// [`AppError::TokenInvalid`] for an unknown, expired, used or superseded
/// token, or [`AppError::Internal`].
pub async fn confirm_email(state: &AppState, token: &str) -> Result<(), AppError> {
    let hash = tokens::hash(token.trim());
    let found = email_token::Entity::find_by_id(hash.as_str()).one(&state.db).await.context("loading the token").map_err(internal)?;
    let Some(found) = found else { return Err(AppError::TokenInvalid(TokenProblem::Unknown)) };
    let now = Utc::now();
    if found.used_at.is_some() {
        return Err(AppError::TokenInvalid(TokenProblem::Used));
    }
    if found.superseded {
        return Err(AppError::TokenInvalid(TokenProblem::Superseded));
    }
    if found.expires_at <= now {
        return Err(AppError::TokenInvalid(TokenProblem::Expired));
    }
    let txn = state.db.begin().await.context("starting the confirmation").map_err(internal)?;
    // The `used_at IS NULL` condition makes the token single-use even when the
    // same link is opened twice at the same moment.
    let claimed = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now))
        .filter(email_token::Column::TokenHash.eq(hash.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await
        .context("claiming the token")
        .map_err(internal)?;
    if claimed.rows_affected != 1 {
        return Err(AppError::TokenInvalid(TokenProblem::Used));
    }
    account::Entity::update_many()
        .col_expr(account::Column::EmailConfirmedAt, Expr::value(now))
        .filter(account::Column::IdNumber.eq(found.id_number.as_str()))
        .filter(account::Column::EmailConfirmedAt.is_null())
        .exec(&txn)
        .await
        .context("confirming the account")
        .map_err(internal)?;
    txn.commit().await.context("committing the confirmation").map_err(internal)?;
    tracing::info!(id_number = %found.id_number, "email confirmed");
    Ok(())
}

/// Remembers the language a signed-in candidate switched to, for their emails.
///
/// # Errors
/// When the database fails.
pub async fn set_language(db: &impl ConnectionTrait, id_number: &str, language: Locale) -> anyhow::Result<()> {
    account::Entity::update_many()
        .col_expr(account::Column::Language, Expr::value(language.as_str()))
        .filter(account::Column::IdNumber.eq(id_number))
        .exec(db)
        .await
        .context("storing the account's language")?;
    Ok(())
}
