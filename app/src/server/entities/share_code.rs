use sea_orm::entity::prelude::*;

/// A share code, kept only as its keyed hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "share_codes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub id_number: String,
    /// HMAC-SHA256 of the code under `SERVER_KEY`, hex.
    pub fingerprint: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
