//! The Statement of Results: a PDF of the candidate's released results, in
//! their language, that an institution can check at `/verify`. The same
//! results give the same bytes: no clock or random value goes inside (the
//! date of issue is the release date, the reference a hash of the results).

mod layout;

use anyhow::Context;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::error::{ServiceError, ServiceResult};
use super::sessions::require_candidate;
use super::{AppState, Caller};
use crate::domain::{Outcome, ResultsView, Scores, Skill};
use crate::i18n::{Locale, td_string};
use leptos_i18n::Locale as _;

pub use layout::{StatementText, render};

/// A rendered statement and the name to save it as.
pub struct Statement {
    pub file_name: String,
    pub pdf: Vec<u8>,
}

/// The signed-in candidate's statement, once their results are released.
///
/// # Errors
/// [`ServiceError::NotFound`] before the release (or before the results are
/// loaded), [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn statement(state: &AppState, caller: &Caller) -> ServiceResult<Statement> {
    let account = require_candidate(state, caller).await?;
    let id_number = crate::server::exams::first_of(&state.db, account).await?;
    let now = state.settings.clock.now();
    let view = super::results::results_for(state, &id_number, now).await?;
    let Outcome::Released(scores) = &view.outcome else {
        return Err(ServiceError::NotFound);
    };
    let entry = super::accounts::entry_of(&state.db, &id_number).await?;
    let text = wording(
        caller.locale,
        &view,
        scores,
        entry.results_release_at,
        &state.settings.public_url,
    );
    let file_name = format!(
        "{}-{id_number}.pdf",
        td_string!(caller.locale, statement.file_name)
    );
    // Laying out and compressing takes milliseconds of CPU: not on the threads
    // that answer requests, and no more at once than there are cores, so
    // that a burst of downloads queues instead of holding a document's
    // memory per request (the load test saw RSS reach 468 MiB unbounded);
    // past the queue, the answer is to come back in a moment.
    let place = state.statements.admit().map_err(|_| ServiceError::Busy {
        retry_after_seconds: super::error::BUSY_RETRY_SECONDS,
    })?;
    let _turn = place.turn().await?;
    let pdf = tokio::task::spawn_blocking(move || render(&text))
        .await
        .context("rendering a statement")??;
    tracing::info!(%id_number, bytes = pdf.len(), "statement of results downloaded");
    Ok(Statement { file_name, pdf })
}

/// The statement's words for `view` in `locale`.
pub fn wording(
    locale: Locale,
    view: &ResultsView,
    scores: &Scores,
    released_at: DateTime<Utc>,
    public_url: &str,
) -> StatementText {
    let skill = |s: Skill| match s {
        Skill::Reading => td_string!(locale, skills.reading),
        Skill::Writing => td_string!(locale, skills.writing),
        Skill::Listening => td_string!(locale, skills.listening),
        Skill::Speaking => td_string!(locale, skills.speaking),
        Skill::UseOfEnglish => td_string!(locale, skills.use_of_english),
    };
    let exam_date = NaiveDate::parse_from_str(&view.exam_date, "%Y-%m-%d")
        .map(|d| long_date(locale, d))
        .unwrap_or_else(|_| view.exam_date.clone());
    let (min, max) = (scores.scale.min.to_string(), scores.scale.max.to_string());
    let url = format!("{public_url}{}", crate::routes::VERIFY);
    let label = |s: &str| s.to_owned();
    StatementText {
        lang: locale.as_str(),
        site: td_string!(locale, site.name).to_owned(),
        title: td_string!(locale, statement.title).to_owned(),
        details: vec![
            (
                label(td_string!(locale, results.candidate)),
                view.candidate_name.clone(),
            ),
            (
                label(td_string!(locale, fields.id_number)),
                view.id_number.clone(),
            ),
            (label(td_string!(locale, results.exam)), view.exam.clone()),
            (label(td_string!(locale, results.exam_date)), exam_date),
        ],
        results_title: td_string!(locale, statement.results).to_owned(),
        headline: vec![
            (
                label(td_string!(locale, results.overall)),
                scores.overall.to_string(),
            ),
            (
                label(td_string!(locale, results.grade)),
                scores.grade.clone(),
            ),
            (
                label(td_string!(locale, results.cefr)),
                scores.cefr_level.clone(),
            ),
        ],
        skills_title: td_string!(locale, results.skills).to_owned(),
        skills: scores
            .skills
            .iter()
            .map(|s| (skill(s.skill).to_owned(), s.score.to_string()))
            .collect(),
        scale_note: td_string!(locale, statement.scale, min = &min, max = &max),
        issue: vec![
            (
                label(td_string!(locale, statement.issued)),
                long_date(locale, released_at.date_naive()),
            ),
            (
                label(td_string!(locale, statement.reference)),
                reference(view, scores),
            ),
        ],
        verify_title: td_string!(locale, statement.verify_title).to_owned(),
        verify_text: td_string!(locale, statement.verify_text, url = &url),
        footer: format!("{} — {public_url}", td_string!(locale, site.name)),
    }
}

/// "13 June 2026" / "13 juin 2026".
pub fn long_date(locale: Locale, date: NaiveDate) -> String {
    let month = crate::domain::month_word(locale, date.month());
    let (day, year) = (date.day().to_string(), date.year().to_string());
    td_string!(
        locale,
        dates.day_month_year,
        day = &day,
        month = &month,
        year = &year
    )
}

/// A reference that names these results: the same results, the same
/// reference; any change of score, a different one.
fn reference(view: &ResultsView, scores: &Scores) -> String {
    let mut hash = Sha256::new();
    for part in [
        view.id_number.as_str(),
        view.exam.as_str(),
        view.exam_date.as_str(),
        scores.grade.as_str(),
        scores.cefr_level.as_str(),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.update(scores.overall.to_be_bytes());
    for s in &scores.skills {
        hash.update(s.score.to_be_bytes());
    }
    let digest = hash.finalize();
    let bits = digest
        .iter()
        .take(8)
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    format!("SR-{}", crate::domain::ShareCode::from_bits(bits).grouped())
}
