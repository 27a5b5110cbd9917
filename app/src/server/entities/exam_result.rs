use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_number: String,
    pub overall_score: i16,
    pub grade: String,
    pub cefr_level: String,
    pub reading: Option<i16>,
    pub writing: Option<i16>,
    pub listening: Option<i16>,
    pub speaking: Option<i16>,
    pub use_of_english: Option<i16>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
