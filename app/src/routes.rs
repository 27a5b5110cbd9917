//! Every address the site answers, named once. Pages link with these, the
//! server routes with them, services build emails' links from them, and
//! the sign-in guards read [`PAGES`], the table a test holds to the router.

pub const HOME: &str = "/";
pub const REGISTER: &str = "/register";
pub const REGISTERED: &str = "/register/sent";
pub const RESENT: &str = "/resent";
pub const CONFIRM: &str = "/confirm";
pub const LOGIN: &str = "/login";
pub const SIGN_IN_LINK: &str = "/login/link";
pub const SIGN_IN_LINK_SENT: &str = "/login/link/sent";
pub const FORGOT: &str = "/forgot-password";
pub const FORGOT_SENT: &str = "/forgot-password/sent";
pub const RESET: &str = "/reset-password";
pub const RESULTS: &str = "/results";
pub const SHARE_CODES: &str = "/results/share-codes";
/// The signed-in candidate's Statement of Results (a file).
pub const STATEMENT: &str = "/results/statement.pdf";
/// The release time as a calendar event (a file).
pub const RELEASE_CALENDAR: &str = "/results/release.ics";
pub const ACCOUNT: &str = "/account";
pub const VERIFY: &str = "/verify";
pub const TERMS: &str = "/terms";
pub const PRIVACY: &str = "/privacy";
/// The `English | Français` switch (a post from every page).
pub const LANGUAGE: &str = "/language";
pub const HEALTH: &str = "/healthz";
pub const READY: &str = "/readyz";

/// The centre portal.
pub mod centre {
    pub const HOME: &str = "/centre";
    pub const LOGIN: &str = "/centre/login";
    pub const INVITATION: &str = "/centre/invitation";
    pub const SECOND_FACTOR: &str = "/centre/second-factor";
    pub const SIGN_OUT: &str = "/centre/sign-out";
    pub const UPLOAD: &str = "/centre/upload";
    pub const IMPORT: &str = "/centre/import";
    pub const CANDIDATES: &str = "/centre/candidates";
    pub const SECRET: &str = "/centre/candidates/secret";
    pub const RELEASE: &str = "/centre/release";
    pub const INVITE: &str = "/centre/invite";
    pub const AUDIT: &str = "/centre/audit";
    pub const AUDIT_CSV: &str = "/centre/audit.csv";
}

/// The passkey ceremonies: JSON posts made by `public/passkey.js`.
pub mod passkeys {
    pub const SIGN_IN_OPTIONS: &str = "/passkeys/sign-in/options";
    pub const SIGN_IN: &str = "/passkeys/sign-in";
    pub const ADD_OPTIONS: &str = "/passkeys/add/options";
    pub const ADD: &str = "/passkeys/add";
    /// The script, loaded only by the two pages that offer passkeys.
    pub const SCRIPT: &str = "/passkey.js";
}

/// Who may open a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Anyone,
    /// A signed-in candidate; others go to [`LOGIN`].
    Candidate,
    /// Staff past both factors; others go to the portal's login, or to
    /// its second step when only the password was given.
    Staff,
    /// Staff between their password and their second factor.
    StaffSecondStep,
}

/// Every page (and file) a browser gets, and who may open it: the table
/// the router is checked against and the guards read.
pub const PAGES: &[(&str, Access)] = &[
    (HOME, Access::Anyone),
    (REGISTER, Access::Anyone),
    (REGISTERED, Access::Anyone),
    (RESENT, Access::Anyone),
    (CONFIRM, Access::Anyone),
    (LOGIN, Access::Anyone),
    (SIGN_IN_LINK, Access::Anyone),
    (SIGN_IN_LINK_SENT, Access::Anyone),
    (FORGOT, Access::Anyone),
    (FORGOT_SENT, Access::Anyone),
    (RESET, Access::Anyone),
    (VERIFY, Access::Anyone),
    (TERMS, Access::Anyone),
    (PRIVACY, Access::Anyone),
    (RESULTS, Access::Candidate),
    (SHARE_CODES, Access::Candidate),
    (STATEMENT, Access::Candidate),
    (RELEASE_CALENDAR, Access::Candidate),
    (ACCOUNT, Access::Candidate),
    (centre::LOGIN, Access::Anyone),
    (centre::INVITATION, Access::Anyone),
    (centre::SECOND_FACTOR, Access::StaffSecondStep),
    (centre::HOME, Access::Staff),
    (centre::UPLOAD, Access::Staff),
    (centre::CANDIDATES, Access::Staff),
    (centre::RELEASE, Access::Staff),
    (centre::AUDIT, Access::Staff),
    (centre::AUDIT_CSV, Access::Staff),
];

/// Who may open `path` (anyone, for an address that is no page of ours).
pub fn access(path: &str) -> Access {
    PAGES
        .iter()
        .find(|(page, _)| *page == path)
        .map_or(Access::Anyone, |(_, access)| *access)
}

/// Whether `path` is one of the site's pages (not a file, a server
/// function or an address the site does not answer).
pub fn is_page(path: &str) -> bool {
    PAGES.iter().any(|(page, _)| *page == path)
}

/// Where someone not signed in is sent from `path`: the portal's login
/// for the portal's addresses, the candidates' otherwise.
pub fn login_for(path: &str) -> &'static str {
    if path == centre::HOME || path.starts_with("/centre/") {
        centre::LOGIN
    } else {
        LOGIN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_is_listed_once_and_every_portal_page_asks_for_staff() {
        let mut paths: Vec<&str> = PAGES.iter().map(|(p, _)| *p).collect();
        paths.sort_unstable();
        let before = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), before, "a page listed twice");
        for (path, access) in PAGES {
            if login_for(path) == centre::LOGIN
                && ![centre::LOGIN, centre::INVITATION].contains(path)
            {
                assert!(
                    matches!(access, Access::Staff | Access::StaffSecondStep),
                    "{path}"
                );
            }
        }
        assert_eq!(access("/nowhere"), Access::Anyone);
        assert_eq!(login_for(centre::UPLOAD), centre::LOGIN);
        assert_eq!(login_for(RESULTS), LOGIN);
    }
}
