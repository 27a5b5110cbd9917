//! `/verify`: an institution checks a share code with the candidate's
//! family name. A right pair shows the result; anything else (unknown
//! code, wrong name, expired, revoked) gets one and the same refusal, so
//! that the answer tells a guesser nothing. Failures are limited per client
//! address, and every check is recorded for the candidate to see.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::entities::share_check::{self, CheckOutcome};
use super::entities::share_code;
use super::error::{ServiceError, ServiceResult};
use super::share_codes::fingerprint;
use super::throttle::{self, Guess};
use super::{AppState, Caller};
use crate::domain::{Outcome, VerifiedResult, VerifyInput, same_family_name};

/// Checks `input` for the institution at `caller`.
///
/// # Errors
/// [`ServiceError::NotVerified`] for every kind of wrong or dead code,
/// [`ServiceError::TooManyAttempts`] after too many failures from one
/// address, or [`ServiceError::Unexpected`].
pub async fn verify(
    state: &AppState,
    caller: &Caller,
    input: VerifyInput,
) -> ServiceResult<VerifiedResult> {
    let attempt =
        throttle::attempt_by_address(state, Guess::ShareCode, caller.ip.as_deref()).await?;
    let now = state.settings.clock.now();
    let key = &state.settings.server_key;
    let code = share_code::Entity::find()
        .filter(share_code::Column::Fingerprint.eq(fingerprint(key, &input.code)))
        .one(&state.db)
        .await
        .context("looking up a share code")?;
    let (outcome, verified) = match &code {
        None => (CheckOutcome::Unknown, None),
        Some(code) => judge(state, code, &input.family_name, now).await?,
    };
    share_check::ActiveModel {
        share_code_id: Set(code.as_ref().map(|c| c.id)),
        checked_at: Set(now),
        outcome: Set(outcome),
        organisation: Set(input.organisation.clone()),
        client_hash: Set(caller.ip.as_deref().map(|ip| key.fingerprint("client", ip))),
        ..Default::default()
    }
    .insert(&state.db)
    .await
    .context("recording a share-code check")?;
    tracing::info!(
        outcome = ?outcome,
        code_id = code.as_ref().map(|c| c.id),
        "share code checked"
    );
    match verified {
        Some(result) => {
            attempt.succeeded(state).await?;
            Ok(result)
        }
        None => {
            attempt.failed(state).await?;
            Err(ServiceError::NotVerified)
        }
    }
}

/// What a known code shows to `family_name` at `now`, and the outcome to record.
async fn judge(
    state: &AppState,
    code: &share_code::Model,
    family_name: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<(CheckOutcome, Option<VerifiedResult>)> {
    if code.revoked_at.is_some_and(|t| t <= now) {
        return Ok((CheckOutcome::Revoked, None));
    }
    if code.expires_at <= now {
        return Ok((CheckOutcome::Expired, None));
    }
    let entry = super::accounts::entry_of(&state.db, &code.id_number).await?;
    if !same_family_name(family_name, &entry.family_name, strip_marks) {
        return Ok((CheckOutcome::WrongName, None));
    }
    let view = super::results::results_for(state, &code.id_number, now).await?;
    let Outcome::Released(scores) = view.outcome else {
        return Ok((CheckOutcome::Unreleased, None));
    };
    Ok((
        CheckOutcome::Verified,
        Some(VerifiedResult {
            candidate_name: view.candidate_name,
            exam: view.exam,
            exam_date: view.exam_date,
            scores,
            checked_at_ms: now.timestamp_millis(),
            valid_until_ms: code.expires_at.timestamp_millis(),
        }),
    ))
}

/// "Lefèvre" → "Lefevre": the canonical decomposition without its marks,
/// and the letters French names write joined (œ, æ) written apart.
fn strip_marks(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| match c {
            'œ' => vec!['o', 'e'],
            'Œ' => vec!['O', 'E'],
            'æ' => vec!['a', 'e'],
            'Æ' => vec!['A', 'E'],
            'ß' => vec!['s', 's'],
            c => vec![c],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_match_without_accents_or_case() {
        for (typed, recorded) in [
            ("LEFEVRE", "Lefèvre"),
            ("lefèvre", "LEFÈVRE"),
            ("Müller", "MULLER"),
            ("Cœur", "COEUR"),
            ("Nuñez-García", "nunez garcia"),
        ] {
            assert!(
                same_family_name(typed, recorded, strip_marks),
                "{typed} / {recorded}"
            );
        }
        assert!(!same_family_name("Lefebvre", "Lefèvre", strip_marks));
        assert!(!same_family_name("", "", strip_marks));
    }
}
