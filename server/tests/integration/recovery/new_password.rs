//! The new password: set once through the link, ending every session,
//! and held to every rule without spending the link.

use super::support::{NEW_PASSWORD, RESET, forgot, reset};
use crate::helpers::{Backend, PASSWORD, json, link_token, recipient, session_cookie, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_reset_link_sets_a_new_password_once_and_ends_every_session,
    the_new_password_must_meet_every_rule_and_a_refused_one_keeps_the_link,
);

async fn a_reset_link_sets_a_new_password_once_and_ends_every_session(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let first = app.signed_in("SIR094701", "4821").await;
    let second = app.second_session("SIR094701", PASSWORD).await;
    forgot(&app, "SIR094701").await;
    let token = link_token(&app.wait_for_emails(2).await[1], RESET);
    assert_eq!(token.len(), 64, "256 bits");
    assert_eq!(
        app.count(&format!("email_tokens WHERE token_hash = '{token}'"))
            .await,
        0,
        "stored hashed only"
    );
    assert_eq!(
        json(
            app.post("/api/reset_link", &[("token", &token)], None)
                .await
        )
        .await,
        "SIR094701"
    );

    let res = reset(&app, &token, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login?reset=done")
    );
    assert!(
        session_cookie(&res).is_none(),
        "a reset never signs anyone in"
    );
    for cookie in [&first, &second] {
        assert_eq!(
            app.post("/api/my_results", &[], Some(cookie))
                .await
                .status(),
            401
        );
    }
    assert_eq!(app.count("sessions").await, 0);
    assert_eq!(app.login("SIR094701", PASSWORD).await.status(), 401);
    assert_eq!(app.login("SIR094701", NEW_PASSWORD).await.status(), 200);
    let again = reset(&app, &token, "another-pass-77", "another-pass-77").await;
    assert_eq!(again.status(), 410);
    assert_eq!(
        json(again).await,
        serde_json::json!({"TokenInvalid": "Used"})
    );
    let notice = app.wait_for_emails(3).await.pop().expect("notice");
    assert!(
        notice.contains("Your Results Online password was changed")
            && notice.contains("/forgot-password"),
        "{notice}"
    );
    assert_eq!(recipient(&notice), "marie@example.fr");
}

async fn the_new_password_must_meet_every_rule_and_a_refused_one_keeps_the_link(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    forgot(&app, "SIR094701").await;
    let token = link_token(&app.wait_for_emails(2).await[1], RESET);
    let refused = [
        (
            "short1",
            "short1",
            serde_json::json!([["Password", "PasswordTooShort"]]),
        ),
        (
            "password12",
            "password12",
            serde_json::json!([["Password", "PasswordTooCommon"]]),
        ),
        (
            "xxSIR094701",
            "xxSIR094701",
            serde_json::json!([["Password", "PasswordContainsIdNumber"]]),
        ),
        (
            "marie-2026-x",
            "marie-2026-x",
            serde_json::json!([["Password", "PasswordContainsEmail"]]),
        ),
        (
            NEW_PASSWORD,
            "different-48",
            serde_json::json!([["ConfirmPassword", "PasswordsDiffer"]]),
        ),
    ];
    for (password, confirmation, expected) in refused {
        let res = reset(&app, &token, password, confirmation).await;
        assert_eq!(res.status(), 422, "{password}");
        assert_eq!(
            json(res).await,
            serde_json::json!({ "Invalid": expected }),
            "{password}"
        );
    }
    assert_eq!(
        app.login("SIR094701", PASSWORD).await.status(),
        200,
        "nothing changed"
    );
    assert_eq!(
        reset(&app, &token, NEW_PASSWORD, NEW_PASSWORD)
            .await
            .status(),
        200,
        "the link still works"
    );
}
