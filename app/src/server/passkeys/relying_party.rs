//! This site as a WebAuthn relying party.

use std::sync::Arc;

use anyhow::Context;
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

/// This site as a WebAuthn relying party: its id and origin come from
/// `PUBLIC_URL`, never from a request, so a passkey made here works only
/// here.
#[derive(Clone)]
pub struct RelyingParty(Arc<Webauthn>);

impl std::fmt::Debug for RelyingParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RelyingParty")
    }
}
impl RelyingParty {
    /// The relying party of the site at `public_url`.
    ///
    /// # Errors
    /// When the URL's host is not a domain name: browsers refuse passkeys
    /// for an IP address (`http://127.0.0.1`; use `http://localhost`).
    pub fn for_site(public_url: &str) -> anyhow::Result<Self> {
        let origin = Url::parse(public_url)
            .with_context(|| format!("PUBLIC_URL {public_url} is not a URL"))?;
        let Some(rp_id) = origin.domain().map(str::to_owned) else {
            anyhow::bail!(
                "the host of PUBLIC_URL {public_url} is not a domain name; browsers offer passkeys only for one (http://localhost works)"
            )
        };
        let webauthn = WebauthnBuilder::new(&rp_id, &origin)
            .and_then(|b| b.rp_name("Results Online").build())
            .map_err(|e| anyhow::anyhow!("setting up passkeys for {public_url}: {e}"))?;
        Ok(Self(Arc::new(webauthn)))
    }

    pub(super) fn webauthn(&self) -> &Webauthn {
        &self.0
    }
}
