//! Building blocks shared by the pages.
mod error_summary;
mod form;
mod messages;
mod page_title;
mod time;

pub use error_summary::{ErrorSummary, Submitted, focus_error_summary, snapshot, summary_items};
pub use form::{FormField, FormValues, field_error, value_sent_back};
pub use messages::{app_error_message, error_from_url, validation_message};
#[cfg(feature = "ssr")]
pub use messages::validation_text;
pub use page_title::{DocumentTitle, PageTitle};
pub use time::{Countdown, DateText, ReleaseTime};
