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
    pub outcome: CheckOutcome,
    /// As the checker typed it.
    pub organisation: Option<String>,
    /// HMAC of the client address under the server's key: equal addresses
    /// can be told apart from others, the address itself is not kept.
    pub client_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What a check at `/verify` found. Every outcome but the first gets the
/// same answer; the record tells them apart for the candidate and us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum CheckOutcome {
    /// The result was shown.
    #[sea_orm(string_value = "verified")]
    Verified,
    /// No code is this one.
    #[sea_orm(string_value = "unknown")]
    Unknown,
    #[sea_orm(string_value = "wrong_name")]
    WrongName,
    #[sea_orm(string_value = "expired")]
    Expired,
    #[sea_orm(string_value = "revoked")]
    Revoked,
    /// The result is not out (or not loaded) yet.
    #[sea_orm(string_value = "unreleased")]
    Unreleased,
}
