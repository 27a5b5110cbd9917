use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20261202_000012_centres::Centres;

/// A centre's staff, apart from candidates: their invitations, second
/// factors, sessions, and the centre's audit log. Secrets are kept as
/// hashes (passwords: argon2id; invitation and session tokens, recovery
/// codes: SHA-256 of 256-bit or 50-bit random values) or, for the TOTP
/// secret the server must read back, encrypted under the server's key.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Staff::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Staff::Id))
                    .col(string_len(Staff::CentreCode, 16))
                    .col(string_len_uniq(Staff::Email, 254))
                    .col(string_len(Staff::Role, 16))
                    .col(string_len(Staff::Language, 2))
                    // Null until the invitation is accepted.
                    .col(string_len_null(Staff::PasswordHash, 200))
                    .col(string_len_null(Staff::TotpSecret, 200))
                    .col(timestamp_with_time_zone_null(Staff::TotpConfirmedAt))
                    // The last time step accepted: a code is used once.
                    .col(big_integer_null(Staff::TotpLastStep))
                    .col(timestamp_with_time_zone(Staff::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Staff::Table, Staff::CentreCode)
                            .to(Centres::Table, Centres::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StaffTokens::Table)
                    .if_not_exists()
                    .col(string_len(StaffTokens::TokenHash, 64).primary_key())
                    .col(big_integer(StaffTokens::StaffId))
                    .col(timestamp_with_time_zone(StaffTokens::CreatedAt))
                    .col(timestamp_with_time_zone(StaffTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(StaffTokens::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffTokens::Table, StaffTokens::StaffId)
                            .to(Staff::Table, Staff::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StaffRecoveryCodes::Table)
                    .if_not_exists()
                    .col(big_pk_auto(StaffRecoveryCodes::Id))
                    .col(big_integer(StaffRecoveryCodes::StaffId))
                    .col(string_len(StaffRecoveryCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone_null(StaffRecoveryCodes::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffRecoveryCodes::Table, StaffRecoveryCodes::StaffId)
                            .to(Staff::Table, Staff::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StaffSessions::Table)
                    .if_not_exists()
                    .col(string_len(StaffSessions::IdHash, 64).primary_key())
                    .col(big_integer(StaffSessions::StaffId))
                    .col(timestamp_with_time_zone(StaffSessions::CreatedAt))
                    .col(timestamp_with_time_zone(StaffSessions::ExpiresAt))
                    .col(timestamp_with_time_zone(StaffSessions::LastSeenAt))
                    // Null while only the password has been given.
                    .col(timestamp_with_time_zone_null(StaffSessions::SecondFactorAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffSessions::Table, StaffSessions::StaffId)
                            .to(Staff::Table, Staff::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AuditLog::Id))
                    .col(string_len(AuditLog::CentreCode, 16))
                    // Kept as written: the log outlives a staff member's account.
                    .col(string_len(AuditLog::StaffEmail, 254))
                    .col(string_len(AuditLog::Action, 32))
                    .col(text(AuditLog::Detail))
                    .col(string_len_null(AuditLog::Address, 64))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_log_by_centre")
                    .table(AuditLog::Table)
                    .col(AuditLog::CentreCode)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("LOCK TABLE staff, staff_tokens, staff_recovery_codes, staff_sessions, audit_log IN ACCESS EXCLUSIVE MODE")
                .await?;
        }
        for table in [
            AuditLog::Table.into_iden(),
            StaffSessions::Table.into_iden(),
            StaffRecoveryCodes::Table.into_iden(),
            StaffTokens::Table.into_iden(),
            Staff::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Staff {
    Table,
    Id,
    CentreCode,
    Email,
    Role,
    Language,
    PasswordHash,
    TotpSecret,
    TotpConfirmedAt,
    TotpLastStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffTokens {
    Table,
    TokenHash,
    StaffId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum StaffRecoveryCodes {
    Table,
    Id,
    StaffId,
    CodeHash,
    UsedAt,
}

#[derive(DeriveIden)]
enum StaffSessions {
    Table,
    IdHash,
    StaffId,
    CreatedAt,
    ExpiresAt,
    LastSeenAt,
    SecondFactorAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    CentreCode,
    StaffEmail,
    Action,
    Detail,
    Address,
    At,
}
