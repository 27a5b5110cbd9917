//! The centre portal's answers. Its pages read what they show through the
//! server functions below; its forms are plain posts (they work without
//! JavaScript) to the handlers in [`posted`], answered with a redirect or
//! with the page drawn again around the outcome.

use leptos::prelude::*;

use super::AppError;
use crate::domain::{
    AuditView, CandidateView, ExamSessions, ReissuedSecret, ReleaseChanged, SecondStepView,
    StaffView, UploadPreview, UploadSummary,
};

#[cfg(feature = "ssr")]
pub mod posted;
#[cfg(feature = "ssr")]
mod upload_form;

/// A refused post, for the page drawn in answer: the error and the
/// values typed that may be shown again (never a password or a code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedRefusal {
    pub error: AppError,
    pub email: String,
}

/// The recovery codes of an app just added: shown this once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRecoveryCodes(pub Vec<String>);

/// The preview of a file just uploaded (or refused at Import), or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadAnswer(pub Result<UploadPreview, AppError>);

/// A file just imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDone(pub UploadSummary);

/// A Secret Number just re-issued, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretAnswer(pub Result<ReissuedSecret, AppError>);

/// A colleague just invited (their address), or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteAnswer {
    pub outcome: Result<String, AppError>,
    pub email: String,
}

/// A release time just changed, or why not, for the session the form named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseAnswer {
    pub outcome: Result<ReleaseChanged, AppError>,
    /// The session's exam, date and release time as the form sent them.
    pub session: (String, String, String),
    pub typed: String,
}

/// The signed-in staff member and their centre.
#[server(endpoint = "centre_staff")]
pub async fn centre_staff() -> Result<StaffView, AppError> {
    super::adapter::call(crate::server::staff::sessions::signed_in).await
}

/// The second step's page: the app to add, if none yet.
#[server(endpoint = "centre_second_step")]
pub async fn centre_second_step() -> Result<SecondStepView, AppError> {
    super::adapter::call(crate::server::staff::second_factor::second_step_view).await
}

/// The address an invitation link is for.
#[server(endpoint = "staff_invitation")]
pub async fn staff_invitation(token: String) -> Result<String, AppError> {
    use crate::server::staff::invitations::invitation_for;
    super::adapter::call(async |state, _| invitation_for(state, &token).await).await
}

/// The centre's audit log, newest first.
#[server(endpoint = "centre_audit")]
pub async fn centre_audit() -> Result<Vec<AuditView>, AppError> {
    super::adapter::call(crate::server::staff::log::newest).await
}

/// The centre's candidates matching `q` (ID Number or name).
#[server(endpoint = "centre_candidates")]
pub async fn centre_candidates(q: String) -> Result<Vec<CandidateView>, AppError> {
    use crate::server::staff::candidates::search;
    super::adapter::call(async |state, caller| search(state, caller, &q).await).await
}

/// The centre's exam sessions and their release times.
#[server(endpoint = "centre_sessions")]
pub async fn centre_sessions() -> Result<ExamSessions, AppError> {
    super::adapter::call(crate::server::staff::release_times::sessions).await
}
