use sea_orm::entity::prelude::*;

use super::account::AccountId;

/// An exam (entry) in an account. The ID Number is the key, so an entry is
/// in one account at most, whatever requests run at the same time.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "account_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_number: String,
    pub account_id: AccountId,
    /// When the exam joined the account (at registration for the first).
    pub added_at: DateTimeUtc,
    /// When "your results are available" was queued for this exam: it goes once.
    pub results_notified_at: Option<DateTimeUtc>,
    /// When the candidate first saw this exam's released results on the site.
    pub results_seen_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::entry::Entity",
        from = "Column::IdNumber",
        to = "super::entry::Column::IdNumber"
    )]
    Entry,
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id"
    )]
    Account,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl Related<super::entry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Entry.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
