//! Parse-don't-validate types shared by the browser (WASM) and the server.
//!
//! Pure code only: no I/O and no `regex` (it would add ~500 KB to the WASM).
//! Every `parse` returns a [`ValidationError`] the pages turn into a message
//! through i18n, so the same rule gives the same words on both sides.

mod account;
mod centre;
mod email;
mod error;
mod exam;
mod id_number;
mod my_data;
mod passkey;
mod password;
mod registration;
mod results;
mod secret_number;
mod share;
mod staff;
mod strength;
mod upload;
mod wording;

pub use account::{AccountView, Confirmed, Registered, TokenProblem};
pub use centre::{CentreCode, DEFAULT_CENTRE};
pub use email::Email;
#[cfg_attr(not(feature = "ssr"), allow(unused_imports))] // used by the CSV import
pub(crate) use error::has_forbidden_chars;
pub use error::{Field, FieldErrors, ValidationError};
pub use exam::{CefrLevel, ExamScale, Grade, Score};
pub use id_number::IdNumber;
pub use my_data::{AccountData, EmailData, EntryData, MyData, RetentionPeriods, SessionData};
pub use passkey::{
    MAX_PASSKEY_NAME_CHARS, PASSKEY_FRESH_SIGN_IN_MINUTES, PasskeyName, PasskeyView, device_name,
};
pub use password::{NewPassword, PasswordOwner};
pub use registration::{Registration, RegistrationInput};
pub use results::{Asking, Outcome, RELEASE_CALENDAR_PATH, ResultsView, Scores, Skill, SkillScore};
pub use secret_number::SecretNumber;
pub use share::{
    CheckView, MAX_LIVE_SHARE_CODES, MAX_NAME_CHARS, MAX_ORGANISATION_CHARS, NewShareCode,
    SHARE_CODE_SYMBOLS, SHARE_CODES_PATH, STATEMENT_PATH, ShareCode, ShareCodeView, VERIFY_PATH,
    ValidFor, VerifiedResult, VerifyInput, same_family_name,
};
pub use staff::{
    AccountState, AuditView, CENTRE_AUDIT_CSV_PATH, CENTRE_AUDIT_PATH, CENTRE_CANDIDATES_PATH,
    CENTRE_HOME_PATH, CENTRE_IMPORT_PATH, CENTRE_INVITATION_PATH, CENTRE_INVITE_PATH,
    CENTRE_LOGIN_PATH, CENTRE_RELEASE_PATH, CENTRE_SECOND_FACTOR_PATH, CENTRE_SECRET_PATH,
    CENTRE_SIGN_OUT_PATH, CENTRE_UPLOAD_PATH, CandidateView, EnrolmentView, ExamSessionView,
    INVITATION_HOURS, RECOVERY_CODES, ReissuedSecret, ReleaseChanged, SecondFactorCode,
    SecondStepView, StaffRole, StaffView,
};
pub use strength::{Strength, estimate as estimate_strength};
pub use upload::{
    MAX_UPLOAD_BYTES, PREVIEW_ROWS, PreviewRow, RowChange, UploadKind, UploadPreview, UploadSummary,
};
pub use wording::month_word;
