use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "failed_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `secret` or `password`.
    pub kind: String,
    /// `id:<ID Number>` or `ip:<address>`.
    pub subject: String,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
