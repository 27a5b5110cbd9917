//! What a signed-in candidate may see of their entry and results.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{EntityTrait, FromQueryResult, JoinType, QuerySelect};

use super::entities::{account_entry, exam_result};
use super::error::ServiceResult;
use super::release::{come_back_later, mark_once};
use super::sessions::require_candidate;
use super::{AppState, Caller};
use crate::domain::{
    AccountResults, Asking, ExamOutcome, ExamScale, Outcome, ResultsView, Scores, Skill, SkillScore,
};

/// The signed-in caller's own results, as they stand now.
///
/// # Errors
/// [`ServiceError::Busy`](super::error::ServiceError::Busy) when this
/// replica already answers as many as it may,
/// [`ServiceError::NotSignedIn`](super::error::ServiceError::NotSignedIn) or
/// [`ServiceError::Unexpected`](super::error::ServiceError::Unexpected).
pub async fn my_results(state: &AppState, caller: &Caller) -> ServiceResult<AccountResults> {
    let policy = &state.settings.release;
    let _inside = state
        .results_pages
        .admit()
        .map_err(|_| come_back_later(policy))?;
    let account = require_candidate(state, caller).await?;
    let held = super::exams::of_account(&state.db, account).await?;
    let now = state.settings.clock.now();
    let mut views = Vec::with_capacity(held.len());
    for exam in &held {
        let (view, seen) = view_at(state, &exam.id_number, now).await?;
        if seen == Some(false) {
            note_seen(state, &exam.id_number, now).await?;
        }
        views.push(view);
    }
    let mut views = views.into_iter();
    let shown = views.next().context("an account without an exam")?;
    let mut others: Vec<ExamOutcome> = views
        .map(|v| ExamOutcome {
            id_number: v.id_number,
            exam: v.exam,
            exam_date: v.exam_date,
            outcome: v.outcome,
        })
        .collect();
    others.sort_by(|a, b| b.exam_date.cmp(&a.exam_date));
    Ok(AccountResults { shown, others })
}

/// Notes the first time the candidate sees their released results, so that
/// "your results are available" is not sent to someone who already knows.
/// Written once: whether it was already noted comes with the scores
/// ([`view_at`]), because at the release everyone looks, and a write each
/// time would queue every view behind SQLite's single writer.
async fn note_seen(state: &AppState, id_number: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
    mark_once(
        &state.db,
        account_entry::Column::ResultsSeenAt,
        id_number,
        now,
    )
    .await
    .context("noting that the results were seen")?;
    Ok(())
}

/// The candidate's view at `now`. Scores are not even read from the
/// database before the release time, so they cannot leak into a response.
///
/// # Errors
/// When the database fails or the entry is missing.
pub async fn results_for(
    state: &AppState,
    id_number: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<ResultsView> {
    Ok(view_at(state, id_number, now).await?.0)
}

/// The scores, with whether the account has already seen them: one
/// round trip, since every waiting candidate asks at the same moment.
#[derive(FromQueryResult)]
struct Released {
    #[sea_orm(nested)]
    result: exam_result::Model,
    seen_at: Option<DateTime<Utc>>,
}

/// [`results_for`], and for released scores whether the account had
/// already seen them.
async fn view_at(
    state: &AppState,
    id_number: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<(ResultsView, Option<bool>)> {
    let entry = super::accounts::entry_of(&state.db, id_number).await?;
    let (outcome, seen) = if now < entry.results_release_at {
        (
            Outcome::Pending {
                release_at_ms: entry.results_release_at.timestamp_millis(),
            },
            None,
        )
    } else {
        let in_account = exam_result::Entity::belongs_to(account_entry::Entity)
            .from(exam_result::Column::IdNumber)
            .to(account_entry::Column::IdNumber)
            .into();
        let released = exam_result::Entity::find_by_id(id_number)
            .column_as(account_entry::Column::ResultsSeenAt, "seen_at")
            .join(JoinType::LeftJoin, in_account)
            .into_model::<Released>()
            .one(&state.db)
            .await
            .context("loading the results")?;
        match released {
            None => (Outcome::NotYetLoaded, None),
            Some(r) => (
                Outcome::Released(scores(&entry.exam, &r.result)),
                Some(r.seen_at.is_some()),
            ),
        }
    };
    let view = ResultsView {
        candidate_name: format!("{} {}", entry.given_name, entry.family_name),
        id_number: entry.id_number,
        exam: entry.exam,
        exam_date: entry.exam_date.format("%Y-%m-%d").to_string(),
        outcome,
        asking: Asking {
            server_now_ms: now.timestamp_millis(),
            spread_ms: state.settings.release.spread.num_milliseconds(),
        },
    };
    Ok((view, seen))
}

fn scores(exam: &str, r: &exam_result::Model) -> Scores {
    // Scores were range-checked on import; a negative one would be a bug.
    let to_u16 = |v: i16| u16::try_from(v).unwrap_or(0);
    let skills = [
        (Skill::Reading, r.reading),
        (Skill::Writing, r.writing),
        (Skill::Listening, r.listening),
        (Skill::Speaking, r.speaking),
        (Skill::UseOfEnglish, r.use_of_english),
    ]
    .into_iter()
    .filter_map(|(skill, score)| {
        score.map(|s| SkillScore {
            skill,
            score: to_u16(s),
        })
    })
    .collect();
    Scores {
        overall: to_u16(r.overall_score),
        grade: r.grade.clone(),
        cefr_level: r.cefr_level.clone(),
        scale: ExamScale::for_exam(exam),
        skills,
    }
}
