use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_number: String,
    pub secret_number: String,
    pub given_name: String,
    pub family_name: String,
    pub exam: String,
    pub exam_date: Date,
    pub results_release_at: DateTimeUtc,
    /// The centre that loaded the entry; only its staff reach it.
    pub centre_code: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
