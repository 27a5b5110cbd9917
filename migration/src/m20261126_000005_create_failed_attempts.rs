use sea_orm_migration::{prelude::*, schema::*};

/// Failed Secret Number and password attempts, counted per ID Number and per
/// client address. In the database, not in memory, so that every replica
/// sees the same counts.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FailedAttempts::Table)
                    .if_not_exists()
                    .col(big_pk_auto(FailedAttempts::Id))
                    .col(string_len(FailedAttempts::Kind, 16))
                    .col(string_len(FailedAttempts::Subject, 64))
                    .col(timestamp_with_time_zone(FailedAttempts::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("failed_attempts_by_subject")
                    .table(FailedAttempts::Table)
                    .col(FailedAttempts::Kind)
                    .col(FailedAttempts::Subject)
                    .col(FailedAttempts::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FailedAttempts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FailedAttempts {
    Table,
    Id,
    Kind,
    Subject,
    At,
}
