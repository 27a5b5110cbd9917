//! Release times, set for a whole exam session of the centre at once, in
//! the centre's own time zone, and only while the results are not out.

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use super::audit::{self, AuditAction};
use super::sessions::require_staff;
use crate::domain::{ExamSessionView, ExamSessions, Field, ReleaseChanged, ValidationError};
use crate::server::entities::entry;
use crate::server::zones::local_time;
use crate::server::{AppState, Caller, ServiceError, ServiceResult};

/// The centre's exam sessions, soonest release first.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn sessions(state: &AppState, caller: &Caller) -> ServiceResult<ExamSessions> {
    let staff = require_staff(state, caller).await?;
    let now = state.settings.clock.now();
    let rows: Vec<(String, NaiveDate, DateTime<Utc>, i64)> = entry::Entity::find()
        .select_only()
        .column(entry::Column::Exam)
        .column(entry::Column::ExamDate)
        .column(entry::Column::ResultsReleaseAt)
        .column_as(entry::Column::IdNumber.count(), "candidates")
        .filter(entry::Column::CentreCode.eq(staff.centre.code.as_str()))
        .group_by(entry::Column::Exam)
        .group_by(entry::Column::ExamDate)
        .group_by(entry::Column::ResultsReleaseAt)
        .order_by_asc(entry::Column::ResultsReleaseAt)
        .order_by_asc(entry::Column::Exam)
        .into_tuple()
        .all(&state.db)
        .await
        .context("listing the exam sessions")?;
    let sessions = rows
        .into_iter()
        .map(|(exam, date, release, n)| ExamSessionView {
            exam,
            exam_date: date.to_string(),
            release_at: release.to_rfc3339(),
            release_local: local_time(release, &staff.centre.time_zone),
            candidates: u64::try_from(n).unwrap_or_default(),
            released: release <= now,
        })
        .collect();
    Ok(ExamSessions {
        time_zone: staff.centre.time_zone,
        sessions,
    })
}

/// One exam session of a centre, as its release form names it: the
/// candidates who sat `exam` on `date` and see their results at `release_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamSession {
    pub exam: String,
    pub date: NaiveDate,
    pub release_at: DateTime<Utc>,
}

impl ExamSession {
    /// The session a form names (`2026-06-13`, an RFC 3339 time), if the
    /// values are well formed: the form only sends back what the page showed.
    pub fn parse(exam: &str, date: &str, release_at: &str) -> Option<Self> {
        Some(Self {
            exam: exam.to_owned(),
            date: NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?,
            release_at: DateTime::parse_from_rfc3339(release_at.trim())
                .ok()?
                .with_timezone(&Utc),
        })
    }
}

/// The instant `local` (`2026-07-12T10:00`, as a date-time field sends it,
/// or with a space) names in `time_zone`; in a clock change's repeated
/// hour, the earlier one.
fn parse_local(local: &str, time_zone: &str) -> Result<DateTime<Utc>, ValidationError> {
    let text = local.trim().replace(' ', "T");
    let civil: jiff::civil::DateTime = text.parse().map_err(|_| ValidationError::DateTimeFormat)?;
    let zone = jiff::tz::TimeZone::get(time_zone).map_err(|_| ValidationError::DateTimeFormat)?;
    let zoned = civil
        .to_zoned_datetime(zone)
        .map_err(|_| ValidationError::DateTimeFormat)?;
    DateTime::from_timestamp(zoned.timestamp().as_second(), 0)
        .ok_or(ValidationError::DateTimeFormat)
}

/// Moves the release of the session (`exam`, `exam_date`, released at
/// `current`) to `new_local` in the centre's zone, for every candidate of
/// the session at once. Only while its results are not out, and only to a
/// time that has not passed.
///
/// # Errors
/// [`ServiceError::Invalid`] on the release field
/// ([`ValidationError::DateTimeFormat`], [`ValidationError::NotInFuture`],
/// [`ValidationError::AlreadyReleased`]), [`ServiceError::NotFound`] for
/// a session the centre does not have, [`ServiceError::NotSignedIn`] or
/// [`ServiceError::Unexpected`].
pub async fn change(
    state: &AppState,
    caller: &Caller,
    session: &ExamSession,
    new_local: &str,
) -> ServiceResult<ReleaseChanged> {
    let staff = require_staff(state, caller).await?;
    let now = state.settings.clock.now();
    let zone = staff.centre.time_zone.clone();
    let ExamSession {
        exam,
        date,
        release_at: current,
    } = session.clone();
    let new =
        parse_local(new_local, &zone).map_err(|e| ServiceError::invalid(Field::ReleaseAt, e))?;
    if current <= now {
        return Err(ServiceError::invalid(
            Field::ReleaseAt,
            ValidationError::AlreadyReleased,
        ));
    }
    if new <= now {
        return Err(ServiceError::invalid(
            Field::ReleaseAt,
            ValidationError::NotInFuture,
        ));
    }
    // The release time is in the statement itself: a session released
    // meanwhile is not moved (the update finds none of its rows).
    let txn = state
        .db
        .begin()
        .await
        .context("starting a release change")?;
    let moved = entry::Entity::update_many()
        .col_expr(entry::Column::ResultsReleaseAt, Expr::value(new))
        .filter(entry::Column::CentreCode.eq(staff.centre.code.as_str()))
        .filter(entry::Column::Exam.eq(exam.as_str()))
        .filter(entry::Column::ExamDate.eq(date))
        .filter(entry::Column::ResultsReleaseAt.eq(current))
        .filter(entry::Column::ResultsReleaseAt.gt(now))
        .exec(&txn)
        .await
        .context("moving the release time")?;
    if moved.rows_affected == 0 {
        txn.rollback().await.context("ending a release change")?;
        return Err(ServiceError::NotFound);
    }
    let detail = format!(
        "{exam} {date}: {} -> {} ({zone}), {} candidates",
        local_time(current, &zone),
        local_time(new, &zone),
        moved.rows_affected
    );
    audit::record(
        &txn,
        &staff.centre.code,
        &staff.actor(caller),
        AuditAction::ReleaseTimeChanged,
        &detail,
        now,
    )
    .await?;
    txn.commit()
        .await
        .context("committing the release change")?;
    tracing::info!(centre = %staff.centre.code, %exam, candidates = moved.rows_affected, "release time changed");
    Ok(ReleaseChanged {
        exam,
        candidates: moved.rows_affected,
        release_local: local_time(new, &zone),
        time_zone: zone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_is_read_in_the_centres_zone() {
        let paris = parse_local("2026-07-12T10:00", "Europe/Paris").expect("parsed");
        assert_eq!(
            paris.to_rfc3339(),
            "2026-07-12T08:00:00+00:00",
            "summer time: UTC+2"
        );
        let winter = parse_local("2026-12-12 10:00", "Europe/Paris").expect("parsed");
        assert_eq!(winter.to_rfc3339(), "2026-12-12T09:00:00+00:00");
        assert_eq!(
            parse_local("2026-07-12T10:00", "America/Martinique")
                .expect("parsed")
                .to_rfc3339(),
            "2026-07-12T14:00:00+00:00"
        );
        assert_eq!(
            parse_local("12/07/2026", "Europe/Paris"),
            Err(ValidationError::DateTimeFormat)
        );
        assert_eq!(
            parse_local("", "Europe/Paris"),
            Err(ValidationError::DateTimeFormat)
        );
    }
}
