//! Passkeys as the account page shows them, and the one rule a candidate's
//! input must follow: the name they give one.

use serde::{Deserialize, Serialize};

use super::ValidationError;
use super::text::{has_forbidden_chars, short_text};

/// The longest passkey name, in characters.
pub const MAX_PASSKEY_NAME_CHARS: usize = 60;

/// How long after signing in a candidate may add a passkey without typing
/// their password again: a session left open on a shared computer must not
/// let the next person add their own way in.
pub const PASSKEY_FRESH_SIGN_IN_MINUTES: i64 = 5;

/// The name a candidate gives a passkey ("Phone", "Laptop"): trimmed, not
/// empty, at most [`MAX_PASSKEY_NAME_CHARS`], no invisible characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyName(String);

impl PasskeyName {
    /// # Errors
    /// [`ValidationError::Required`], [`ValidationError::TooLong`] or
    /// [`ValidationError::ForbiddenCharacters`].
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        short_text(input, MAX_PASSKEY_NAME_CHARS)?
            .map(Self)
            .ok_or(ValidationError::Required)
    }

    /// The name a new passkey gets until the candidate renames it: what the
    /// browser says it is, cut to size, or `fallback`.
    pub fn from_device(device: Option<&str>, fallback: &str) -> Self {
        let cut: String = device
            .unwrap_or_default()
            .chars()
            .filter(|c| !has_forbidden_chars(&c.to_string()))
            .take(MAX_PASSKEY_NAME_CHARS)
            .collect();
        Self::parse(&cut).unwrap_or_else(|_| Self(fallback.to_owned()))
    }
}

impl AsRef<str> for PasskeyName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// "Chrome · Android", read from a browser's `User-Agent`: what a new
/// passkey is called until the candidate renames it. `None` when neither
/// the browser nor the system is recognised.
pub fn device_name(user_agent: &str) -> Option<String> {
    // Order matters: Edge's says Chrome and Safari too, Chrome's says Safari.
    const BROWSERS: [(&str, &str); 5] = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    // Android's says Linux; iPhone's says "like Mac OS X".
    const SYSTEMS: [(&str, &str); 7] = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "Mac"),
        ("Windows", "Windows"),
        ("Linux", "Linux"),
    ];
    let find = |list: &[(&str, &'static str)]| {
        list.iter()
            .find(|(marker, _)| user_agent.contains(marker))
            .map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(browser), Some(system)) => Some(format!("{browser} · {system}")),
        (one, other) => one.or(other).map(str::to_owned),
    }
}

/// One passkey in the account page's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    pub id: i64,
    pub name: String,
    pub created_at_ms: i64,
    pub last_used_at_ms: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passkey_name_is_trimmed_and_must_be_short_visible_text() {
        assert_eq!(
            PasskeyName::parse("  Phone  ").map(|n| n.as_ref().to_owned()),
            Ok("Phone".to_owned())
        );
        assert_eq!(PasskeyName::parse("   "), Err(ValidationError::Required));
        assert_eq!(
            PasskeyName::parse(&"é".repeat(MAX_PASSKEY_NAME_CHARS))
                .map(|n| n.as_ref().chars().count()),
            Ok(MAX_PASSKEY_NAME_CHARS)
        );
        assert_eq!(
            PasskeyName::parse(&"é".repeat(MAX_PASSKEY_NAME_CHARS + 1)),
            Err(ValidationError::TooLong)
        );
        assert_eq!(
            PasskeyName::parse("Pho\u{202E}ne"),
            Err(ValidationError::ForbiddenCharacters)
        );
    }

    #[test]
    fn the_device_is_named_after_the_browser_and_the_system() {
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(device_name(android).as_deref(), Some("Chrome · Android"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device_name(iphone).as_deref(), Some("Safari · iPhone"));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(device_name(edge).as_deref(), Some("Edge · Windows"));
        assert_eq!(
            device_name("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
                .as_deref(),
            Some("Firefox · Linux")
        );
        assert_eq!(device_name("curl/8.5.0"), None);
    }

    #[test]
    fn a_new_passkey_is_named_after_the_device_or_the_fallback() {
        assert_eq!(
            PasskeyName::from_device(Some("Chrome on Android"), "Passkey").as_ref(),
            "Chrome on Android"
        );
        assert_eq!(
            PasskeyName::from_device(Some("  \n "), "Passkey").as_ref(),
            "Passkey"
        );
        assert_eq!(
            PasskeyName::from_device(None, "Clé d'accès").as_ref(),
            "Clé d'accès"
        );
        assert_eq!(
            PasskeyName::from_device(Some(&"x".repeat(200)), "Passkey")
                .as_ref()
                .len(),
            MAX_PASSKEY_NAME_CHARS
        );
    }
}
