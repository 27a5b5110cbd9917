//! A phone with a passkey, in software (webauthn-authenticator-rs's soft
//! passkey): it signs real WebAuthn answers with its own key, so the
//! server's checks run as they would for a real device.

use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::prelude::Url;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_rs_proto::{
    AllowCredentials, CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

/// The site the tests' server believes it is (`PUBLIC_URL`).
pub const SITE: &str = "https://results.example.org";

pub struct SoftPhone {
    key: SoftPasskey,
    /// The credential id and user handle of the passkey it made.
    passkey: Option<(Vec<u8>, Vec<u8>)>,
}

impl SoftPhone {
    pub fn new() -> Self {
        // `true`: it says it verified its user, as a phone's lock does.
        Self {
            key: SoftPasskey::new(true),
            passkey: None,
        }
    }

    /// Makes a passkey for the site's options, as the browser at `origin` would.
    pub fn register(
        &mut self,
        origin: &str,
        mut options: CreationChallengeResponse,
    ) -> RegisterPublicKeyCredential {
        // The soft key cannot keep a passkey itself (a resident key): it is
        // not asked to, and plays the discoverable part at sign-in instead.
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.require_resident_key = false;
            selection.resident_key = None;
        }
        let handle: Vec<u8> = options.public_key.user.id.clone();
        let made = self
            .key
            .do_registration(Url::parse(origin).expect("origin"), options)
            .expect("the soft passkey registers");
        self.passkey = Some((made.raw_id.clone(), handle));
        made
    }

    /// Signs the site's sign-in challenge with its passkey, from `origin`,
    /// handing back the user handle as a discoverable passkey does.
    pub fn sign_in(
        &mut self,
        origin: &str,
        mut options: RequestChallengeResponse,
    ) -> PublicKeyCredential {
        let (id, handle) = self.passkey.clone().expect("a passkey was made");
        // What a phone does with an empty allow list: it picks its own passkey for the site.
        options.public_key.allow_credentials = vec![AllowCredentials {
            type_: "public-key".to_owned(),
            id,
            transports: None,
        }];
        let origin = Url::parse(origin).expect("origin");
        let mut answer = self
            .key
            .do_authentication(origin, options)
            .expect("the soft passkey signs");
        answer.response.user_handle = Some(handle);
        answer
    }

    /// Signs as if the page were at `origin` for a site `rp_id` (a phishing
    /// site relaying our challenge).
    pub fn sign_in_for(
        &mut self,
        origin: &str,
        rp_id: &str,
        mut options: RequestChallengeResponse,
    ) -> PublicKeyCredential {
        options.public_key.rp_id = rp_id.to_owned();
        self.sign_in(origin, options)
    }
}
