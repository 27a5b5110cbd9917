use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000002_create_accounts::Accounts;

/// Passkeys (WebAuthn credentials) and the ceremonies in progress. A
/// ceremony's state lives here between its two requests, so any replica
/// can finish what another began, and deleting the row is what makes a
/// challenge single-use.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Passkeys::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Passkeys::Id))
                    .col(string_len(Passkeys::IdNumber, 9))
                    // Hex of the authenticator's credential id (at most 1,023 bytes).
                    .col(string_len_uniq(Passkeys::CredentialId, 2048))
                    .col(string_len(Passkeys::UserHandle, 36))
                    .col(string_len(Passkeys::Name, 60))
                    .col(text(Passkeys::Credential))
                    .col(timestamp_with_time_zone(Passkeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(Passkeys::LastUsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Passkeys::Table, Passkeys::IdNumber)
                            .to(Accounts::Table, Accounts::IdNumber)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passkeys_id_number")
                    .table(Passkeys::Table)
                    .col(Passkeys::IdNumber)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasskeyCeremonies::Table)
                    .if_not_exists()
                    .col(string_len(PasskeyCeremonies::IdHash, 64).primary_key())
                    .col(string_len(PasskeyCeremonies::Purpose, 16))
                    .col(string_len_null(PasskeyCeremonies::IdNumber, 9))
                    .col(text(PasskeyCeremonies::State))
                    // The failure counted against the client address when the
                    // ceremony began, taken back when it succeeds.
                    .col(big_integer_null(PasskeyCeremonies::AttemptId))
                    .col(timestamp_with_time_zone(PasskeyCeremonies::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PasskeyCeremonies::Table, PasskeyCeremonies::IdNumber)
                            .to(Accounts::Table, Accounts::IdNumber)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_passkey_ceremonies_expires_at")
                    .table(PasskeyCeremonies::Table)
                    .col(PasskeyCeremonies::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // In the writers' order (a deleted account cascades to both), so a
        // roll-back beside a running replica waits instead of deadlocking
        // (see the share codes' migration).
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "LOCK TABLE accounts, passkeys, passkey_ceremonies IN ACCESS EXCLUSIVE MODE",
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(PasskeyCeremonies::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Passkeys::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Passkeys {
    Table,
    Id,
    IdNumber,
    CredentialId,
    UserHandle,
    Name,
    Credential,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum PasskeyCeremonies {
    Table,
    IdHash,
    Purpose,
    IdNumber,
    State,
    AttemptId,
    ExpiresAt,
}
