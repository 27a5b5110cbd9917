use sea_orm::entity::prelude::*;

/// One check made at `/verify`, whatever its outcome.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "share_checks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The code typed, when it matched one (even a revoked or expired one).
    pub share_code_id: Option<i64>,
    pub checked_at: DateTimeUtc,
    /// `verified`, `unknown`, `wrong_name`, `expired`, `revoked` or `unreleased`.
    pub outcome: String,
    /// As the checker typed it.
    pub organisation: Option<String>,
    /// HMAC of the client address under the server's key: equal addresses
    /// can be told apart from others, the address itself is not kept.
    pub client_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
