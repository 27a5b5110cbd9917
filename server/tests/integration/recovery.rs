//! "Forgotten your password?" and the reset link.

use crate::helpers::{
    Backend, PASSWORD, json, link_token, recipient, session_cookie, spawn_app, spawn_app_with,
};
use crate::on_both_backends;

on_both_backends!(
    asking_for_a_reset_answers_the_same_for_any_id_and_mails_only_accounts,
    a_reset_link_sets_a_new_password_once_and_ends_every_session,
    the_new_password_must_meet_every_rule_and_a_refused_one_keeps_the_link,
    a_reset_link_works_for_one_hour_only,
    links_only_work_for_their_own_purpose_and_the_newest_wins,
    reset_emails_are_sent_at_most_once_a_minute,
    a_reset_confirms_an_address_never_confirmed,
    requests_for_emails_are_limited_per_client_address_alike_for_every_id,
);

const NEW_PASSWORD: &str = "tulipe-ocre-48";
const RESET: &str = "/reset-password?token=";

async fn forgot(app: &crate::helpers::TestApp, id: &str) -> reqwest::Response {
    app.post("/api/forgot_password", &[("id_number", id)], None)
        .await
}

async fn reset(
    app: &crate::helpers::TestApp,
    token: &str,
    password: &str,
    confirmation: &str,
) -> reqwest::Response {
    app.post(
        "/api/reset_password",
        &[
            ("token", token),
            ("password", password),
            ("confirm_password", confirmation),
        ],
        None,
    )
    .await
}

async fn asking_for_a_reset_answers_the_same_for_any_id_and_mails_only_accounts(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    let mut answers = Vec::new();
    // An account, an unknown ID, and an entry without an account.
    for id in ["SIR094701", "ZZZ999999", "SIR094702"] {
        let res = forgot(&app, id).await;
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        answers.push((res.status(), location, res.text().await.expect("body")));
    }
    assert_eq!(answers[0].0, 200);
    assert_eq!(answers[0].1.as_deref(), Some("/forgot-password/sent"));
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    let mails = app.wait_for_emails(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.emails().await.len(),
        2,
        "one confirmation, one reset link: nothing for the others"
    );
    assert_eq!(recipient(&mails[1]), "marie@example.fr");
    assert!(
        mails[1].contains("Choose a new password for Results Online")
            && mails[1].contains("SIR094701"),
        "{}",
        mails[1]
    );
    // A malformed ID is the only thing that is told apart.
    assert_eq!(forgot(&app, "12").await.status(), 422);
}

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

async fn reset_emails_are_sent_at_most_once_a_minute(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    for _ in 0..5 {
        assert_eq!(forgot(&app, "SIR094701").await.status(), 200);
    }
    app.wait_for_emails(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.emails().await.len(), 2);
    app.clock.advance(chrono::Duration::minutes(2));
    forgot(&app, "SIR094701").await;
    assert_eq!(app.wait_for_emails(3).await.len(), 3);
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

async fn requests_for_emails_are_limited_per_client_address_alike_for_every_id(backend: Backend) {
    let app = spawn_app_with(backend, |config| config.attempts_per_ip_per_hour = 3).await;
    app.load_entries().await;
    app.signed_in("SIR094701", "4821").await;
    assert_eq!(forgot(&app, "SIR094701").await.status(), 200);
    assert_eq!(forgot(&app, "ZZZ999999").await.status(), 200);
    assert_eq!(
        app.post(
            "/api/resend_confirmation",
            &[("id_number", "SIR094702")],
            None
        )
        .await
        .status(),
        200
    );
    // The fourth request from this address is refused, whichever ID it names.
    let (known, unknown) = (
        forgot(&app, "SIR094701").await,
        forgot(&app, "ZZZ999998").await,
    );
    assert_eq!(
        (known.status().as_u16(), unknown.status().as_u16()),
        (429, 429)
    );
    assert_eq!(
        known.headers().get("retry-after"),
        unknown.headers().get("retry-after")
    );
    assert_eq!(
        known.text().await.expect("body"),
        unknown.text().await.expect("body")
    );
    assert_eq!(
        app.post(
            "/api/resend_confirmation",
            &[("id_number", "SIR094701")],
            None
        )
        .await
        .status(),
        429
    );
    app.clock.advance(chrono::Duration::minutes(61));
    assert_eq!(forgot(&app, "SIR094701").await.status(), 200);
}
