//! Outgoing email over SMTP (lettre), or into a folder when no SMTP server is
//! configured so that a fresh checkout works without any service. Services
//! do not send directly: they queue messages in the outbox (`super::outbox`),
//! whose worker calls [`Mailer::send`].

mod account_emails;
mod compose;
mod exam_notices;
mod notices;
mod transport;

pub use account_emails::{
    account_deleted_email, confirmation_email, password_reset_email, results_released_email,
    sign_in_email, staff_invitation_email,
};
pub use compose::Email;
pub use exam_notices::{ExamChange, account_joined_email, exam_email};
pub use notices::{
    PasskeyChange, email_change_email, email_change_notice, passkey_email, password_changed_email,
    signed_out_everywhere_email,
};
pub use transport::Mailer;
