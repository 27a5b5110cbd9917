//! The password from the account page: the current one is needed and
//! wrong ones count as guesses; other devices, or all of them, are
//! signed out.

use super::support::NEW_PASSWORD;
use crate::helpers::{Backend, PASSWORD, json, recipient, session_cookie, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    changing_the_password_needs_the_current_one_and_signs_out_other_devices,
    wrong_current_passwords_count_as_guesses,
    signing_out_everywhere_ends_every_session,
);

async fn changing_the_password_needs_the_current_one_and_signs_out_other_devices(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let here = app.signed_in("SIR094701", "4821").await;
    let elsewhere = app.second_session("SIR094701", PASSWORD).await;
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let here = here.clone();
        let app = &app;
        async move {
            app.post(
                "/api/change_password",
                &[
                    ("current_password", current),
                    ("password", new),
                    ("confirm_password", confirm),
                ],
                Some(&here),
            )
            .await
        }
    };
    let wrong = change("not-my-password-1", NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(
        json(wrong).await,
        serde_json::json!({"Invalid": [["CurrentPassword", "WrongPassword"]]})
    );
    let bad = change("", "azerty123", "azerty12").await;
    assert_eq!(
        json(bad).await,
        serde_json::json!({"Invalid": [["Password", "PasswordTooCommon"], ["ConfirmPassword", "PasswordsDiffer"], ["CurrentPassword", "Required"]]})
    );
    assert_eq!(
        app.login("SIR094701", PASSWORD).await.status(),
        200,
        "nothing changed yet"
    );
    let elsewhere_too = app.second_session("SIR094701", PASSWORD).await;

    let done = change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(done.status(), 200);
    assert_eq!(
        done.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/account?done=password")
    );
    assert_eq!(
        app.post("/api/my_results", &[], Some(&here)).await.status(),
        200,
        "this device stays signed in"
    );
    for other in [&elsewhere, &elsewhere_too] {
        assert_eq!(
            app.post("/api/my_results", &[], Some(other)).await.status(),
            401,
            "other devices are signed out"
        );
    }
    assert_eq!(app.login("SIR094701", PASSWORD).await.status(), 401);
    assert_eq!(app.login("SIR094701", NEW_PASSWORD).await.status(), 200);
    let notice = app.wait_for_emails(2).await.pop().expect("notice");
    assert!(
        notice.contains("Your Results Online password was changed"),
        "{notice}"
    );
    assert_eq!(recipient(&notice), "marie@example.fr");
}

async fn wrong_current_passwords_count_as_guesses(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    for _ in 0..5 {
        let res = app
            .post(
                "/api/change_email",
                &[
                    ("email", "new@example.fr"),
                    ("current_password", "guess-1234"),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(res.status(), 422);
    }
    let blocked = app
        .post(
            "/api/change_email",
            &[("email", "new@example.fr"), ("current_password", PASSWORD)],
            Some(&cookie),
        )
        .await;
    assert_eq!(
        blocked.status(),
        429,
        "the account page is no way around the login limits"
    );
    assert!(blocked.headers().get("retry-after").is_some());
}

async fn signing_out_everywhere_ends_every_session(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let here = app.signed_in("SIR094701", "4821").await;
    let elsewhere = app.second_session("SIR094701", PASSWORD).await;
    let res = app.post("/api/sign_out_everywhere", &[], Some(&here)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login?session=everywhere")
    );
    let cleared = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("cookie cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert!(session_cookie(&res).is_some_and(|c| c.ends_with('=')));
    for cookie in [&here, &elsewhere] {
        assert_eq!(
            app.post("/api/my_results", &[], Some(cookie))
                .await
                .status(),
            401
        );
    }
    assert_eq!(app.count("sessions").await, 0);
}
