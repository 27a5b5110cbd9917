//! The headers every answer carries: the security headers, a nonce for
//! each page's own scripts, HSTS over HTTPS only, and personal answers
//! never stored.

use crate::helpers::{Backend, spawn_app, spawn_app_with_public_url};
use crate::on_both_backends;

on_both_backends!(
    every_response_carries_the_security_headers,
    a_page_lets_only_its_own_nonced_scripts_run,
    hsts_is_sent_only_when_the_site_is_served_over_https,
    personal_answers_are_never_stored_and_pages_are_checked_again,
);

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/register", None).await;
    let api = app
        .post(
            "/api/login",
            &[("id_number", "SIR094701"), ("password", "x")],
            None,
        )
        .await;
    let missing = app.get("/no-such-page", None).await;
    for (what, res) in [("page", &page), ("api", &api), ("404", &missing)] {
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(h["referrer-policy"], "same-origin", "{what}");
        assert_eq!(h["x-frame-options"], "DENY", "{what}");
        let csp = h["content-security-policy"].to_str().expect("csp");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    }
    // Answers that are not pages may load and run nothing at all.
    assert!(
        api.headers()["content-security-policy"]
            .to_str()
            .expect("csp")
            .starts_with("default-src 'none'")
    );
}

async fn a_page_lets_only_its_own_nonced_scripts_run(backend: Backend) {
    let app = spawn_app(backend).await;
    let nonce_of = |res: &reqwest::Response| {
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .expect("csp")
            .to_owned();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .expect("script-src")
            .to_owned();
        assert!(
            script_src.contains("'wasm-unsafe-eval'") && !script_src.contains("unsafe-inline"),
            "{script_src}"
        );
        // Not even the live-reload websocket: the tests run as production
        // does, without `cargo leptos watch` (and without LEPTOS_ENV).
        let connect_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("connect-src"))
            .expect("connect-src")
            .trim()
            .to_owned();
        assert_eq!(connect_src, "connect-src 'self'");
        script_src
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce")
            .to_owned()
    };
    let first = app.get("/register", None).await;
    let nonce = nonce_of(&first);
    assert!(nonce.len() >= 16, "{nonce}");
    let html = first.text().await.expect("page");
    // Every inline script with content carries this response's nonce.
    for script in html.split("<script").skip(1) {
        let (attrs, rest) = script.split_once('>').expect("tag");
        let has_content = !rest.starts_with("</script>");
        if has_content && !attrs.contains(" src=") {
            assert!(
                attrs.contains(&format!("nonce=\"{nonce}\"")),
                "script without the nonce: <script{attrs}>"
            );
        }
    }
    assert_ne!(
        nonce_of(&app.get("/register", None).await),
        nonce,
        "a nonce is used once"
    );
}

async fn hsts_is_sent_only_when_the_site_is_served_over_https(backend: Backend) {
    let https = spawn_app(backend).await;
    let hsts = https
        .get("/", None)
        .await
        .headers()
        .get("strict-transport-security")
        .map(|v| v.to_str().unwrap_or("").to_owned());
    assert!(hsts.is_some_and(|v| v.contains("max-age=")));
    let http = spawn_app_with_public_url(backend, Some("http://127.0.0.1:3000")).await;
    assert!(
        http.get("/", None)
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}

async fn personal_answers_are_never_stored_and_pages_are_checked_again(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let cookie = app.signed_in("SIR094701", "4821").await;
    let cache = |res: &reqwest::Response| {
        res.headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap_or_default().to_owned())
    };
    for path in [
        "/results",
        "/account",
        "/reset-password?token=x",
        "/confirm?token=x",
        "/login/link?token=x",
        "/register/sent",
    ] {
        let res = app.get(path, Some(&cookie)).await;
        assert_eq!(cache(&res).as_deref(), Some("no-store"), "{path}");
    }
    for (path, fields) in [
        ("/api/my_results", vec![]),
        (
            "/api/login",
            vec![("id_number", "SIR094701"), ("password", "wrong-pass-12")],
        ),
    ] {
        let res = app.post(path, &fields, Some(&cookie)).await;
        assert_eq!(cache(&res).as_deref(), Some("no-store"), "{path}");
    }
    for path in ["/", "/login", "/register", "/terms"] {
        assert_eq!(
            cache(&app.get(path, None).await).as_deref(),
            Some("no-cache"),
            "{path}"
        );
    }
    // Pages are compressed for browsers that say they can take it.
    let page = app.get_with("/login", &[("accept-encoding", "br")]).await;
    assert_eq!(
        page.headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap_or_default()),
        Some("br")
    );
}
