use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "failed_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: Guess,
    /// `id:<ID Number>` or `ip:<address>`.
    pub subject: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What is being guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Guess {
    #[sea_orm(string_value = "secret")]
    SecretNumber,
    #[sea_orm(string_value = "password")]
    Password,
    /// Not a guess: a request that may send an email ("forgotten password",
    /// "resend confirmation"). Every one counts, per client address only.
    #[sea_orm(string_value = "email")]
    EmailRequest,
    /// A share code and family name at `/verify`: counted per client
    /// address only (the checker has no account).
    #[sea_orm(string_value = "share")]
    ShareCode,
    /// A passkey ceremony begun: counted per client address until it
    /// succeeds, so that one client cannot begin sign-ins without end.
    #[sea_orm(string_value = "passkey")]
    Passkey,
    /// A staff member's password, counted per staff email as a
    /// candidate's is per ID Number.
    #[sea_orm(string_value = "staff-password")]
    StaffPassword,
    /// A staff member's second-factor code: a million values, so limited
    /// like a Secret Number.
    #[sea_orm(string_value = "staff-code")]
    StaffCode,
}
