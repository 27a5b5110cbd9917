//! What the passkey tests share: a JSON post and a passkey added to an
//! account.

use webauthn_rs_proto::CreationChallengeResponse;

use crate::helpers::{TestApp, json};
use crate::soft_passkey::{SITE, SoftPhone};

pub async fn post_json(
    app: &TestApp,
    path: &str,
    body: serde_json::Value,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let req = app
        .client
        .post(format!("{}{path}", app.address))
        .header("origin", &app.origin)
        .json(&body);
    headers
        .iter()
        .fold(req, |r, (k, v)| r.header(*k, *v))
        .send()
        .await
        .expect("request")
}

/// Adds a passkey on `phone` for the session `cookie`; the answer to the last post.
pub async fn add(app: &TestApp, cookie: &str, phone: &mut SoftPhone) -> reqwest::Response {
    let res = post_json(
        app,
        "/passkeys/add/options",
        serde_json::json!({}),
        &[("cookie", cookie)],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let begun = json(res).await;
    let options: CreationChallengeResponse =
        serde_json::from_value(begun["options"].clone()).expect("creation options");
    assert_eq!(
        options.public_key.rp.id, "results.example.org",
        "the relying party comes from PUBLIC_URL"
    );
    let selection = options
        .public_key
        .authenticator_selection
        .clone()
        .expect("selection");
    assert!(
        selection.require_resident_key,
        "a discoverable passkey is asked for"
    );
    let made = phone.register(SITE, options);
    post_json(
        app,
        "/passkeys/add",
        serde_json::json!({ "ceremony": begun["ceremony"], "credential": made }),
        &[("cookie", cookie)],
    )
    .await
}
