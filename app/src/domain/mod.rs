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
mod share_code;
mod staff;
mod strength;
mod text;
mod upload;
mod wording;

pub use account::{
    AccountView, Confirmed, ExamAdded, ExamInAccount, ExamToAdd, Registered, TokenProblem,
};
pub use centre::{CentreCode, DEFAULT_CENTRE};
pub use email::Email;
pub use error::{Field, FieldErrors, ValidationError};
pub use exam::{CefrLevel, ExamScale, Grade, Score};
pub use id_number::IdNumber;
pub use my_data::{
    AccountData, EmailData, EntryData, ExamData, MyData, RetentionPeriods, SessionData,
};
pub use passkey::{
    MAX_PASSKEY_NAME_CHARS, PASSKEY_FRESH_SIGN_IN_MINUTES, PasskeyName, PasskeyView, device_name,
};
pub use password::{NewPassword, PasswordOwner};
pub use registration::{Registration, RegistrationInput};
pub use results::{
    AccountResults, Asking, ExamOutcome, Outcome, ResultsView, Scores, Skill, SkillScore,
};
pub use secret_number::SecretNumber;
pub use share::{
    CheckView, MAX_LIVE_SHARE_CODES, MAX_ORGANISATION_CHARS, NewShareCode, SHARE_CODE_SYMBOLS,
    ShareCode, ShareCodeView, ValidFor, VerifiedResult, VerifyInput, same_family_name,
};
pub use staff::{
    AccountState, AuditView, CandidateView, EnrolmentView, ExamSessionView, ExamSessions,
    INVITATION_HOURS, RECOVERY_CODES, ReissuedSecret, ReleaseChanged, SecondFactorCode,
    SecondStepView, StaffRole, StaffView,
};
pub use strength::{Strength, estimate as estimate_strength};

#[cfg_attr(
    not(feature = "ssr"),
    expect(unused_imports, reason = "used by the server's checks of names")
)]
pub(crate) use text::has_forbidden_chars;
pub use text::{PersonName, required_text};
pub use upload::{
    Column, MAX_UPLOAD_BYTES, PREVIEW_ROWS, PreviewRow, RowChange, UploadKind, UploadPreview,
    UploadSummary,
};
pub use wording::month_word;
