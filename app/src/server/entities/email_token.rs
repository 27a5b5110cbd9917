use sea_orm::entity::prelude::*;

use super::account::AccountId;

/// A token sent by email (confirmation, password reset, email change), stored
/// as the SHA-256 of what the link holds.
/// Used and superseded tokens are kept so the page can say what happened.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub account_id: AccountId,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub superseded: bool,
    pub purpose: Purpose,
    /// For an email change: the address that replaces the old one once confirmed.
    pub new_email: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What a link is for. A token issued for one purpose never works for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Purpose {
    #[sea_orm(string_value = "confirm")]
    ConfirmEmail,
    #[sea_orm(string_value = "reset")]
    ResetPassword,
    #[sea_orm(string_value = "email")]
    ChangeEmail,
    /// Signing in without the password, for a candidate whose ID Number is
    /// made to wait by someone else's wrong guesses.
    #[sea_orm(string_value = "signin")]
    SignIn,
}
