//! Forms posted from another site are refused and change nothing;
//! without an `Origin`, the `Referer` decides.

use crate::helpers::{Backend, registration_form, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_form_posted_from_another_site_is_refused_and_changes_nothing,
    without_origin_only_a_same_site_referer_is_accepted,
    a_null_origin_is_accepted_only_when_the_browser_says_the_post_is_same_origin,
);

async fn a_form_posted_from_another_site_is_refused_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let evil = [("origin", "https://evil.example")];
    let res = app
        .post_with(
            "/api/register",
            &registration_form("SIR094701", "4821", "marie@example.fr"),
            &evil,
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.expect("body").contains("another website"));
    assert_eq!(app.count("accounts").await, 0);
    assert!(app.emails().await.is_empty());
    let switch = app
        .post_with("/language", &[("lang", "fr"), ("next", "/")], &evil)
        .await;
    assert_eq!(switch.status(), 403);
    assert!(switch.headers().get("set-cookie").is_none());
    // A refusal is worded in the visitor's language.
    let fr = app
        .post_with(
            "/api/login",
            &[("id_number", "SIR094701"), ("password", "x")],
            &[evil[0], ("accept-language", "fr")],
        )
        .await;
    assert!(
        fr.text()
            .await
            .expect("body")
            .contains("depuis un autre site")
    );
}

async fn without_origin_only_a_same_site_referer_is_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let form = registration_form("SIR094701", "4821", "marie@example.fr");
    for referer in ["https://evil.example/register", "not a url", ""] {
        let res = app
            .post_with("/api/register", &form, &[("referer", referer)])
            .await;
        assert_eq!(res.status(), 403, "{referer:?}");
    }
    assert_eq!(app.count("accounts").await, 0);
    let res = app
        .post_with(
            "/api/register",
            &form,
            &[("referer", "https://results.example.org/register")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.count("accounts").await, 1);
}

/// A page sent with `Referrer-Policy: no-referrer` (`/verify`) makes its
/// forms post `Origin: null`; the browser's `Sec-Fetch-Site`, which no page
/// can set, tells a form of our own from another site's.
async fn a_null_origin_is_accepted_only_when_the_browser_says_the_post_is_same_origin(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let form = registration_form("SIR094701", "4821", "marie@example.fr");
    for site in ["cross-site", "same-site", "none"] {
        let res = app
            .post_with(
                "/api/register",
                &form,
                &[("origin", "null"), ("sec-fetch-site", site)],
            )
            .await;
        assert_eq!(res.status(), 403, "{site}");
    }
    assert_eq!(
        app.post_with("/api/register", &form, &[("origin", "null")])
            .await
            .status(),
        403
    );
    assert_eq!(app.count("accounts").await, 0);
    let res = app
        .post_with(
            "/api/register",
            &form,
            &[("origin", "null"), ("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.count("accounts").await, 1);
}
