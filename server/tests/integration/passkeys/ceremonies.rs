//! The two JSON ceremonies: a passkey added and used to sign in, and a
//! refused one answered 401 in the caller's language with nothing stored.

use webauthn_rs_proto::RequestChallengeResponse;

use super::support::{add, post_json};
use crate::helpers::{Backend, json, session_cookie, spawn_app};
use crate::on_both_backends;
use crate::soft_passkey::{SITE, SoftPhone};

on_both_backends!(
    a_candidate_adds_a_passkey_and_signs_in_with_it_through_the_json_ceremonies,
    a_refused_passkey_is_a_401_with_words_in_the_callers_language_and_nothing_is_stored,
);

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
