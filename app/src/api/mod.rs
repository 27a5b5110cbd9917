//! Server functions, one file per area. Each is a few lines: it turns the
//! form's strings into what the service takes and goes through [`adapter`],
//! the one place where the request becomes a [`crate::server::Caller`] and
//! a service's outcome becomes an answer (status, redirect, cookie).

mod account;
mod account_exams;
#[cfg(feature = "ssr")]
pub mod adapter;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod centre;
#[cfg(feature = "ssr")]
pub mod cookies;
mod error;
pub(crate) mod fields;
#[cfg(feature = "ssr")]
pub mod files;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod language;
pub mod login;
#[cfg(feature = "ssr")]
pub mod page_headers;
pub mod passkeys;
#[cfg(feature = "ssr")]
pub mod posted;
pub mod privacy;
pub mod recovery;
#[cfg(feature = "ssr")]
pub mod refusal;
pub mod register;
pub mod results;
pub mod share;
#[cfg(feature = "ssr")]
pub mod site;
pub mod site_facts;
#[cfg(feature = "ssr")]
pub mod statement;
pub mod verify;
mod words;

pub use account::{
    Account, ChangeEmail, ChangePassword, KeepAlive, SessionState, SetUpdates, SignOutEverywhere,
    account, change_email, change_password, keep_alive, set_updates, sign_out_everywhere, visitor,
};
pub use account_exams::{AddExam, RemoveExam, add_exam, remove_exam};
pub use centre::{
    CentreAudit, CentreCandidates, CentreSecondStep, CentreSessions, CentreStaff, ImportDone,
    InviteAnswer, PostedRefusal, ReleaseAnswer, SecretAnswer, ShownRecoveryCodes, StaffInvitation,
    UploadAnswer, centre_audit, centre_candidates, centre_second_step, centre_sessions,
    centre_staff, staff_invitation,
};
pub use error::AppError;
pub use login::{
    EmailSignInLink, Login, Logout, SignInWithLink, email_sign_in_link, login, logout,
    sign_in_with_link,
};
pub use passkeys::{RemovePasskey, RenamePasskey, remove_passkey, rename_passkey};
pub use privacy::{
    DeleteAccount, DownloadMyData, PrivacyPeriods, delete_account, download_my_data,
    privacy_periods,
};
pub use recovery::{
    ForgotPassword, ResetLink, ResetPassword, forgot_password, reset_link, reset_password,
};
pub use register::{
    ConfirmEmail, Register, RegisteredAddress, ResendConfirmation, confirm_email, register,
    registered_address, resend_confirmation,
};
pub use results::{KeepWaiting, MyResults, keep_waiting, my_results};
pub use share::{
    CreatedShareCode, MyShareCodes, RevokeShareCode, my_share_codes, revoke_share_code,
};
pub use verify::VerifyAnswer;
pub use words::error_words;

pub use crate::domain::{
    AccountResults, AccountView, CheckView, Confirmed, ExamInAccount, ExamOutcome, NewShareCode,
    Outcome, PasskeyView, Registered, ResultsView, Scores, SecondStepView, ShareCodeView, Skill,
    SkillScore, TokenProblem, VerifiedResult,
};
