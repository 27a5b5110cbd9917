use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000002_create_accounts::Accounts;

/// Share codes a candidate gives institutions, and every check made at
/// `/verify`. A code is stored only as its HMAC under the server's key
/// (`SHARE_CODE_KEY`), so a copy of the database reveals no usable code;
/// a check keeps a keyed hash of the client address, never the address.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ShareCodes::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ShareCodes::Id))
                    .col(string_len(ShareCodes::IdNumber, 9))
                    .col(string_len_uniq(ShareCodes::Fingerprint, 64))
                    .col(timestamp_with_time_zone(ShareCodes::CreatedAt))
                    .col(timestamp_with_time_zone(ShareCodes::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ShareCodes::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ShareCodes::Table, ShareCodes::IdNumber)
                            .to(Accounts::Table, Accounts::IdNumber)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_share_codes_id_number")
                    .table(ShareCodes::Table)
                    .col(ShareCodes::IdNumber)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ShareChecks::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ShareChecks::Id))
                    // Null when the code typed matched none.
                    .col(big_integer_null(ShareChecks::ShareCodeId))
                    .col(timestamp_with_time_zone(ShareChecks::CheckedAt))
                    .col(string_len(ShareChecks::Outcome, 16))
                    .col(string_len_null(ShareChecks::Organisation, 200))
                    .col(string_len_null(ShareChecks::ClientHash, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ShareChecks::Table, ShareChecks::ShareCodeId)
                            .to(ShareCodes::Table, ShareCodes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_share_checks_code")
                    .table(ShareChecks::Table)
                    .col(ShareChecks::ShareCodeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Writers lock accounts, then share_codes, then share_checks (a
        // deleted account cascades in that order); dropping the tables would
        // lock them the other way round and deadlock with a running replica's
        // clean-up. Taking all three first, in the writers' order, makes the
        // roll-back wait its turn instead. (PostgreSQL runs this in a
        // transaction, which holds the locks; SQLite has a single writer.)
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "LOCK TABLE accounts, share_codes, share_checks IN ACCESS EXCLUSIVE MODE",
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(ShareChecks::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ShareCodes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ShareCodes {
    Table,
    Id,
    IdNumber,
    Fingerprint,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ShareChecks {
    Table,
    Id,
    ShareCodeId,
    CheckedAt,
    Outcome,
    Organisation,
    ClientHash,
}
