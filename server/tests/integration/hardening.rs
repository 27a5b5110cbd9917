use crate::helpers::{Backend, registration_form, spawn_app, spawn_app_with_public_url};
use crate::on_both_backends;

on_both_backends!(
    every_response_carries_the_security_headers,
    a_page_lets_only_its_own_nonced_scripts_run,
    a_form_posted_from_another_site_is_refused_and_changes_nothing,
    without_origin_only_a_same_site_referer_is_accepted,
    an_oversized_request_is_refused_and_changes_nothing,
    hsts_is_sent_only_when_the_site_is_served_over_https,
    missing_or_malformed_fields_get_a_4xx_never_a_500,
);

async fn every_response_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.get("/register", None).await;
    let api = app.post("/api/login", &[("id_number", "SIR094701"), ("password", "x")], None).await;
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
    assert!(api.headers()["content-security-policy"].to_str().expect("csp").starts_with("default-src 'none'"));
}

async fn a_page_lets_only_its_own_nonced_scripts_run(backend: Backend) {
    let app = spawn_app(backend).await;
    let nonce_of = |res: &reqwest::Response| {
        let csp = res.headers()["content-security-policy"].to_str().expect("csp").to_owned();
        let script_src = csp.split(';').find(|d| d.trim().starts_with("script-src")).expect("script-src").to_owned();
        assert!(script_src.contains("'wasm-unsafe-eval'") && !script_src.contains("unsafe-inline"), "{script_src}");
        script_src.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_owned()
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
            assert!(attrs.contains(&format!("nonce=\"{nonce}\"")), "script without the nonce: <script{attrs}>");
        }
    }
    assert_ne!(nonce_of(&app.get("/register", None).await), nonce, "a nonce is used once");
}

async fn a_form_posted_from_another_site_is_refused_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let evil = [("origin", "https://evil.example")];
    let res = app.post_with("/api/register", &registration_form("SIR094701", "4821", "marie@example.fr"), &evil).await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.expect("body").contains("another website"));
    assert_eq!(app.count("accounts").await, 0);
    assert!(app.emails().await.is_empty());
    let switch = app.post_with("/language", &[("lang", "fr"), ("next", "/")], &evil).await;
    assert_eq!(switch.status(), 403);
    assert!(switch.headers().get("set-cookie").is_none());
    // A refusal is worded in the visitor's language.
    let fr = app.post_with("/api/login", &[("id_number", "SIR094701"), ("password", "x")], &[evil[0], ("accept-language", "fr")]).await;
    assert!(fr.text().await.expect("body").contains("depuis un autre site"));
}

async fn without_origin_only_a_same_site_referer_is_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let form = registration_form("SIR094701", "4821", "marie@example.fr");
    for referer in ["https://evil.example/register", "not a url", ""] {
        let res = app.post_with("/api/register", &form, &[("referer", referer)]).await;
        assert_eq!(res.status(), 403, "{referer:?}");
    }
    assert_eq!(app.count("accounts").await, 0);
    let res = app.post_with("/api/register", &form, &[("referer", "https://results.example.org/register")]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.count("accounts").await, 1);
}

async fn an_oversized_request_is_refused_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let huge = "a".repeat(20 * 1024);
    let mut form = registration_form("SIR094701", "4821", "marie@example.fr");
    form.push(("padding", &huge));
    let res = app.post("/api/register", &form, None).await;
    assert_eq!(res.status(), 413);
    assert_eq!(app.count("accounts").await, 0);
}

async fn hsts_is_sent_only_when_the_site_is_served_over_https(backend: Backend) {
    let https = spawn_app(backend).await;
    let hsts = https.get("/", None).await.headers().get("strict-transport-security").map(|v| v.to_str().unwrap_or("").to_owned());
    assert!(hsts.is_some_and(|v| v.contains("max-age=")));
    let http = spawn_app_with_public_url(backend, Some("http://127.0.0.1:3000")).await;
    assert!(http.get("/", None).await.headers().get("strict-transport-security").is_none());
}

async fn missing_or_malformed_fields_get_a_4xx_never_a_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let raw = |path: &'static str, body: Vec<u8>| {
        app.client
            .post(format!("{}{path}", app.address))
            .header("origin", &app.origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("/api/register", b"".to_vec()),
        ("/api/register", b"id_number=SIR094701".to_vec()),
        ("/api/login", b"id_number=%FF%FE&password=%FF".to_vec()),
        ("/api/login", vec![0xff, 0xfe, b'=', 0x00]),
        ("/api/login", b"%%%&&&===".to_vec()),
        ("/language", b"next=/".to_vec()),
        ("/language", vec![0xff]),
    ];
    for (path, body) in cases {
        let res = raw(path, body.clone()).await.expect("request");
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert!(status.is_client_error(), "{path} {body:?}: {status} {text}");
    }
    assert_eq!(app.count("accounts").await, 0);
}
