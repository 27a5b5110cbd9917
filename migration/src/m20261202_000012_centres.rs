use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000001_create_entries_and_results::Entries;

/// Centres, and the centre each entry belongs to. Every entry loaded before
/// centres existed goes to the `DEFAULT` centre, which a deployment can
/// rename or keep.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Centres::Table)
                    .if_not_exists()
                    .col(string_len(Centres::Code, 16).primary_key())
                    .col(string_len(Centres::Name, 200))
                    // An IANA name such as Europe/Paris: release times are
                    // set and shown in the centre's own time.
                    .col(string_len(Centres::TimeZone, 64))
                    .col(timestamp_with_time_zone(Centres::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Centres::Table)
                    .columns([
                        Centres::Code,
                        Centres::Name,
                        Centres::TimeZone,
                        Centres::CreatedAt,
                    ])
                    .values_panic([
                        "DEFAULT".into(),
                        "Default centre".into(),
                        "Europe/Paris".into(),
                        chrono::Utc::now().into(),
                    ])
                    .to_owned(),
            )
            .await?;
        let mut column = ColumnDef::new(Entries::CentreCode);
        column.string_len(16).not_null().default("DEFAULT");
        if manager.get_database_backend() == DbBackend::Postgres {
            // SQLite cannot add a column with a foreign key and a default;
            // there the services alone keep entries to known centres.
            column.extra("REFERENCES centres (code)");
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Entries::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        // A centre's candidate list is read by centre, in name order.
        manager
            .create_index(
                Index::create()
                    .name("entries_by_centre")
                    .table(Entries::Table)
                    .col(Entries::CentreCode)
                    .col(Entries::FamilyName)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // In the writers' order (an import writes entries, checking centres),
        // so that a roll-back beside a running replica waits instead of
        // deadlocking (see the share codes' migration).
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("LOCK TABLE entries, centres IN ACCESS EXCLUSIVE MODE")
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("entries_by_centre")
                    .table(Entries::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Entries::Table)
                    .drop_column(Entries::CentreCode)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Centres::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Centres {
    Table,
    Code,
    Name,
    TimeZone,
    CreatedAt,
}
