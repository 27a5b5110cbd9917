use sea_orm::entity::prelude::*;

// No `Serialize`: the password hash must never leave the server.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_number: String,
    pub email: String,
    pub password_hash: String,
    pub wants_updates: bool,
    pub email_confirmed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The site language the candidate uses (`en`, `fr`): emails speak it.
    pub language: String,
    /// When "your results are available" was queued: it goes once.
    pub results_notified_at: Option<DateTimeUtc>,
    /// When the candidate first saw their released results on the site.
    pub results_seen_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
