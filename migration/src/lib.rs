//! Database schema, shared by SQLite (embedded default) and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod m20261125_000001_create_entries_and_results;
mod m20261125_000002_create_accounts;
mod m20261125_000003_create_tokens_and_sessions;
mod m20261125_000004_add_account_language;
mod m20261126_000005_create_failed_attempts;
mod m20261126_000006_account_recovery;
mod m20261126_000007_create_outbox;
mod m20261201_000008_session_device;
mod m20261201_000009_results_notice;
mod m20261201_000010_share_codes;
mod m20261201_000011_passkeys;
mod m20261202_000012_centres;
mod m20261202_000013_staff;
mod m20261202_000014_centre_uploads;
mod m20261203_000015_accounts_of_many_exams;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_entries_and_results::Migration),
            Box::new(m20261125_000002_create_accounts::Migration),
            Box::new(m20261125_000003_create_tokens_and_sessions::Migration),
            Box::new(m20261125_000004_add_account_language::Migration),
            Box::new(m20261126_000005_create_failed_attempts::Migration),
            Box::new(m20261126_000006_account_recovery::Migration),
            Box::new(m20261126_000007_create_outbox::Migration),
            Box::new(m20261201_000008_session_device::Migration),
            Box::new(m20261201_000009_results_notice::Migration),
            Box::new(m20261201_000010_share_codes::Migration),
            Box::new(m20261201_000011_passkeys::Migration),
            Box::new(m20261202_000012_centres::Migration),
            Box::new(m20261202_000013_staff::Migration),
            Box::new(m20261202_000014_centre_uploads::Migration),
            Box::new(m20261203_000015_accounts_of_many_exams::Migration),
        ]
    }
}
