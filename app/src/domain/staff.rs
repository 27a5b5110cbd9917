//! A centre's staff: their roles and the codes of their second factor.

use serde::{Deserialize, Serialize};

use super::{ShareCode, ValidationError};

/// How long an invitation link works.
pub const INVITATION_HOURS: i64 = 72;
/// How many recovery codes a staff member gets, each usable once.
pub const RECOVERY_CODES: usize = 10;

/// What a staff member may do: an officer loads files, looks after
/// candidates and sets release times; an admin also invites staff.
/// Stored by the name [`StaffRole::as_str`] gives (a test keeps the two
/// the same); a row with any other value does not load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::None)"
    )
)]
pub enum StaffRole {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "officer"))]
    Officer,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "admin"))]
    Admin,
}

impl StaffRole {
    /// # Errors
    /// [`ValidationError::UnknownValue`] for anything but `officer` or `admin`.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "officer" => Ok(Self::Officer),
            "admin" => Ok(Self::Admin),
            "" => Err(ValidationError::Required),
            _ => Err(ValidationError::UnknownValue),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Officer => "officer",
            Self::Admin => "admin",
        }
    }
}

/// What a staff member types at the second step of signing in: the six
/// digits their authenticator app shows, or one of their recovery codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorCode {
    Totp(String),
    Recovery(ShareCode),
}

impl SecondFactorCode {
    /// Six digits (spaces ignored, as apps show `123 456`), or a recovery
    /// code read like a share code (ten letters and digits, any case).
    ///
    /// # Errors
    /// [`ValidationError::Required`] or [`ValidationError::SecondFactorFormat`].
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(ValidationError::Required);
        }
        if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self::Totp(compact));
        }
        ShareCode::parse(&compact)
            .map(Self::Recovery)
            .map_err(|_| ValidationError::SecondFactorFormat)
    }
}

/// The staff member signed in, as the portal's pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub email: String,
    pub role: StaffRole,
    pub centre_code: String,
    pub centre_name: String,
    pub time_zone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_factor_is_six_digits_or_a_recovery_code() {
        assert_eq!(
            SecondFactorCode::parse(" 123 456 "),
            Ok(SecondFactorCode::Totp("123456".into()))
        );
        assert!(matches!(
            SecondFactorCode::parse("7kq2m-x9d4t"),
            Ok(SecondFactorCode::Recovery(_))
        ));
        assert_eq!(SecondFactorCode::parse(""), Err(ValidationError::Required));
        for bad in ["12345", "1234567", "12345a", "7KQ2M-X9D4"] {
            assert_eq!(
                SecondFactorCode::parse(bad),
                Err(ValidationError::SecondFactorFormat),
                "{bad}"
            );
        }
    }

    #[test]
    fn roles_are_officer_or_admin() {
        assert_eq!(StaffRole::parse("Officer"), Ok(StaffRole::Officer));
        assert_eq!(StaffRole::parse("admin"), Ok(StaffRole::Admin));
        assert_eq!(StaffRole::parse("root"), Err(ValidationError::UnknownValue));
        assert_eq!(StaffRole::Admin.as_str(), "admin");
    }
}

/// An authenticator app to add: its secret to type, and a QR code to scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentView {
    /// Base 32, grouped by four for typing.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as SVG markup.
    pub qr_svg: String,
}

/// What the second step's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondStepView {
    pub email: String,
    /// Present until an app is added.
    pub enrolment: Option<EnrolmentView>,
}

/// One line of a centre's audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// In the centre's time zone, e.g. `2026-12-02 09:14:05`.
    pub at: String,
    pub staff: String,
    pub action: String,
    pub detail: String,
    pub address: String,
}

/// Where a candidate's account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountState {
    NotRegistered,
    /// Registered, the email address not confirmed yet.
    WaitingConfirmation,
    Confirmed,
}

/// One of the centre's candidates, as the candidates page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateView {
    pub id_number: String,
    pub name: String,
    pub exam: String,
    pub exam_date: String,
    /// In the centre's time zone.
    pub release_at: String,
    pub account: AccountState,
    pub results_loaded: bool,
    pub results_seen: bool,
}

/// A Secret Number just re-issued: shown once, to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReissuedSecret {
    pub id_number: String,
    pub name: String,
    pub secret_number: String,
}

/// One exam session of the centre: its candidates share an exam, a date
/// and a release time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamSessionView {
    pub exam: String,
    pub exam_date: String,
    /// RFC 3339, what a change names as the time it replaces.
    pub release_at: String,
    /// In the centre's time zone, as `2026-07-12 10:00`.
    pub release_local: String,
    pub candidates: u64,
    /// Past its release time: it can no longer change.
    pub released: bool,
}

/// A centre's exam sessions, and the zone their times are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamSessions {
    pub time_zone: String,
    pub sessions: Vec<ExamSessionView>,
}

/// A release time changed: how many candidates, and from when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseChanged {
    pub exam: String,
    pub candidates: u64,
    /// In the centre's time zone, as `2026-07-12 10:00`.
    pub release_local: String,
    pub time_zone: String,
}
