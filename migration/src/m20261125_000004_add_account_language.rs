use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000002_create_accounts::Accounts;

/// The language a candidate uses the site in, so that the emails we send
/// them speak it too. Existing accounts were all created in English.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Language {
    Language,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .add_column(string_len(Language::Language, 8).default("en"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Accounts::Table)
                    .drop_column(Language::Language)
                    .to_owned(),
            )
            .await
    }
}
