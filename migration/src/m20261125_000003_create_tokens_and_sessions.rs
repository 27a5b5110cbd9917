use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000002_create_accounts::Accounts;

/// Email confirmation tokens and login sessions. Both are stored only as the
/// SHA-256 of the secret the user holds, so a database leak gives no access.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmailTokens::Table)
                    .if_not_exists()
                    .col(string_len(EmailTokens::TokenHash, 64).primary_key())
                    .col(string_len(EmailTokens::IdNumber, 9))
                    .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                    .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                    .col(boolean(EmailTokens::Superseded))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EmailTokens::Table, EmailTokens::IdNumber)
                            .to(Accounts::Table, Accounts::IdNumber)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_tokens_id_number")
                    .table(EmailTokens::Table)
                    .col(EmailTokens::IdNumber)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(string_len(Sessions::IdHash, 64).primary_key())
                    .col(string_len(Sessions::IdNumber, 9))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::IdNumber)
                            .to(Accounts::Table, Accounts::IdNumber)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(EmailTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    TokenHash,
    IdNumber,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    Superseded,
}

#[derive(DeriveIden)]
pub enum Sessions {
    Table,
    IdHash,
    IdNumber,
    CreatedAt,
    ExpiresAt,
}
