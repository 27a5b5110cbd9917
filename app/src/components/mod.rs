//! Building blocks shared by the pages.
mod error_summary;
mod form;
mod messages;
mod page_title;
mod password_strength;
mod session_timeout;
mod time;

pub use error_summary::{ErrorSummary, Submitted, focus, focus_error_summary, refuse_if_invalid, snapshot, summary_items};
pub use form::{FormField, FormValues, action_error, field_message, value_sent_back};
pub use messages::{app_error_message, error_from_url, validation_message};
pub use page_title::{DocumentTitle, PageTitle};
pub use password_strength::PasswordStrength;
pub use session_timeout::SessionTimeout;
pub use time::{Countdown, DateText, ReleaseTime};
