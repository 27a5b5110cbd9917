use sea_orm::entity::prelude::*;

/// A token sent by email (confirmation, password reset, email change), stored
/// as the SHA-256 of what the link holds.
/// Used and superseded tokens are kept so the page can say what happened.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub id_number: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub superseded: bool,
    /// `confirm`, `reset` or `email` (see `server::tokens::Purpose`).
    pub purpose: String,
    /// For an email change: the address that replaces the old one once confirmed.
    pub new_email: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
