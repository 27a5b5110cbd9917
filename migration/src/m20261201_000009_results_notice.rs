use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::timestamp_with_time_zone_null;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use super::m20261125_000002_create_accounts::Accounts;

/// When the candidate was sent "your results are available" and when they
/// first saw their results on the site: the email goes once, and not to
/// someone who has already looked.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notice {
    ResultsNotifiedAt,
    ResultsSeenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [Notice::ResultsNotifiedAt, Notice::ResultsSeenAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Accounts::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        // Releases already past when this runs were before the email
        // existed: nobody is told about them now, months later.
        let now = match manager.get_database_backend() {
            DbBackend::Postgres => "now()",
            // As sqlx writes a UTC time, so that text comparison orders it.
            _ => "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')",
        };
        let sql = format!(
            "UPDATE accounts SET results_notified_at = {now} WHERE id_number IN (SELECT id_number FROM entries WHERE results_release_at <= {now})"
        );
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Notice::ResultsNotifiedAt, Notice::ResultsSeenAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Accounts::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
