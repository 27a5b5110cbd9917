//! The centre portal's pages (`/centre/…`): staff sign in with a password
//! and a code from their authenticator app, upload their centre's files
//! with a preview, and read the audit log. Every form is a plain post.

mod audit;
mod candidates;
mod home;
mod portal;
mod release;
mod sign_in;
mod upload;

pub use audit::CentreAuditPage;
pub use candidates::CentreCandidatesPage;
pub use home::CentreHomePage;
pub use release::CentreReleasePage;
pub use sign_in::{CentreLoginPage, SecondFactorPage, StaffInvitationPage};
pub use upload::CentreUploadPage;
