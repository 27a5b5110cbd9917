use sea_orm::entity::prelude::*;

use crate::domain::UploadKind;

/// A file uploaded for preview, waiting for its Import (an hour at most).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "centre_uploads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub staff_id: i64,
    pub centre_code: String,
    pub kind: UploadKind,
    pub file_name: String,
    pub data: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
