//! A new email address: it replaces the old only once confirmed, securing
//! the account cancels a change under way, and changes cannot flood an
//! inbox.

use super::support::NEW_PASSWORD;
use crate::helpers::{Backend, PASSWORD, json, link_token, recipient, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_new_email_address_replaces_the_old_only_once_confirmed,
    securing_the_account_cancels_a_pending_email_change,
    address_changes_cannot_be_used_to_flood_an_inbox,
);

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
        app.text_value("SELECT email AS v FROM accounts WHERE id = (SELECT account_id FROM account_entries WHERE id_number = 'SIR094701')")
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
