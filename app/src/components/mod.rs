//! Building blocks shared by the pages.
mod form;
mod messages;
mod page_title;
mod time;

pub use form::{FormField, FormValues, field_error, value_sent_back};
pub use messages::{app_error_message, error_from_url, validation_message};
pub use page_title::{DocumentTitle, PageTitle};
pub use time::{Countdown, LocalDateTime};
