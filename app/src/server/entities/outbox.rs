use sea_orm::entity::prelude::*;

/// An email waiting to be sent, sent, or given up on (see `server::outbox`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    /// Emptied once sent: the bodies may hold a link's token.
    pub text_body: String,
    pub html_body: String,
    pub created_at: DateTimeUtc,
    /// Not tried again before this (the backoff after a failure).
    pub next_attempt_at: DateTimeUtc,
    /// A worker is sending it until then; after that another may.
    pub claimed_until: Option<DateTimeUtc>,
    pub attempts: i32,
    pub sent_at: Option<DateTimeUtc>,
    /// Given up after the last attempt: for an operator to see and retry.
    pub failed_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
