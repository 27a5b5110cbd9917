use sea_orm::ActiveEnum;
use sea_orm::entity::prelude::*;

/// One staff action in a centre's audit log. Rows are only ever inserted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub centre_code: String,
    pub staff_email: String,
    pub action: AuditAction,
    pub detail: String,
    /// The client address the action came from (`cli` for the command line).
    pub address: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// What a staff member (or the operator) did, stored by its name in the
/// log and its CSV export (`sign-in`, `import`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum AuditAction {
    #[sea_orm(string_value = "centre-added")]
    CentreAdded,
    #[sea_orm(string_value = "invitation")]
    Invited,
    #[sea_orm(string_value = "invitation-accepted")]
    InvitationAccepted,
    #[sea_orm(string_value = "second-factor-added")]
    SecondFactorAdded,
    #[sea_orm(string_value = "sign-in")]
    SignedIn,
    #[sea_orm(string_value = "recovery-code-used")]
    RecoveryCodeUsed,
    #[sea_orm(string_value = "sign-out")]
    SignedOut,
    #[sea_orm(string_value = "upload")]
    Uploaded,
    #[sea_orm(string_value = "import")]
    Imported,
    #[sea_orm(string_value = "secret-number-reissued")]
    SecretNumberReissued,
    #[sea_orm(string_value = "release-time-changed")]
    ReleaseTimeChanged,
}

impl AuditAction {
    /// The name kept in the log and its CSV export.
    pub fn name(self) -> String {
        self.to_value()
    }
}
