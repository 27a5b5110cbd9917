//! What a candidate can know of what we keep about them: the copy they
//! download from the account page, and the periods the privacy page states.
//! Times are RFC 3339 strings in UTC.

use serde::{Deserialize, Serialize};

use super::{Outcome, ShareCodeView};

/// Everything the service keeps about one candidate, secrets excepted (no
/// password hash, no token of any link or session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub exported_at: String,
    /// Every exam in the account, in the order they were added.
    pub exams: Vec<ExamData>,
    pub account: AccountData,
    /// Sessions that have not ended.
    pub sessions: Vec<SessionData>,
    /// Emails sent to the account's address, or waiting to go, in the
    /// period their records are kept.
    pub emails: Vec<EmailData>,
    /// The passkeys that open the account: names and dates (their public
    /// keys, of use to nobody, are left out).
    pub passkeys: Vec<super::PasskeyView>,
}

/// One exam of the account, with what is kept about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamData {
    /// What the exam centre recorded, and which belongs to it.
    pub entry: EntryData,
    /// When the exam joined the account.
    pub added_at: String,
    /// The results, once released (before that: when they will be).
    pub results: Outcome,
    /// When "your results are available" was sent.
    pub results_email_queued_at: Option<String>,
    /// When the results were first seen on the site.
    pub results_first_seen_at: Option<String>,
    /// Share codes (not the codes themselves: only their keyed hash is
    /// kept) with the successful checks of each, times in milliseconds.
    pub share_codes: Vec<ShareCodeView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryData {
    pub id_number: String,
    pub given_name: String,
    pub family_name: String,
    pub exam: String,
    pub exam_date: String,
    pub results_release_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountData {
    pub email: String,
    /// A new address waiting for its confirmation link.
    pub pending_email: Option<String>,
    pub wants_updates: bool,
    pub language: String,
    pub registered_at: String,
    pub email_confirmed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionData {
    /// The browser it was started in, as that browser named itself.
    pub device: Option<String>,
    pub started_at: String,
    pub last_seen_at: Option<String>,
    pub ends_at: String,
    /// The session this copy was downloaded in.
    pub this_session: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailData {
    pub subject: String,
    pub queued_at: String,
    pub sent_at: Option<String>,
}

/// How long each kind of record is kept, from the settings the code uses:
/// the privacy page states these numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPeriods {
    pub unconfirmed_account_days: i64,
    pub session_idle_minutes: i64,
    pub session_hours: i64,
    pub guess_hours: i64,
    pub dead_link_days: i64,
    pub sent_email_days: i64,
    pub confirmation_link_hours: i64,
    pub reset_link_minutes: i64,
    /// A file a centre uploads to check is kept this long for its Import.
    pub upload_minutes: i64,
    pub staff_idle_minutes: i64,
    pub staff_session_hours: i64,
}
