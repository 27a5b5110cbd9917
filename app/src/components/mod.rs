//! Building blocks shared by the pages.
mod enhance;
mod error_summary;
mod form;
mod form_kind;
mod language;
mod loaded;
mod messages;
mod page_title;
mod password_strength;
mod session_timeout;
pub(crate) mod time;

pub use enhance::{Enhancements, SUMMARY_SLOT};
pub use error_summary::{ErrorSummary, summary_items};
pub use form::{FormField, PasswordAgainField, action_error, field_message, value_sent_back};
pub use form_kind::FormKind;
pub use language::{LanguageContext, LanguageSwitch};
pub use loaded::Loaded;
pub use messages::{
    ErrorAlert, app_error_message, error_from_url, refusal_alert, validation_message,
};
pub use page_title::{DocumentTitle, PageTitle};
pub use password_strength::PasswordStrength;
pub use session_timeout::SessionTimeout;
pub use time::{Countdown, DateText, DayOf, MomentUtc, ReleaseTime};
