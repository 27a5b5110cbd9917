//! Passkeys over the wire: the JSON of the two ceremonies, the cookie of a
//! passkey sign-in, the refusals' statuses and words, the pages that offer
//! passkeys (and only those load the script), and the plain forms that
//! rename and remove them.

use webauthn_rs_proto::{CreationChallengeResponse, RequestChallengeResponse};

use crate::helpers::{
    Backend, TestApp, json, session_cookie, spawn_app, spawn_app_with_public_url, visible_text,
};
use crate::on_both_backends;
use crate::soft_passkey::{SITE, SoftPhone};

on_both_backends!(
    a_candidate_adds_a_passkey_and_signs_in_with_it_through_the_json_ceremonies,
    a_refused_passkey_is_a_401_with_words_in_the_callers_language_and_nothing_is_stored,
    only_the_login_and_account_pages_offer_passkeys_and_load_their_script,
    renaming_and_removing_are_plain_forms_that_work_without_javascript,
);

async fn post_json(
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
async fn add(app: &TestApp, cookie: &str, phone: &mut SoftPhone) -> reqwest::Response {
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

async fn a_candidate_adds_a_passkey_and_signs_in_with_it_through_the_json_ceremonies(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let mut phone = SoftPhone::new();
    let added = add(&app, &cookie, &mut phone).await;
    assert_eq!(added.status(), 200);
    assert_eq!(
        json(added).await["redirect"],
        "/account?done=passkey_added#passkeys-title"
    );
    assert_eq!(app.count("passkeys").await, 1);

    let res = post_json(
        &app,
        "/passkeys/sign-in/options",
        serde_json::json!({}),
        &[],
    )
    .await;
    assert_eq!(res.status(), 200);
    let begun = json(res).await;
    assert!(
        begun["options"]["publicKey"]["allowCredentials"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "discoverable: no list of passkeys"
    );
    assert!(
        begun["options"].get("mediation").is_none(),
        "a button, not autofill"
    );
    let options: RequestChallengeResponse =
        serde_json::from_value(begun["options"].clone()).expect("request options");
    let answer = phone.sign_in(SITE, options);
    let res = post_json(
        &app,
        "/passkeys/sign-in",
        serde_json::json!({ "ceremony": begun["ceremony"], "credential": answer }),
        &[],
    )
    .await;
    assert_eq!(res.status(), 200);
    let set_cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("ro_session="))
        .expect("a session cookie")
        .to_owned();
    for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    let session = session_cookie(&res).expect("cookie");
    assert_eq!(json(res).await["redirect"], "/results");
    let results = app.get("/results", Some(&session)).await;
    assert_eq!(
        results.status(),
        200,
        "the passkey's session opens the results"
    );
}

async fn a_refused_passkey_is_a_401_with_words_in_the_callers_language_and_nothing_is_stored(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let mut phone = SoftPhone::new();
    assert_eq!(add(&app, &cookie, &mut phone).await.status(), 200);
    let sessions_before = app.count("sessions").await;

    // An answer to a ceremony that does not exist, in French.
    let begun = json(
        post_json(
            &app,
            "/passkeys/sign-in/options",
            serde_json::json!({}),
            &[],
        )
        .await,
    )
    .await;
    let options: RequestChallengeResponse =
        serde_json::from_value(begun["options"].clone()).expect("options");
    let answer = phone.sign_in(SITE, options);
    let res = post_json(
        &app,
        "/passkeys/sign-in",
        serde_json::json!({ "ceremony": "0".repeat(64), "credential": answer }),
        &[("accept-language", "fr")],
    )
    .await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body = json(res).await;
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Cette clé d’accès n’a pas été acceptée")),
        "{body}"
    );
    // Not JSON at all: refused the same way.
    let res = app
        .client
        .post(format!("{}/passkeys/sign-in", app.address))
        .header("origin", &app.origin)
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 401);
    assert_eq!(
        app.count("sessions").await,
        sessions_before,
        "no session was started"
    );

    // Adding without a session; from another site.
    let res = post_json(&app, "/passkeys/add/options", serde_json::json!({}), &[]).await;
    assert_eq!(res.status(), 401);
    let res = app
        .client
        .post(format!("{}/passkeys/add/options", app.address))
        .header("origin", "https://evil.example")
        .header("cookie", &cookie)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("request");
    assert_eq!(
        res.status(),
        403,
        "cross-site posts are refused before anything runs"
    );
    // A wrong password, once the sign-in is old, belongs beside its field.
    app.clock.advance(chrono::Duration::minutes(6));
    let res = post_json(
        &app,
        "/passkeys/add/options",
        serde_json::json!({ "current_password": "wrong-password-99" }),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(res.status(), 422);
    let body = json(res).await;
    assert_eq!(body["field"], "current_password");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(app.count("passkeys").await, 1);
}

async fn only_the_login_and_account_pages_offer_passkeys_and_load_their_script(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let login = app.get("/login", None).await.text().await.expect("page");
    assert!(
        login.contains(r#"<script type="module" src="/passkey.js"></script>"#),
        "{login}"
    );
    assert!(
        login.contains(r#"data-passkey="sign-in""#) && login.contains("Sign in with a passkey")
    );
    let block = login
        .split("<section")
        .find(|t| t.contains(r#"data-passkey="sign-in""#))
        .and_then(|t| t.split('>').next())
        .expect("the passkey block");
    assert!(
        block
            .split_whitespace()
            .any(|a| a == "hidden" || a.starts_with("hidden=")),
        "hidden until the script finds WebAuthn: {block}"
    );
    let account = app
        .get("/account", Some(&cookie))
        .await
        .text()
        .await
        .expect("page");
    assert!(account.contains(r#"src="/passkey.js""#) && account.contains("Add a passkey"));
    assert!(visible_text(&account).contains("You have not added a passkey yet."));
    for page in ["/", "/register", "/results", "/verify"] {
        let html = app
            .get(page, Some(&cookie))
            .await
            .text()
            .await
            .expect("page");
        assert!(
            !html.contains("passkey.js"),
            "{page} loads no passkey script"
        );
    }

    // A site at an IP address cannot have passkeys: nothing is offered.
    let by_ip = spawn_app_with_public_url(backend, Some("http://127.0.0.1:3000")).await;
    let login = by_ip.get("/login", None).await.text().await.expect("page");
    assert!(
        !login.contains("passkey.js") && !login.contains("data-passkey"),
        "{login}"
    );
    assert_eq!(
        post_json(
            &by_ip,
            "/passkeys/sign-in/options",
            serde_json::json!({}),
            &[("origin", "http://127.0.0.1:3000")]
        )
        .await
        .status(),
        404
    );
}

async fn renaming_and_removing_are_plain_forms_that_work_without_javascript(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let mut phone = SoftPhone::new();
    assert_eq!(add(&app, &cookie, &mut phone).await.status(), 200);
    let id = app.scalar("SELECT id AS n FROM passkeys").await.to_string();
    let plain = [("cookie", cookie.as_str()), ("accept", "text/html")];

    // A name too long goes back to the form, with the passkey named.
    let res = app
        .post_with(
            "/api/rename_passkey",
            &[("passkey", &id), ("name", &"x".repeat(61))],
            &plain,
        )
        .await;
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        back.starts_with("/account?") && back.contains(&format!("passkey={id}")),
        "{back}"
    );
    let page = visible_text(
        &app.get(&back, Some(&cookie))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(page.contains("too long"), "{page}");

    let res = app
        .post_with(
            "/api/rename_passkey",
            &[("passkey", &id), ("name", "Phone de Marie")],
            &plain,
        )
        .await;
    assert_eq!(
        (
            res.status(),
            res.headers()["location"].to_str().expect("location")
        ),
        (
            reqwest::StatusCode::FOUND,
            "/account?done=passkey_renamed#passkeys-title"
        )
    );
    let page = visible_text(
        &app.get("/account?done=passkey_renamed", Some(&cookie))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        page.contains("Phone de Marie") && page.contains("The passkey has been renamed."),
        "{page}"
    );

    let res = app
        .post_with("/api/remove_passkey", &[("passkey", &id)], &plain)
        .await;
    assert_eq!(
        res.headers()["location"],
        "/account?done=passkey_removed#passkeys-title"
    );
    assert_eq!(app.count("passkeys").await, 0);
    let mails = app.emails().await;
    assert!(
        mails
            .last()
            .is_some_and(|m| m.contains("Phone de Marie") && m.contains("removed")),
        "{:?}",
        mails.last()
    );
}
