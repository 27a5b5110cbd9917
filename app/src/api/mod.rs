//! Server functions, one file per area, with their DTOs. Each has a
//! `#[cfg(feature = "ssr")] mod ssr` beside it holding the server side.

mod account;
mod error;
pub mod login;
pub mod recovery;
pub mod register;
pub mod results;

pub use account::{
    Account, AccountView, ChangeEmail, ChangePassword, KeepAlive, SessionInfo, SessionState, SetUpdates, SignOutEverywhere, account, change_email,
    change_password, keep_alive, session_info, set_updates, sign_out_everywhere,
};
pub use error::{AppError, TokenProblem};
pub use login::{Login, Logout, login, logout};
pub use recovery::{ForgotPassword, ResetLink, ResetPassword, forgot_password, reset_link, reset_password};
pub use register::{ConfirmEmail, Confirmed, Register, Registered, ResendConfirmation, confirm_email, register, resend_confirmation};
pub use results::{MyResults, Outcome, ResultsView, Scores, Skill, SkillScore, my_results};

/// Checkbox values: an unchecked box is absent from the form.
pub(crate) fn is_checked(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "false" && v != "off")
}
