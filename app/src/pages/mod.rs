//! One component per route. Views only: they call `api` and show `domain`
//! errors through i18n keys.
mod confirm;
mod home;
mod login;
mod not_found;
mod register;
mod registered;
mod results;
mod terms;

pub use confirm::ConfirmPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use register::RegisterPage;
pub use registered::{RegisteredPage, ResendForm, ResentPage};
pub use results::ResultsPage;
pub use terms::TermsPage;
