use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000003_create_tokens_and_sessions::Sessions;

/// The browser a session was started in (its `User-Agent`, cut short), so
/// that a candidate downloading their data can tell their sessions apart.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Device {
    Device,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(string_len_null(Device::Device, 200))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(Device::Device)
                    .to_owned(),
            )
            .await
    }
}
