use sea_orm::entity::prelude::*;

/// One staff action in a centre's audit log. Rows are only ever inserted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub centre_code: String,
    pub staff_email: String,
    pub action: String,
    pub detail: String,
    /// The client address the action came from (`cli` for the command line).
    pub address: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
