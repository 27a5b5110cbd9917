use crate::helpers::{
    Backend, PASSWORD, json, session_cookie, spawn_app, spawn_app_with_public_url,
};
use crate::on_both_backends;

on_both_backends!(
    an_unconfirmed_account_cannot_log_in_even_with_the_right_password,
    an_unknown_id_and_a_wrong_password_get_identical_answers,
    the_secret_number_is_not_a_password,
    a_successful_login_sets_a_hardened_cookie_and_redirects_to_results,
    the_cookie_is_secure_when_the_public_url_is_https,
    each_login_gets_a_new_session_id_and_sessions_are_stored_hashed,
    logging_out_ends_the_session_on_the_server,
);

async fn an_unconfirmed_account_cannot_log_in_even_with_the_right_password(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    let res = app.login("SIR094701", PASSWORD).await;
    assert_eq!(res.status(), 403);
    assert!(session_cookie(&res).is_none());
    assert_eq!(json(res).await, "EmailNotConfirmed");
    // A wrong password on an unconfirmed account does not reveal that state.
    assert_eq!(
        json(app.login("SIR094701", "wrong-password-12").await).await,
        "CredentialsRejected"
    );
}

async fn an_unknown_id_and_a_wrong_password_get_identical_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    let unknown = app.login("ZZZ999999", PASSWORD).await;
    let wrong = app.login("SIR094701", "resultats68").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.status(), 401);
    assert!(session_cookie(&unknown).is_none() && session_cookie(&wrong).is_none());
    assert_eq!(
        unknown.text().await.expect("body"),
        wrong.text().await.expect("body")
    );
}

async fn the_secret_number_is_not_a_password(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    assert_eq!(app.login("SIR094701", "4821").await.status(), 401);
}

async fn a_successful_login_sets_a_hardened_cookie_and_redirects_to_results(backend: Backend) {
    let app = spawn_app_with_public_url(backend, Some("http://127.0.0.1:3000")).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    app.confirm(&app.last_confirmation_token().await).await;
    let res = app.login("sir094701", PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/results")
    );
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http must not get a Secure cookie: {cookie}"
    );
}

async fn the_cookie_is_secure_when_the_public_url_is_https(backend: Backend) {
    let app = spawn_app_with_public_url(backend, Some("https://results.example.org")).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    app.confirm(&app.last_confirmation_token().await).await;
    let res = app.login("SIR094701", PASSWORD).await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie");
    assert!(cookie.contains("; Secure"), "{cookie}");
}

async fn each_login_gets_a_new_session_id_and_sessions_are_stored_hashed(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let first = app.signed_in("SIR094701", "4821").await;
    // Logging in again while holding a session replaces it (no fixation).
    let res = app
        .post(
            "/api/login",
            &[("id_number", "SIR094701"), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    let second = session_cookie(&res).expect("cookie");
    assert_ne!(first, second);
    let value = second.split_once('=').expect("name=value").1;
    assert!(value.len() >= 32, "at least 128 bits");
    assert_eq!(
        app.count(&format!("sessions WHERE id_hash = '{value}'"))
            .await,
        0
    );
    assert_eq!(app.count("sessions").await, 1);
    assert_eq!(
        app.post("/api/my_results", &[], Some(&first))
            .await
            .status(),
        401
    );
    assert_eq!(
        app.post("/api/my_results", &[], Some(&second))
            .await
            .status(),
        200
    );
}

async fn logging_out_ends_the_session_on_the_server(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let res = app.post("/api/logout", &[], Some(&cookie)).await;
    assert_eq!(res.status(), 200);
    let cleared = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie");
    assert!(cleared.contains("Max-Age=0"));
    assert_eq!(app.count("sessions").await, 0);
    // The old cookie value, replayed, opens nothing.
    let after = app.post("/api/my_results", &[], Some(&cookie)).await;
    assert_eq!(after.status(), 401);
    assert_eq!(json(after).await, "NotSignedIn");
}
