//! What a page may ask of the site while it is drawn (on the server only).

#[cfg(feature = "ssr")]
use leptos::prelude::use_context;

/// Whether this site offers passkeys: its `PUBLIC_URL` names a domain
/// (browsers refuse them for an IP address). Asked while a page is drawn,
/// which happens on the server only.
pub fn passkeys_offered() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::server::AppState>()
            .is_some_and(|state| state.settings.passkeys.is_some())
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The site's address of `path` as shown in text, e.g.
/// `results.example.org/verify` (a link itself stays relative).
pub fn public_address(path: &'static str) -> String {
    #[cfg(feature = "ssr")]
    if let Some(state) = use_context::<crate::server::AppState>() {
        let host = state
            .settings
            .public_url
            .split("://")
            .nth(1)
            .unwrap_or_default();
        return format!("{host}{path}");
    }
    path.to_owned()
}
