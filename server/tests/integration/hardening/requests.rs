//! Requests the site does not expect: too large, missing or malformed
//! fields, unknown server functions, chunked bodies, and odd spellings of
//! signed-in paths.

use crate::helpers::{Backend, registration_form, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    an_oversized_request_is_refused_and_changes_nothing,
    missing_or_malformed_fields_get_a_4xx_never_a_500,
    every_spelling_of_a_signed_in_path_goes_through_the_session_guard,
    unknown_server_functions_and_oversized_chunked_bodies_get_plain_4xx,
);

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
