//! Who is asking: what a service needs to know of the request, read from it
//! once by the adapter of the server functions. Services never read the request
//! themselves, so they run the same from a test as from a browser.

use super::entities::account::AccountId;
use crate::i18n::Locale;

#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The client's address: the connection's, or the trusted proxy's
    /// header's when one is configured. Guessing is counted against it.
    pub ip: Option<String>,
    /// The value of the session cookie, if the request carried one.
    pub session_token: Option<String>,
    /// The candidate the session guard already found for this request (on
    /// signed-in pages), so the session is not looked up twice.
    pub checked_candidate: Option<AccountId>,
    /// The language to answer in; a registration keeps it for the emails.
    pub locale: Locale,
    /// The browser's `User-Agent`, kept with a session it starts.
    pub user_agent: Option<String>,
    /// The value of the staff session cookie (the centre portal's, apart
    /// from a candidate's), if the request carried one.
    pub staff_token: Option<String>,
}

/// The callers the tests build (the server builds them from requests).
#[cfg(feature = "test-support")]
impl Caller {
    /// A caller from `ip` with no session, in English.
    pub fn from_ip(ip: &str) -> Self {
        Self {
            ip: Some(ip.to_owned()),
            ..Self::default()
        }
    }

    /// The same caller holding the staff session cookie `token`.
    #[must_use]
    pub fn with_staff_session(mut self, token: &str) -> Self {
        self.staff_token = Some(token.to_owned());
        self
    }

    /// The same caller holding the session cookie `token`.
    #[must_use]
    pub fn with_session(mut self, token: &str) -> Self {
        self.session_token = Some(token.to_owned());
        self
    }
}
