//! Session lifetime: idle timeout, absolute lifetime, the cookie's name.

use crate::helpers::{Backend, PASSWORD, session_cookie, spawn_app, spawn_app_with_public_url};
use crate::on_both_backends;

on_both_backends!(
    a_session_ends_after_thirty_idle_minutes_and_activity_keeps_it_alive,
    staying_signed_in_restarts_the_idle_timeout,
    a_session_ends_after_twelve_hours_whatever_the_activity,
    the_cookie_has_the_host_prefix_when_served_over_https,
);

async fn a_session_ends_after_thirty_idle_minutes_and_activity_keeps_it_alive(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    app.clock.advance(chrono::Duration::minutes(25));
    assert_eq!(
        app.get("/results", Some(&cookie)).await.status(),
        200,
        "a page view is activity"
    );
    app.clock.advance(chrono::Duration::minutes(25));
    assert_eq!(
        app.post("/api/my_results", &[], Some(&cookie))
            .await
            .status(),
        200,
        "50 minutes in, 25 idle"
    );
    app.clock.advance(chrono::Duration::minutes(30));
    assert_eq!(
        app.post("/api/my_results", &[], Some(&cookie))
            .await
            .status(),
        401,
        "30 idle minutes end it"
    );
    let page = app.get("/results", Some(&cookie)).await;
    assert_eq!(page.status(), 303);
    assert_eq!(
        page.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login?session=ended")
    );
    assert_eq!(
        app.count("sessions").await,
        0,
        "the idle session is deleted"
    );
}

async fn staying_signed_in_restarts_the_idle_timeout(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    app.clock.advance(chrono::Duration::minutes(28));
    assert_eq!(
        app.post("/api/keep_alive", &[], Some(&cookie))
            .await
            .status(),
        200
    );
    app.clock.advance(chrono::Duration::minutes(28));
    assert_eq!(
        app.post("/api/keep_alive", &[], Some(&cookie))
            .await
            .status(),
        200
    );
    app.clock.advance(chrono::Duration::minutes(31));
    assert_eq!(
        app.post("/api/keep_alive", &[], Some(&cookie))
            .await
            .status(),
        401
    );
}

async fn a_session_ends_after_twelve_hours_whatever_the_activity(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    for step in 1..=36 {
        app.clock.advance(chrono::Duration::minutes(20));
        let expected = if step < 36 { 200 } else { 401 };
        assert_eq!(
            app.post("/api/keep_alive", &[], Some(&cookie))
                .await
                .status(),
            expected,
            "after {} min",
            step * 20
        );
    }
}

async fn the_cookie_has_the_host_prefix_when_served_over_https(backend: Backend) {
    let app = spawn_app_with_public_url(backend, Some("https://results.example.org")).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "a@example.fr").await;
    app.confirm(&app.last_confirmation_token().await).await;
    let res = app.login("SIR094701", PASSWORD).await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie")
        .to_owned();
    assert!(cookie.starts_with("__Host-ro_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
    let value = session_cookie(&res).expect("cookie");
    assert_eq!(
        app.post("/api/my_results", &[], Some(&value))
            .await
            .status(),
        200
    );
    // The unprefixed name is not read over https: a sibling subdomain could have set it.
    let unprefixed = value.replacen("__Host-", "", 1);
    assert_eq!(
        app.post("/api/my_results", &[], Some(&unprefixed))
            .await
            .status(),
        401
    );
}
