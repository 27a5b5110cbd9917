//! The candidate's data rights: what is kept and for how long (the privacy
//! page), a copy of everything kept about them, and deleting the account.

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

use super::accounts::{account_language, entry_of};
use super::entities::{account, account_entry, email_token, failed_attempt, outbox, session};
use super::error::ServiceResult;
use super::links::{self, Purpose};
use super::outbox::Outbox;
use super::sessions::confirm_identity;
use super::sessions::{require_candidate, session_hash};
use super::throttle::LONGEST_WINDOW;
use super::{AppState, Caller, Settings, exams, mailer};
use crate::domain::{
    AccountData, EmailData, EntryData, ExamData, FieldErrors, MyData, RetentionPeriods, SessionData,
};

/// The periods the privacy page states, from the settings the code uses.
pub fn retention_periods(settings: &Settings) -> RetentionPeriods {
    RetentionPeriods {
        unconfirmed_account_days: settings.retention.unconfirmed_accounts.num_days(),
        session_idle_minutes: settings.session_idle_timeout.num_minutes(),
        session_hours: settings.session_lifetime.num_hours(),
        guess_hours: LONGEST_WINDOW.num_hours(),
        dead_link_days: settings.retention.dead_links.num_days(),
        sent_email_days: settings.retention.sent_emails.num_days(),
        confirmation_link_hours: settings.confirmation_token_lifetime.num_hours(),
        reset_link_minutes: settings.reset_token_lifetime.num_minutes(),
        upload_minutes: super::staff::uploads::KEPT_MINUTES,
        staff_idle_minutes: settings.staff_sessions().idle.num_minutes(),
        staff_session_hours: settings.staff_sessions().lifetime.num_hours(),
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Everything kept about the signed-in candidate, once their password has
/// been given again: the copy is theirs, but a session left open on a
/// shared computer must not hand it to the next person.
///
/// # Errors
/// [`ServiceError::Invalid`] for a missing or wrong password,
/// [`ServiceError::TooManyAttempts`], [`ServiceError::Busy`],
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn my_data(
    state: &AppState,
    caller: &Caller,
    current_password: String,
) -> ServiceResult<MyData> {
    let id = require_candidate(state, caller).await?;
    let account =
        confirm_identity(state, caller, id, current_password, FieldErrors::default()).await?;
    let now = state.settings.clock.now();
    let mut held = Vec::new();
    for exam in exams::of_account(&state.db, id).await? {
        held.push(exam_data(state, exam, now).await?);
    }
    let pending = links::pending(&state.db, id, Purpose::ChangeEmail, now)
        .await?
        .and_then(|l| l.new_email);
    let this_session = session_hash(caller);
    let sessions = session::Entity::find()
        .filter(session::Column::AccountId.eq(id))
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_asc(session::Column::CreatedAt)
        .all(&state.db)
        .await
        .context("loading the sessions")?
        .into_iter()
        .map(|s| SessionData {
            this_session: this_session.as_deref() == Some(s.id_hash.as_str()),
            device: s.device,
            started_at: time(s.created_at),
            last_seen_at: s.last_seen_at.map(time),
            ends_at: time(s.expires_at),
        })
        .collect();
    let emails = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(account.email.as_str()))
        .filter(outbox::Column::CreatedAt.gt(now - state.settings.retention.sent_emails))
        .order_by_asc(outbox::Column::CreatedAt)
        .all(&state.db)
        .await
        .context("loading the emails sent")?
        .into_iter()
        .map(|m| EmailData {
            subject: m.subject,
            queued_at: time(m.created_at),
            sent_at: m.sent_at.map(time),
        })
        .collect();
    tracing::info!(account = %id, "data downloaded");
    Ok(MyData {
        exported_at: time(now),
        exams: held,
        account: AccountData {
            email: account.email,
            pending_email: pending,
            wants_updates: account.wants_updates,
            language: account.language,
            registered_at: time(account.created_at),
            email_confirmed_at: account.email_confirmed_at.map(time),
        },
        sessions,
        emails,
        passkeys: super::passkeys::passkeys_of(&state.db, id).await?,
    })
}

/// What is kept about `exam`, one exam of the account.
async fn exam_data(
    state: &AppState,
    exam: account_entry::Model,
    now: DateTime<Utc>,
) -> anyhow::Result<ExamData> {
    let entry = entry_of(&state.db, &exam.id_number).await?;
    let results = super::results::results_for(state, &exam.id_number, now).await?;
    Ok(ExamData {
        added_at: time(exam.added_at),
        results: results.outcome,
        results_email_queued_at: exam.results_notified_at.map(time),
        results_first_seen_at: exam.results_seen_at.map(time),
        share_codes: super::share_codes::codes_of(&state.db, &exam.id_number, now).await?,
        entry: EntryData {
            id_number: entry.id_number,
            given_name: entry.given_name,
            family_name: entry.family_name,
            exam: entry.exam,
            exam_date: entry.exam_date.format("%Y-%m-%d").to_string(),
            results_release_at: time(entry.results_release_at),
        },
    })
}

/// Deletes the signed-in candidate's account, once their password has been
/// given again: the account, every session (on every replica, since they
/// live in the database), every link, passkey and share code, the guessing
/// counters of its ID Numbers and the records of the emails sent to it, in
/// one transaction, with a last email saying it was done. The centres'
/// entries and results stay: they are the centres', and each exam can be
/// registered again with its Secret Number.
///
/// # Errors
/// As [`my_data`].
pub async fn delete_account(
    state: &AppState,
    caller: &Caller,
    current_password: String,
) -> ServiceResult<()> {
    let id = require_candidate(state, caller).await?;
    let account =
        confirm_identity(state, caller, id, current_password, FieldErrors::default()).await?;
    let entry = exams::first_entry(&state.db, id).await?;
    let id_numbers = exams::id_numbers(&state.db, id).await?;
    let now = state.settings.clock.now();
    let txn = state.db.begin().await.context("starting the deletion")?;
    session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(id))
        .exec(&txn)
        .await
        .context("ending the sessions")?;
    email_token::Entity::delete_many()
        .filter(email_token::Column::AccountId.eq(id))
        .exec(&txn)
        .await
        .context("deleting the links")?;
    let subjects = id_numbers.iter().map(|n| format!("id:{n}"));
    failed_attempt::Entity::delete_many()
        .filter(failed_attempt::Column::Subject.is_in(subjects))
        .exec(&txn)
        .await
        .context("deleting the guessing counters")?;
    outbox::Entity::delete_many()
        .filter(outbox::Column::Recipient.eq(account.email.as_str()))
        .exec(&txn)
        .await
        .context("deleting the email records")?;
    // Its exams (and their share codes) and passkeys go with it.
    account::Entity::delete_by_id(id)
        .exec(&txn)
        .await
        .context("deleting the account")?;
    let register = state.settings.link(crate::routes::REGISTER);
    let notice = mailer::account_deleted_email(
        account_language(&account),
        &entry.given_name,
        &entry.id_number,
        &register,
    );
    Outbox::queue(&txn, &account.email, notice, now).await?;
    txn.commit().await.context("committing the deletion")?;
    state.outbox.wake();
    tracing::info!(account = %id, "account deleted by its owner");
    Ok(())
}
