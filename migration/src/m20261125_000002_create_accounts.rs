use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000001_create_entries_and_results::Entries;

/// Candidate accounts. One account per ID Number is a database constraint
/// (the primary key), so two concurrent registrations cannot both succeed.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .if_not_exists()
                    .col(string_len(Accounts::IdNumber, 9).primary_key())
                    .col(string_len(Accounts::Email, 254))
                    .col(string_len(Accounts::PasswordHash, 255))
                    .col(boolean(Accounts::WantsUpdates))
                    .col(timestamp_with_time_zone_null(Accounts::EmailConfirmedAt))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Accounts::Table, Accounts::IdNumber)
                            .to(Entries::Table, Entries::IdNumber)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Accounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Accounts {
    Table,
    IdNumber,
    Email,
    PasswordHash,
    WantsUpdates,
    EmailConfirmedAt,
    CreatedAt,
}
