use sea_orm::entity::prelude::*;

use crate::domain::StaffRole;

/// A centre's staff member (never a candidate).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub centre_code: String,
    /// Lower-case.
    pub email: String,
    pub role: StaffRole,
    /// `en` or `fr`: the language of their emails.
    pub language: String,
    /// Null until the invitation is accepted.
    pub password_hash: Option<String>,
    /// The TOTP secret, encrypted under the server's key (nonce ‖ ciphertext, hex).
    pub totp_secret: Option<String>,
    pub totp_confirmed_at: Option<DateTimeUtc>,
    /// The last time step whose code was accepted: each code works once.
    pub totp_last_step: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveEnum, Iterable};

    use crate::domain::StaffRole;

    #[test]
    fn a_role_is_stored_by_the_name_it_is_typed_as() {
        for role in StaffRole::iter() {
            assert_eq!(role.to_value(), role.as_str());
            assert_eq!(StaffRole::parse(role.as_str()), Ok(role));
        }
    }
}
