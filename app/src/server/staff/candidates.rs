//! A centre's candidates: the list with where each account stands, and a
//! new Secret Number for a candidate who lost theirs.

use anyhow::Context;
use rand::Rng;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

use super::audit::{self, AuditAction};
use super::sessions::{StaffSession, require_staff};
use crate::domain::{AccountState, CandidateView, ReissuedSecret};
use crate::server::entities::{account, account_entry, entry, exam_result};
use crate::server::zones::local_time;
use crate::server::{AppState, Caller, ServiceError, ServiceResult};

/// The most candidates one page lists: a search narrows it.
pub const LISTED: u64 = 200;

/// The centre's candidates whose ID Number starts with, or whose name
/// holds, `query` (any case), in name order; all of them (up to
/// [`LISTED`]) for an empty query.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn search(
    state: &AppState,
    caller: &Caller,
    query: &str,
) -> ServiceResult<Vec<CandidateView>> {
    let staff = require_staff(state, caller).await?;
    let query: String = query
        .trim()
        .chars()
        .filter(|c| !c.is_control() && *c != '%' && *c != '_')
        .take(100)
        .collect::<String>()
        .to_lowercase();
    let mut find =
        entry::Entity::find().filter(entry::Column::CentreCode.eq(staff.centre.code.as_str()));
    if !query.is_empty() {
        let lower = |c: entry::Column| Expr::expr(Func::lower(Expr::col(c)));
        find = find.filter(
            Condition::any()
                .add(lower(entry::Column::IdNumber).like(format!("{query}%")))
                .add(lower(entry::Column::FamilyName).like(format!("%{query}%")))
                .add(lower(entry::Column::GivenName).like(format!("%{query}%"))),
        );
    }
    let entries = find
        .order_by_asc(entry::Column::FamilyName)
        .order_by_asc(entry::Column::GivenName)
        .order_by_asc(entry::Column::IdNumber)
        .limit(LISTED)
        .all(&state.db)
        .await
        .context("listing the centre's candidates")?;
    let ids: Vec<String> = entries.iter().map(|e| e.id_number.clone()).collect();
    // Per entry, whether it is in an account and confirmed: nothing of
    // the account's other exams or address reaches the centre.
    let accounts: Vec<(account_entry::Model, Option<account::Model>)> =
        account_entry::Entity::find()
            .find_also_related(account::Entity)
            .filter(account_entry::Column::IdNumber.is_in(ids.clone()))
            .all(&state.db)
            .await
            .context("loading their accounts")?;
    let scored: Vec<String> = exam_result::Entity::find()
        .select_only()
        .column(exam_result::Column::IdNumber)
        .filter(exam_result::Column::IdNumber.is_in(ids))
        .into_tuple()
        .all(&state.db)
        .await
        .context("loading which have results")?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let account = accounts.iter().find(|(x, _)| x.id_number == e.id_number);
            CandidateView {
                name: format!("{} {}", e.given_name, e.family_name),
                exam: e.exam,
                exam_date: e.exam_date.to_string(),
                release_at: local_time(e.results_release_at, &staff.centre.time_zone),
                account: match account.and_then(|(_, a)| a.as_ref()) {
                    None => AccountState::NotRegistered,
                    Some(a) if a.email_confirmed_at.is_none() => AccountState::WaitingConfirmation,
                    Some(_) => AccountState::Confirmed,
                },
                results_loaded: scored.contains(&e.id_number),
                results_seen: account.is_some_and(|(x, _)| x.results_seen_at.is_some()),
                id_number: e.id_number,
            }
        })
        .collect())
}

/// Gives the centre's candidate `id_number` a new random Secret Number
/// (shown once, to print); the old one stops working at once. Recorded
/// in the audit log, without the number.
///
/// # Errors
/// [`ServiceError::NotFound`] for an ID Number that is not the centre's,
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn reissue_secret(
    state: &AppState,
    caller: &Caller,
    id_number: &str,
) -> ServiceResult<ReissuedSecret> {
    let staff = require_staff(state, caller).await?;
    let Some(entry) = own_entry(state, &staff, id_number).await? else {
        return Err(ServiceError::NotFound);
    };
    let secret = loop {
        let candidate = format!("{:04}", rand::rngs::OsRng.gen_range(0..10_000));
        if candidate != entry.secret_number {
            break candidate;
        }
    };
    let now = state.settings.clock.now();
    let txn = state.db.begin().await.context("starting a re-issue")?;
    entry::Entity::update_many()
        .col_expr(entry::Column::SecretNumber, Expr::value(secret.clone()))
        .filter(entry::Column::IdNumber.eq(entry.id_number.as_str()))
        .filter(entry::Column::CentreCode.eq(staff.centre.code.as_str()))
        .exec(&txn)
        .await
        .context("storing the new Secret Number")?;
    audit::record(
        &txn,
        &staff.centre.code,
        &staff.actor(caller),
        AuditAction::SecretNumberReissued,
        &entry.id_number,
        now,
    )
    .await?;
    txn.commit().await.context("committing the re-issue")?;
    tracing::info!(centre = %staff.centre.code, id_number = %entry.id_number, "Secret Number re-issued");
    Ok(ReissuedSecret {
        name: format!("{} {}", entry.given_name, entry.family_name),
        id_number: entry.id_number,
        secret_number: secret,
    })
}

async fn own_entry(
    state: &AppState,
    staff: &StaffSession,
    id_number: &str,
) -> anyhow::Result<Option<entry::Model>> {
    let id = id_number.trim().to_ascii_uppercase();
    entry::Entity::find_by_id(id.as_str())
        .filter(entry::Column::CentreCode.eq(staff.centre.code.as_str()))
        .one(&state.db)
        .await
        .context("loading the candidate's entry")
}
