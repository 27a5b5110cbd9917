//! One component per route. Views only: they call `api` and show `domain`
//! errors through i18n keys.
mod account;
mod account_exams;
mod centre;
mod confirm;
mod forgot;
mod home;
mod login;
mod not_found;
mod other_exams;
mod passkeys;
mod privacy;
mod register;
mod registered;
mod reset;
mod results;
mod share_codes;
mod sign_in_link;
mod terms;
mod verify;

pub use account::AccountPage;
pub use centre::{
    CentreAuditPage, CentreCandidatesPage, CentreHomePage, CentreLoginPage, CentreReleasePage,
    CentreUploadPage, SecondFactorPage, StaffInvitationPage,
};
pub use confirm::ConfirmPage;
pub use forgot::{ForgotPasswordPage, ForgotSentPage};
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use privacy::PrivacyPage;
pub use register::RegisterPage;
pub use registered::{RegisteredPage, ResendForm, ResentPage};
pub use reset::ResetPasswordPage;
pub use results::ResultsPage;
pub use share_codes::ShareCodesPage;
pub use sign_in_link::{SignInLinkForm, SignInLinkPage, SignInLinkSentPage};
pub use terms::TermsPage;
pub use verify::VerifyPage;
