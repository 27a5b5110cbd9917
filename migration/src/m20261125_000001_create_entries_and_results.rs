use sea_orm_migration::{prelude::*, schema::*};

/// A centre's entries (one per candidate and exam) and their results.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Entries::Table)
                    .if_not_exists()
                    .col(string_len(Entries::IdNumber, 9).primary_key())
                    .col(string_len(Entries::SecretNumber, 4))
                    .col(string_len(Entries::GivenName, 200))
                    .col(string_len(Entries::FamilyName, 200))
                    .col(string_len(Entries::Exam, 200))
                    .col(date(Entries::ExamDate))
                    .col(timestamp_with_time_zone(Entries::ResultsReleaseAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Results::Table)
                    .if_not_exists()
                    .col(string_len(Results::IdNumber, 9).primary_key())
                    .col(small_integer(Results::OverallScore))
                    .col(string_len(Results::Grade, 40))
                    .col(string_len(Results::CefrLevel, 2))
                    .col(small_integer_null(Results::Reading))
                    .col(small_integer_null(Results::Writing))
                    .col(small_integer_null(Results::Listening))
                    .col(small_integer_null(Results::Speaking))
                    .col(small_integer_null(Results::UseOfEnglish))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Results::Table, Results::IdNumber)
                            .to(Entries::Table, Entries::IdNumber)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Results::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Entries::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Entries {
    Table,
    IdNumber,
    SecretNumber,
    GivenName,
    FamilyName,
    Exam,
    ExamDate,
    ResultsReleaseAt,
    /// Added by the centres' migration.
    CentreCode,
}

#[derive(DeriveIden)]
enum Results {
    Table,
    IdNumber,
    OverallScore,
    Grade,
    CefrLevel,
    Reading,
    Writing,
    Listening,
    Speaking,
    UseOfEnglish,
}
