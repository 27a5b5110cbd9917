use sea_orm::entity::prelude::*;

use super::account::AccountId;

/// A login session, stored as the SHA-256 of the cookie value so that every
/// replica sees it and a database leak gives no usable session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub account_id: AccountId,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// Last request seen (to the minute), for the idle timeout.
    pub last_seen_at: Option<DateTimeUtc>,
    /// The browser's `User-Agent` at login, cut to 200 characters.
    pub device: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
