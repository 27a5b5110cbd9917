use sea_orm::entity::prelude::*;

use super::account::AccountId;

/// A candidate's passkey: the public key and counters WebAuthn checks
/// signatures against (never a secret), with the name the candidate gave it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkeys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: AccountId,
    /// The credential id, hex: how a sign-in finds its passkey.
    pub credential_id: String,
    /// The account's WebAuthn user handle (a random UUID, the same for all
    /// its passkeys): what a discoverable credential hands back.
    pub user_handle: String,
    pub name: String,
    /// webauthn-rs's `Passkey` as JSON (public key, sign count, flags).
    #[sea_orm(column_type = "Text")]
    pub credential: String,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
