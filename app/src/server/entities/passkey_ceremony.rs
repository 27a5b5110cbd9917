use sea_orm::entity::prelude::*;

use super::account::AccountId;

/// A WebAuthn ceremony begun and not yet finished: its challenge and
/// expectations, found by the hash of the random id the browser holds.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkey_ceremonies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    /// A ceremony finishes only what it began.
    pub purpose: Ceremony,
    /// The account adding a passkey; none for a sign-in.
    pub account_id: Option<AccountId>,
    /// webauthn-rs's ceremony state as JSON.
    #[sea_orm(column_type = "Text")]
    pub state: String,
    /// The failure counted against the client address when it began,
    /// taken back when it succeeds (see `throttle::attempt_by_address`).
    pub attempt_id: Option<i64>,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What a passkey ceremony is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Ceremony {
    /// A signed-in candidate adding a passkey.
    #[sea_orm(string_value = "add")]
    Add,
    #[sea_orm(string_value = "sign_in")]
    SignIn,
}
