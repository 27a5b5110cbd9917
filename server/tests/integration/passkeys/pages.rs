//! The pages: only the login and account pages offer passkeys and load
//! their script, and renaming and removing are plain forms.

use super::support::{add, post_json};
use crate::helpers::{Backend, spawn_app, spawn_app_with_public_url, visible_text};
use crate::on_both_backends;
use crate::soft_passkey::SoftPhone;

on_both_backends!(
    only_the_login_and_account_pages_offer_passkeys_and_load_their_script,
    renaming_and_removing_are_plain_forms_that_work_without_javascript,
);

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
