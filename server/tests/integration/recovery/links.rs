//! The reset link: an hour, its own purpose, the newest one, and the
//! address it confirms.

use super::support::{NEW_PASSWORD, RESET, forgot, reset};
use crate::helpers::{Backend, PASSWORD, json, link_token, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_reset_link_works_for_one_hour_only,
    links_only_work_for_their_own_purpose_and_the_newest_wins,
    a_reset_confirms_an_address_never_confirmed,
);

async fn a_reset_link_works_for_one_hour_only(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    forgot(&app, "SIR094701").await;
    let token = link_token(&app.wait_for_emails(2).await[1], RESET);
    app.clock.advance(chrono::Duration::minutes(59));
    assert_eq!(
        app.post("/api/reset_link", &[("token", &token)], None)
            .await
            .status(),
        200
    );
    app.clock.advance(chrono::Duration::minutes(2));
    let res = reset(&app, &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), 410);
    assert_eq!(
        json(res).await,
        serde_json::json!({"TokenInvalid": "Expired"})
    );
    assert_eq!(app.login("SIR094701", PASSWORD).await.status(), 200);
}

async fn links_only_work_for_their_own_purpose_and_the_newest_wins(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "marie@example.fr").await;
    let confirmation = app.last_confirmation_token().await;
    let res = reset(&app, &confirmation, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(
        json(res).await,
        serde_json::json!({"TokenInvalid": "Unknown"}),
        "a confirmation link cannot reset a password"
    );
    forgot(&app, "SIR094701").await;
    let older = link_token(&app.wait_for_emails(2).await[1], RESET);
    assert_eq!(
        json(app.confirm(&older).await).await,
        serde_json::json!({"TokenInvalid": "Unknown"}),
        "a reset link confirms nothing"
    );
    app.clock.advance(chrono::Duration::minutes(2));
    forgot(&app, "SIR094701").await;
    let newer = link_token(&app.wait_for_emails(3).await[2], RESET);
    assert_ne!(older, newer);
    assert_eq!(
        json(reset(&app, &older, NEW_PASSWORD, NEW_PASSWORD).await).await,
        serde_json::json!({"TokenInvalid": "Superseded"})
    );
    assert_eq!(
        reset(&app, &newer, NEW_PASSWORD, NEW_PASSWORD)
            .await
            .status(),
        200
    );
    // The confirmation link was not affected by the reset link.
    assert_eq!(app.confirm(&confirmation).await.status(), 200);
}

async fn a_reset_confirms_an_address_never_confirmed(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.register("SIR094701", "4821", "marie@example.fr").await;
    assert_eq!(app.login("SIR094701", PASSWORD).await.status(), 403);
    forgot(&app, "SIR094701").await;
    let token = link_token(&app.wait_for_emails(2).await[1], RESET);
    assert_eq!(
        reset(&app, &token, NEW_PASSWORD, NEW_PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.login("SIR094701", NEW_PASSWORD).await.status(),
        200,
        "following the emailed link proved the address"
    );
}
