//! The account page: password, email address, updates, all devices.

use crate::helpers::{Backend, PASSWORD, json, link_token, recipient, session_cookie, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    the_account_page_and_its_changes_need_a_session,
    the_account_page_shows_the_account,
    changing_the_password_needs_the_current_one_and_signs_out_other_devices,
    wrong_current_passwords_count_as_guesses,
    a_new_email_address_replaces_the_old_only_once_confirmed,
    the_updates_choice_is_saved,
    signing_out_everywhere_ends_every_session,
    securing_the_account_cancels_a_pending_email_change,
    address_changes_cannot_be_used_to_flood_an_inbox,
);

const NEW_PASSWORD: &str = "tulipe-ocre-48";

async fn the_account_page_and_its_changes_need_a_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/account", None).await;
    assert_eq!(page.status(), 303);
    assert_eq!(
        page.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    let calls: [(&str, &[(&str, &str)]); 6] = [
        ("/api/account", &[]),
        (
            "/api/change_password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        ),
        (
            "/api/change_email",
            &[("email", "new@example.fr"), ("current_password", PASSWORD)],
        ),
        ("/api/set_updates", &[("updates", "on")]),
        ("/api/sign_out_everywhere", &[]),
        ("/api/keep_alive", &[]),
    ];
    for (path, fields) in calls {
        let res = app.post(path, fields, None).await;
        assert_eq!(res.status(), 401, "{path}");
        assert_eq!(json(res).await, "NotSignedIn", "{path}");
    }
}

async fn the_account_page_shows_the_account(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let view = json(app.post("/api/account", &[], Some(&cookie)).await).await;
    assert_eq!(
        view,
        serde_json::json!({"id_number": "SIR094701", "email": "marie@example.fr", "pending_email": null, "wants_updates": false, "passkeys": [], "passkey_needs_password": false})
    );
    let page = app.get("/account", Some(&cookie)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("page");
    assert!(
        html.contains("marie@example.fr")
            && html.contains("Change your password")
            && html.contains("Sign out of all devices")
    );
}

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

async fn a_new_email_address_replaces_the_old_only_once_confirmed(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let ask = |email: &'static str, password: &'static str| {
        let cookie = cookie.clone();
        let app = &app;
        async move {
            app.post(
                "/api/change_email",
                &[("email", email), ("current_password", password)],
                Some(&cookie),
            )
            .await
        }
    };
    assert_eq!(
        json(ask("not-an-address", PASSWORD).await).await,
        serde_json::json!({"Invalid": [["Email", "EmailFormat"]]})
    );
    assert_eq!(
        json(ask("MARIE@example.fr", PASSWORD).await).await,
        serde_json::json!({"Invalid": [["Email", "EmailUnchanged"]]})
    );
    assert_eq!(
        json(ask("new@example.fr", "wrong-pass-12").await).await,
        serde_json::json!({"Invalid": [["CurrentPassword", "WrongPassword"]]})
    );
    let res = ask("new@example.fr", PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/account?done=email")
    );
    let view = json(app.post("/api/account", &[], Some(&cookie)).await).await;
    assert_eq!(view["email"], "marie@example.fr", "not before confirmation");
    assert_eq!(view["pending_email"], "new@example.fr");

    let mails = app.wait_for_emails(3).await;
    let link = mails
        .iter()
        .find(|m| recipient(m) == "new@example.fr")
        .expect("a link to the new address");
    assert!(link.contains("Confirm your new email address"), "{link}");
    let notice = mails
        .iter()
        .find(|m| recipient(m) == "marie@example.fr" && m.contains("change of email address"))
        .expect("a notice to the old one");
    assert!(notice.contains("new@example.fr"), "{notice}");
    let token = link_token(link, "/confirm?token=");
    let confirmed = app.confirm(&token).await;
    assert_eq!(confirmed.status(), 200);
    assert_eq!(json(confirmed).await, "NewEmail");
    let view = json(app.post("/api/account", &[], Some(&cookie)).await).await;
    assert_eq!(view["email"], "new@example.fr");
    assert_eq!(view["pending_email"], serde_json::Value::Null);
    assert_eq!(
        json(app.confirm(&token).await).await,
        serde_json::json!({"TokenInvalid": "Used"})
    );
}

async fn the_updates_choice_is_saved(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let wants = || async {
        json(app.post("/api/account", &[], Some(&cookie)).await).await["wants_updates"].clone()
    };
    let on = app
        .post("/api/set_updates", &[("updates", "on")], Some(&cookie))
        .await;
    assert_eq!(
        on.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/account?done=updates")
    );
    assert_eq!(wants().await, true);
    app.post("/api/set_updates", &[], Some(&cookie)).await;
    assert_eq!(
        wants().await,
        false,
        "an unticked box is absent from the form"
    );
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

/// Someone holding a stolen session or password asks to move the account to
/// their address; the owner changing the password, resetting it or signing
/// out everywhere must make that link useless.
async fn securing_the_account_cancels_a_pending_email_change(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    // Returns the token of the link sent to the new address.
    let ask_for_change = async |cookie: &str, password: &str, emails_before: usize| {
        let res = app
            .post(
                "/api/change_email",
                &[
                    ("email", "thief@example.org"),
                    ("current_password", password),
                ],
                Some(cookie),
            )
            .await;
        assert_eq!(res.status(), 200);
        let mails = app.wait_for_emails(emails_before + 2).await;
        let link = mails
            .iter()
            .rev()
            .find(|m| recipient(m) == "thief@example.org")
            .expect("link");
        link_token(link, "/confirm?token=")
    };

    let token = ask_for_change(&cookie, PASSWORD, 1).await;
    let change = [
        ("current_password", PASSWORD),
        ("password", NEW_PASSWORD),
        ("confirm_password", NEW_PASSWORD),
    ];
    assert_eq!(
        app.post("/api/change_password", &change, Some(&cookie))
            .await
            .status(),
        200
    );
    assert_eq!(
        json(app.confirm(&token).await).await,
        serde_json::json!({"TokenInvalid": "Superseded"})
    );
    let view = json(app.post("/api/account", &[], Some(&cookie)).await).await;
    assert_eq!(
        (view["email"].as_str(), view["pending_email"].as_str()),
        (Some("marie@example.fr"), None)
    );

    // Confirmation, link + notice, password notice: 4 so far. A minute on,
    // since one account may ask for one address change a minute.
    app.clock.advance(chrono::Duration::minutes(1));
    let token = ask_for_change(&cookie, NEW_PASSWORD, app.wait_for_emails(4).await.len()).await;
    assert_eq!(
        app.post("/api/sign_out_everywhere", &[], Some(&cookie))
            .await
            .status(),
        200
    );
    assert_eq!(
        json(app.confirm(&token).await).await,
        serde_json::json!({"TokenInvalid": "Superseded"})
    );
    assert_eq!(
        app.text_value("SELECT email AS v FROM accounts WHERE id_number = 'SIR094701'")
            .await,
        "marie@example.fr"
    );
}

/// The review's flood: twelve address changes at once from one session sent
/// 24 emails. One a minute and five a day per account, whatever the burst.
async fn address_changes_cannot_be_used_to_flood_an_inbox(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let before = app.emails().await.len();
    let ask = || {
        app.post(
            "/api/change_email",
            &[
                ("email", "victim@example.org"),
                ("current_password", PASSWORD),
            ],
            Some(&cookie),
        )
    };
    let burst = futures::future::join_all((0..12).map(|_| ask())).await;
    let mut statuses: Vec<u16> = burst.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 429),
        "{statuses:?}"
    );
    assert_eq!(
        app.emails().await.len(),
        before + 2,
        "one link and one notice"
    );
    for asked in 2..=5 {
        app.clock.advance(chrono::Duration::seconds(61));
        assert_eq!(ask().await.status(), 200, "change {asked} of the day");
    }
    app.clock.advance(chrono::Duration::seconds(61));
    let sixth = ask().await;
    assert_eq!(sixth.status(), 429);
    let wait: i64 = sixth.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!(
        wait > 23 * 3600,
        "until the first of the day is a day old: {wait} s"
    );
    assert_eq!(
        app.count("outbox").await,
        i64::try_from(before).expect("count") + 10
    );
}
