//! The portal's upload: a file is checked and kept (an hour at most) while
//! the staff member reads its preview; Import then writes exactly that
//! file, all or nothing. Nothing is written to entries or results before.

use anyhow::Context;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use super::audit::{self, AuditAction};
use super::sessions::require_staff;
use crate::domain::{
    CentreCode, PREVIEW_ROWS, PreviewRow, RowChange, UploadKind, UploadPreview, UploadSummary,
};
use crate::i18n::Locale;
use crate::server::entities::centre_upload;
use crate::server::import::{self, Checked, ImportError, Progress};
use crate::server::{AppState, Caller, ServiceError, ServiceResult, tokens};

/// How long an uploaded file waits for its Import.
const KEPT_MINUTES: i64 = 60;

/// What Import did.
#[derive(Debug)]
pub enum Imported {
    Done(UploadSummary),
    /// The file no longer imports as previewed (another centre loaded one
    /// of its candidates meanwhile): the new preview, with the problem.
    Refused(UploadPreview),
}

fn kind_name(kind: UploadKind) -> &'static str {
    match kind {
        UploadKind::Entries => "entries",
        UploadKind::Results => "results",
    }
}

fn summary_text(kind: UploadKind, file_name: &str, s: &UploadSummary) -> String {
    format!(
        "{file_name} ({}): {} rows, {} new, {} updated, {} unchanged, {} with problems",
        kind_name(kind),
        s.rows,
        s.new,
        s.updated,
        s.unchanged,
        s.with_problems
    )
}

/// The preview of `checked`, worded in `locale`.
pub fn preview(
    upload: String,
    file_name: &str,
    checked: &Checked,
    locale: Locale,
) -> UploadPreview {
    let file_problems = checked
        .errors
        .iter()
        .filter(|e| e.column == "file" || e.column == "header")
        .map(|e| e.message(locale))
        .collect();
    let mut shown = 0;
    let rows = checked
        .rows
        .iter()
        .filter(|row| {
            let show = row.change == RowChange::Problem || shown < PREVIEW_ROWS;
            shown += usize::from(show && row.change != RowChange::Problem);
            show
        })
        .map(|row| PreviewRow {
            line: row.line,
            values: row.values.clone(),
            change: row.change,
            problems: checked
                .errors
                .iter()
                .filter(|e| e.line == row.line && e.column != "file")
                .map(|e| format!("{}: {}", e.column, e.message(locale)))
                .collect(),
        })
        .collect();
    UploadPreview {
        upload,
        kind: checked.kind,
        file_name: file_name.to_owned(),
        summary: checked.summary,
        rows,
        file_problems,
    }
}

/// Checks an uploaded file for the staff member's centre and keeps it for
/// its Import. Writes no entry or result.
///
/// # Errors
/// [`ServiceError::NotSignedIn`] or [`ServiceError::Unexpected`].
pub async fn check_upload(
    state: &AppState,
    caller: &Caller,
    kind: UploadKind,
    file_name: &str,
    data: Vec<u8>,
) -> ServiceResult<UploadPreview> {
    let staff = require_staff(state, caller).await?;
    let centre = CentreCode::parse(&staff.centre.code)
        .map_err(|e| anyhow::anyhow!("centre code {}: {e}", staff.centre.code))?;
    let checked = import::check(&state.db, &centre, kind, &data).await?;
    let now = state.settings.clock.now();
    let file_name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    // Files left without an Import go after an hour.
    centre_upload::Entity::delete_many()
        .filter(centre_upload::Column::CreatedAt.lt(now - Duration::minutes(KEPT_MINUTES)))
        .exec(&state.db)
        .await
        .context("forgetting old uploads")?;
    let token = tokens::generate();
    let detail = summary_text(kind, &file_name, &checked.summary);
    centre_upload::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        staff_id: Set(staff.staff.id),
        centre_code: Set(staff.centre.code.clone()),
        kind: Set(kind_name(kind).to_owned()),
        file_name: Set(file_name.clone()),
        data: Set(data),
        created_at: Set(now),
    }
    .insert(&state.db)
    .await
    .context("keeping the upload")?;
    audit::record(
        &state.db,
        &staff.centre.code,
        &staff.actor(caller),
        AuditAction::Uploaded,
        &detail,
        now,
    )
    .await?;
    Ok(preview(token, &file_name, &checked, caller.locale))
}

/// Imports the file the staff member previewed as `upload`.
///
/// # Errors
/// [`ServiceError::NotFound`] for an upload that is not theirs, already
/// imported or older than an hour; [`ServiceError::NotSignedIn`] or
/// [`ServiceError::Unexpected`].
pub async fn import_upload(
    state: &AppState,
    caller: &Caller,
    upload: &str,
) -> ServiceResult<Imported> {
    let staff = require_staff(state, caller).await?;
    let now = state.settings.clock.now();
    let found = centre_upload::Entity::find_by_id(tokens::hash(upload.trim()))
        .filter(centre_upload::Column::StaffId.eq(staff.staff.id))
        .filter(centre_upload::Column::CentreCode.eq(staff.centre.code.as_str()))
        .filter(centre_upload::Column::CreatedAt.gt(now - Duration::minutes(KEPT_MINUTES)))
        .one(&state.db)
        .await
        .context("loading the upload")?;
    let Some(file) = found else {
        return Err(ServiceError::NotFound);
    };
    let kind = if file.kind == "results" {
        UploadKind::Results
    } else {
        UploadKind::Entries
    };
    let centre = CentreCode::parse(&file.centre_code)
        .map_err(|e| anyhow::anyhow!("centre code {}: {e}", file.centre_code))?;
    match import::import(&state.db, &centre, kind, &file.data, Progress::Hidden).await {
        Ok(summary) => {
            centre_upload::Entity::delete_by_id(file.token_hash.as_str())
                .exec(&state.db)
                .await
                .context("forgetting the imported upload")?;
            audit::record(
                &state.db,
                &staff.centre.code,
                &staff.actor(caller),
                AuditAction::Imported,
                &summary_text(kind, &file.file_name, &summary),
                now,
            )
            .await?;
            tracing::info!(centre = %staff.centre.code, rows = summary.rows, "file imported from the portal");
            Ok(Imported::Done(summary))
        }
        Err(ImportError::Invalid(_)) => {
            let checked = import::check(&state.db, &centre, kind, &file.data).await?;
            Ok(Imported::Refused(preview(
                upload.to_owned(),
                &file.file_name,
                &checked,
                caller.locale,
            )))
        }
        Err(ImportError::Failed(e)) => Err(ServiceError::Unexpected(e)),
    }
}
