use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

/// A file a staff member uploaded and is looking at before importing it:
/// the import writes exactly the rows the preview showed, from any
/// replica. Kept an hour at most, and deleted once imported.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CentreUploads::Table)
                    .if_not_exists()
                    .col(string_len(CentreUploads::TokenHash, 64).primary_key())
                    .col(big_integer(CentreUploads::StaffId))
                    .col(string_len(CentreUploads::CentreCode, 16))
                    .col(string_len(CentreUploads::Kind, 8))
                    .col(string_len(CentreUploads::FileName, 200))
                    .col(blob(CentreUploads::Data))
                    .col(timestamp_with_time_zone(CentreUploads::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CentreUploads::Table, CentreUploads::StaffId)
                            .to(Staff::Table, Staff::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("LOCK TABLE staff, centre_uploads IN ACCESS EXCLUSIVE MODE")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(CentreUploads::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CentreUploads {
    Table,
    TokenHash,
    StaffId,
    CentreCode,
    Kind,
    FileName,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Staff {
    Table,
    Id,
}
