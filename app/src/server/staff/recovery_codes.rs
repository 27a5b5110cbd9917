//! Recovery codes: ten, given once with an authenticator app, each usable
//! once in its place; kept only as HMACs under the server key (50 bits is
//! too few to store as a plain hash).

use anyhow::Context;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::domain::{RECOVERY_CODES, ShareCode};
use crate::server::AppState;
use crate::server::entities::staff_recovery_code;

pub(super) async fn use_recovery_code(
    state: &AppState,
    txn: &impl sea_orm::ConnectionTrait,
    staff_id: i64,
    code: &ShareCode,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let used = staff_recovery_code::Entity::update_many()
        .col_expr(staff_recovery_code::Column::UsedAt, Expr::value(now))
        .filter(staff_recovery_code::Column::StaffId.eq(staff_id))
        .filter(staff_recovery_code::Column::CodeHash.eq(recovery_hash(state, code)))
        .filter(staff_recovery_code::Column::UsedAt.is_null())
        .exec(txn)
        .await
        .context("using a recovery code")?;
    Ok(used.rows_affected == 1)
}

fn recovery_hash(state: &AppState, code: &ShareCode) -> String {
    state
        .settings
        .server_key
        .fingerprint("staff-recovery-code", code.as_ref())
}

/// Replaces the staff member's recovery codes with ten new ones, returned
/// once (grouped, as they are to be typed) and kept only as keyed hashes.
pub(super) async fn new_recovery_codes(
    state: &AppState,
    txn: &impl sea_orm::ConnectionTrait,
    staff_id: i64,
) -> anyhow::Result<Vec<String>> {
    staff_recovery_code::Entity::delete_many()
        .filter(staff_recovery_code::Column::StaffId.eq(staff_id))
        .exec(txn)
        .await
        .context("replacing recovery codes")?;
    let codes: Vec<ShareCode> = (0..RECOVERY_CODES)
        .map(|_| ShareCode::from_bits(rand::rngs::OsRng.next_u64()))
        .collect();
    let rows = codes.iter().map(|code| staff_recovery_code::ActiveModel {
        staff_id: sea_orm::Set(staff_id),
        code_hash: sea_orm::Set(recovery_hash(state, code)),
        used_at: sea_orm::Set(None),
        ..Default::default()
    });
    staff_recovery_code::Entity::insert_many(rows)
        .exec_without_returning(txn)
        .await
        .context("storing recovery codes")?;
    Ok(codes.iter().map(ShareCode::grouped).collect())
}
