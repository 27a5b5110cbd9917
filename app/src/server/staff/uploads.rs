//! The portal's upload: a file is checked and kept (an hour at most) while
//! the staff member reads its preview; Import then writes exactly that
//! file, all or nothing. Nothing is written to entries or results before.

use anyhow::Context;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

use super::audit::{self, AuditAction};
use super::sessions::require_staff;
use crate::domain::{
    PREVIEW_ROWS, PreviewRow, RowChange, UploadKind, UploadPreview, UploadSummary,
};
use crate::i18n::Locale;
use crate::server::entities::centre_upload;
use crate::server::import::{self, Checked, ImportError, ImportFile, audit_detail};
use crate::server::{AppState, Caller, ServiceError, ServiceResult, tokens};

/// How long an uploaded file waits for its Import; the hourly clean-up
/// deletes it after that (`retention`).
pub const KEPT_MINUTES: i64 = 60;

/// What Import did.
#[derive(Debug)]
pub enum Imported {
    Done(UploadSummary),
    /// The file no longer imports as previewed (another centre loaded one
    /// of its candidates meanwhile): the new preview, with the problem.
    Refused(UploadPreview),
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
        .filter(|e| e.is_whole_file())
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
                .filter(|e| e.line == row.line && !e.is_whole_file())
                .map(|e| format!("{}: {}", e.column(), e.message(locale)))
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
    let centre = staff.centre_code()?;
    let checked = import::check(&state.db, &centre, kind, &data).await?;
    let now = state.settings.clock.now();
    let file_name: String = file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let token = tokens::generate();
    let txn = state
        .db
        .begin()
        .await
        .context("starting to keep an upload")?;
    centre_upload::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        staff_id: Set(staff.staff.id),
        centre_code: Set(centre.to_string()),
        kind: Set(kind),
        file_name: Set(file_name.clone()),
        data: Set(data),
        created_at: Set(now),
    }
    .insert(&txn)
    .await
    .context("keeping the upload")?;
    let detail = audit_detail(kind, &file_name, &checked.summary);
    audit::record(
        &txn,
        centre.as_ref(),
        &staff.actor(caller),
        AuditAction::Uploaded,
        &detail,
        now,
    )
    .await?;
    txn.commit().await.context("committing the upload")?;
    Ok(preview(token, &file_name, &checked, caller.locale))
}

/// Imports the file the staff member previewed as `upload`, forgets it
/// and logs the import, all in one transaction.
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
    let centre = staff.centre_code()?;
    let now = state.settings.clock.now();
    let found = centre_upload::Entity::find_by_id(tokens::hash(upload.trim()))
        .filter(centre_upload::Column::StaffId.eq(staff.staff.id))
        .filter(centre_upload::Column::CentreCode.eq(centre.as_ref()))
        .filter(centre_upload::Column::CreatedAt.gt(now - Duration::minutes(KEPT_MINUTES)))
        .one(&state.db)
        .await
        .context("loading the upload")?;
    let Some(kept) = found else {
        return Err(ServiceError::NotFound);
    };
    let checked = import::check(&state.db, &centre, kept.kind, &kept.data).await?;
    let actor = staff.actor(caller);
    let file = ImportFile {
        centre: &centre,
        kind: kept.kind,
        data: &kept.data,
        name: &kept.file_name,
        by: &actor,
        at: now,
    };
    let refused = |checked: &Checked| {
        Imported::Refused(preview(
            upload.to_owned(),
            &kept.file_name,
            checked,
            caller.locale,
        ))
    };
    if !checked.errors.is_empty() {
        return Ok(refused(&checked));
    }
    let txn = state.db.begin().await.context("starting the import")?;
    match import::write(&txn, file, checked, &|_, _| {}).await {
        Ok(summary) => {
            // Only the request that forgets the upload imports it.
            let forgotten = centre_upload::Entity::delete_by_id(kept.token_hash.as_str())
                .exec(&txn)
                .await
                .context("forgetting the imported upload")?;
            if forgotten.rows_affected != 1 {
                txn.rollback().await.context("undoing a second import")?;
                return Err(ServiceError::NotFound);
            }
            txn.commit().await.context("committing the import")?;
            tracing::info!(centre = %centre, rows = summary.rows, "file imported from the portal");
            Ok(Imported::Done(summary))
        }
        Err(ImportError::Invalid(_)) => {
            txn.rollback().await.context("undoing the import")?;
            let again = import::check(&state.db, &centre, kept.kind, &kept.data).await?;
            Ok(refused(&again))
        }
        Err(ImportError::Failed(e)) => {
            // The fault is what the staff member hears of; a failed rollback
            // only adds that the connection is gone too.
            if let Err(also) = txn.rollback().await {
                tracing::warn!(error = %also, "undoing a failed import failed too");
            }
            Err(ServiceError::Unexpected(e))
        }
    }
}
