//! What differs between the two kinds of file: the columns each row is
//! checked and turned into, what is loaded to compare it with, and the
//! table it is written to. The algorithm around them is one (`super`).

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, Iterable, QueryFilter};

use super::report::RowProblem;
use super::row::RowCheck;
use crate::domain::{
    CefrLevel, CentreCode, Column, Grade, IdNumber, PersonName, Score, SecretNumber, UploadKind,
    ValidationError, required_text,
};
use crate::server::entities::{entry, exam_result};

/// Rows written per statement, and ID Numbers looked up per query.
pub(super) const CHUNK: usize = 500;
/// The longest exam name a file may give.
const MAX_EXAM_CHARS: usize = 200;

/// One kind of file.
pub(super) trait Rules {
    type Entity: EntityTrait<Model = Self::Model>;
    type Model: PartialEq + Into<<Self::Entity as EntityTrait>::ActiveModel>;
    const KIND: UploadKind;

    /// What is loaded of the file's ID Numbers: each one's row, and a
    /// problem for an ID Number the centre may not write.
    async fn loaded(
        db: &impl ConnectionTrait,
        centre: &CentreCode,
        ids: &[String],
    ) -> anyhow::Result<Loaded<Self::Model>>;

    /// The row the values make for `id`, or `None` after noting every
    /// column's problem (or without an ID Number).
    fn row(
        id: Option<&IdNumber>,
        check: &mut RowCheck<'_, '_>,
        centre: &CentreCode,
    ) -> Option<Self::Model>;

    /// A re-imported row replaces these columns (never its key or centre).
    fn upsert() -> OnConflict;
}

/// The rows loaded, by ID Number, and the ID Numbers refused.
pub(super) struct Loaded<M> {
    pub rows: HashMap<String, M>,
    pub refused: HashMap<String, RowProblem>,
}

pub(super) struct Entries;

impl Rules for Entries {
    type Entity = entry::Entity;
    type Model = entry::Model;
    const KIND: UploadKind = UploadKind::Entries;

    async fn loaded(
        db: &impl ConnectionTrait,
        centre: &CentreCode,
        ids: &[String],
    ) -> anyhow::Result<Loaded<entry::Model>> {
        let rows = entries_with_ids(db, ids).await?;
        let refused = rows
            .values()
            .filter(|e| e.centre_code != centre.as_ref())
            .map(|e| (e.id_number.clone(), RowProblem::OtherCentre))
            .collect();
        Ok(Loaded { rows, refused })
    }

    fn row(
        id: Option<&IdNumber>,
        c: &mut RowCheck<'_, '_>,
        centre: &CentreCode,
    ) -> Option<entry::Model> {
        let secret = c.check(Column::SecretNumber, SecretNumber::parse);
        let given = c.check(Column::GivenName, PersonName::parse);
        let family = c.check(Column::FamilyName, PersonName::parse);
        let exam = c.check(Column::Exam, |v| required_text(v, MAX_EXAM_CHARS));
        let date = c.check(Column::ExamDate, |v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| RowProblem::DateFormat)
        });
        let release = c.check(Column::ResultsReleaseAt, |v| {
            DateTime::parse_from_rfc3339(v).map_err(|_| RowProblem::ReleaseTimeFormat)
        });
        Some(entry::Model {
            id_number: id?.to_string(),
            secret_number: secret?.as_ref().to_owned(),
            given_name: given?.into(),
            family_name: family?.into(),
            exam: exam?,
            exam_date: date?,
            results_release_at: release?.with_timezone(&Utc),
            centre_code: centre.to_string(),
        })
    }

    fn upsert() -> OnConflict {
        let kept =
            |c: &entry::Column| matches!(c, entry::Column::IdNumber | entry::Column::CentreCode);
        OnConflict::column(entry::Column::IdNumber)
            .update_columns(entry::Column::iter().filter(|c| !kept(c)))
            .to_owned()
    }
}

pub(super) struct Results;

impl Rules for Results {
    type Entity = exam_result::Entity;
    type Model = exam_result::Model;
    const KIND: UploadKind = UploadKind::Results;

    async fn loaded(
        db: &impl ConnectionTrait,
        centre: &CentreCode,
        ids: &[String],
    ) -> anyhow::Result<Loaded<exam_result::Model>> {
        // Another centre's candidate is, to this centre, unknown.
        let own: HashSet<String> = entries_with_ids(db, ids)
            .await?
            .into_values()
            .filter(|e| e.centre_code == centre.as_ref())
            .map(|e| e.id_number)
            .collect();
        let refused = ids
            .iter()
            .filter(|id| !own.contains(*id))
            .map(|id| (id.clone(), RowProblem::UnknownIdNumber))
            .collect();
        let mut rows = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let found = exam_result::Entity::find()
                .filter(exam_result::Column::IdNumber.is_in(chunk.iter().cloned()))
                .all(db)
                .await
                .context("loading the file's results")?;
            rows.extend(found.into_iter().map(|r| (r.id_number.clone(), r)));
        }
        Ok(Loaded { rows, refused })
    }

    fn row(
        id: Option<&IdNumber>,
        c: &mut RowCheck<'_, '_>,
        _: &CentreCode,
    ) -> Option<exam_result::Model> {
        let overall = c.check(Column::OverallScore, Score::parse);
        let grade = c.check(Column::Grade, Grade::parse);
        let cefr = c.check(Column::CefrLevel, CefrLevel::parse);
        let mut skill = |column| c.check(column, optional_score);
        let (reading, writing, listening) = (
            skill(Column::Reading),
            skill(Column::Writing),
            skill(Column::Listening),
        );
        let (speaking, use_of_english) = (skill(Column::Speaking), skill(Column::UseOfEnglish));
        Some(exam_result::Model {
            id_number: id?.to_string(),
            overall_score: score_i16(overall?),
            grade: grade?.as_ref().to_owned(),
            cefr_level: cefr?.as_str().to_owned(),
            reading: reading?,
            writing: writing?,
            listening: listening?,
            speaking: speaking?,
            use_of_english: use_of_english?,
        })
    }

    fn upsert() -> OnConflict {
        OnConflict::column(exam_result::Column::IdNumber)
            .update_columns(
                exam_result::Column::iter().filter(|c| !matches!(c, exam_result::Column::IdNumber)),
            )
            .to_owned()
    }
}

fn optional_score(value: &str) -> Result<Option<i16>, ValidationError> {
    if value.is_empty() {
        Ok(None)
    } else {
        Score::parse(value).map(|s| Some(score_i16(s)))
    }
}

fn score_i16(s: Score) -> i16 {
    // 80..=230 always fits.
    i16::try_from(s.value()).unwrap_or(i16::MAX)
}

pub(super) async fn entries_with_ids(
    db: &impl ConnectionTrait,
    ids: &[String],
) -> anyhow::Result<HashMap<String, entry::Model>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let found = entry::Entity::find()
            .filter(entry::Column::IdNumber.is_in(chunk.iter().cloned()))
            .all(db)
            .await
            .context("loading the file's entries")?;
        out.extend(found.into_iter().map(|e| (e.id_number.clone(), e)));
    }
    Ok(out)
}
