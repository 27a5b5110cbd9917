use crate::helpers::{
    Backend, PASSWORD, registration_form, spawn_app, spawn_app_with_public_url, visible_text,
};
use crate::on_both_backends;

on_both_backends!(
    every_response_carries_the_security_headers,
    a_page_lets_only_its_own_nonced_scripts_run,
    a_form_posted_from_another_site_is_refused_and_changes_nothing,
    without_origin_only_a_same_site_referer_is_accepted,
    a_null_origin_is_accepted_only_when_the_browser_says_the_post_is_same_origin,
    an_oversized_request_is_refused_and_changes_nothing,
    hsts_is_sent_only_when_the_site_is_served_over_https,
    missing_or_malformed_fields_get_a_4xx_never_a_500,
    success_banners_name_only_what_the_server_put_there,
    every_spelling_of_a_signed_in_path_goes_through_the_session_guard,
    unknown_server_functions_and_oversized_chunked_bodies_get_plain_4xx,
    what_a_page_echoes_from_its_address_is_capped,
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

async fn success_banners_name_only_what_the_server_put_there(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    let lure = "support@evil.example. Call +1 555 0100 with your Secret Number";
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("id", "SIR094701")
        .append_pair("email", lure)
        .finish();
    let page = visible_text(
        &app.get(&format!("/register/sent?{query}"), None)
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        !page.contains("555 0100") && !page.contains("evil.example"),
        "{page}"
    );
    assert!(
        page.contains("We have sent an email to the address you gave."),
        "{page}"
    );
    // The browser that registered is shown its own address.
    let res = app.register("SIR094701", "4821", "marie@example.fr").await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ro_registered="));
    let cookie = cookie
        .and_then(|v| v.split(';').next())
        .expect("a cookie for the page after registering")
        .to_owned();
    let page = visible_text(
        &app.get(&format!("/register/sent?{query}"), Some(&cookie))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        page.contains("We have sent an email to marie@example.fr."),
        "{page}"
    );
    assert!(!page.contains("555 0100"), "{page}");
    // The account page's banner names the address the server is waiting for.
    assert_eq!(
        app.confirm(&app.last_confirmation_token().await)
            .await
            .status(),
        200
    );
    let session = app.second_session("SIR094701", PASSWORD).await;
    let lure_query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("done", "email")
        .append_pair("email", lure)
        .finish();
    let page = visible_text(
        &app.get(&format!("/account?{lure_query}"), Some(&session))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        !page.contains("555 0100")
            && page.contains("We have sent a confirmation link to your new address."),
        "{page}"
    );
    let changed = app
        .post(
            "/api/change_email",
            &[("email", "new@example.fr"), ("current_password", PASSWORD)],
            Some(&session),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let page = visible_text(
        &app.get(&format!("/account?{lure_query}"), Some(&session))
            .await
            .text()
            .await
            .expect("page"),
    );
    assert!(
        !page.contains("555 0100")
            && page.contains("We have sent a confirmation link to new@example.fr."),
        "{page}"
    );
}

/// Status and `Location` of a GET for `path` exactly as written: HTTP
/// clients tidy `/./` and `/../` away before sending, attackers do not.
async fn raw_get(address: &str, method: &str, path: &str) -> (u16, Option<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("request");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer");
    let answer = String::from_utf8_lossy(&answer);
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let location = answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .map(str::to_owned);
    (status, location)
}

async fn every_spelling_of_a_signed_in_path_goes_through_the_session_guard(backend: Backend) {
    let app = spawn_app(backend).await;
    app.load_entries().await;
    for (path, canonical) in [
        ("/results/", "/results"),
        ("/account/", "/account"),
        ("//results", "/results"),
        ("/./results", "/results"),
        ("/x/../account", "/account"),
        ("/%2e/results", "/results"),
        ("/results/?a=1", "/results?a=1"),
    ] {
        assert_eq!(
            raw_get(&app.address, "GET", path).await,
            (308, Some(canonical.to_owned())),
            "{path}"
        );
    }
    assert_eq!(
        raw_get(&app.address, "HEAD", "/results").await,
        (303, Some("/login".to_owned())),
        "HEAD is guarded like GET"
    );
    // Longer than any file name: not ours, and not worth an error line in the log.
    let long = "a".repeat(300);
    for path in [
        format!("/{long}"),
        format!("/pkg/{long}.wasm"),
        format!("/results/{long}"),
    ] {
        assert_eq!(
            raw_get(&app.address, "GET", &path).await,
            (404, None),
            "{path}"
        );
    }
    // Signed in, the canonical path answers 200 and its other spellings lead to it.
    let cookie = app.signed_in("SIR094701", "4821").await;
    assert_eq!(app.get("/results", Some(&cookie)).await.status(), 200);
    assert_eq!(app.get("/results/", Some(&cookie)).await.status(), 308);
}

async fn unknown_server_functions_and_oversized_chunked_bodies_get_plain_4xx(backend: Backend) {
    let app = spawn_app(backend).await;
    let unknown = app.post("/api/x", &[("a", "b")], None).await;
    assert_eq!(unknown.status(), 404);
    let body = unknown.text().await.expect("body");
    assert!(
        !body.contains("server function") && !body.contains("register_explicit"),
        "{body}"
    );
    // 20 KB sent in chunks, with no Content-Length to refuse it by.
    let chunks = futures::stream::iter((0..20).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 1024])));
    let res = app
        .client
        .post(format!("{}/api/login", app.address))
        .header("origin", &app.origin)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 413);
}

async fn what_a_page_echoes_from_its_address_is_capped(backend: Backend) {
    let app = spawn_app(backend).await;
    let long = "A".repeat(60 * 1024);
    let page = app
        .get(&format!("/login?id_number={long}"), None)
        .await
        .text()
        .await
        .expect("page");
    assert!(page.len() < 40 * 1024, "the page is {} bytes", page.len());
    assert!(
        page.contains(&"A".repeat(100)) && !page.contains(&"A".repeat(300)),
        "a typed value is echoed, up to a field's length"
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
