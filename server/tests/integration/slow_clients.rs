//! Clients that hold connections without finishing a request, on raw
//! sockets: the review kept 200 of them open for minutes. Nothing here
//! needs a database of any particular kind, so SQLite only.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Backend, spawn_app_with};

const REQUEST: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

async fn connect(address: &str) -> TcpStream {
    TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .expect("connect")
}

/// What the server sends until it closes the connection (bounded wait, so
/// a connection kept open fails the test instead of hanging it).
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let read =
        tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut received)).await;
    assert!(
        read.is_ok(),
        "the connection was kept open; received {:?}",
        String::from_utf8_lossy(&received)
    );
    received
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_trickling_and_idle_connections_are_closed() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.http.header_timeout = Duration::from_secs(1)
    })
    .await;
    let mut silent = connect(&app.address).await;
    let mut idle = connect(&app.address).await;
    idle.write_all(REQUEST).await.expect("request");
    let mut trickling = connect(&app.address).await;
    let trickle = tokio::spawn(async move {
        // One byte every 200 ms: the head would take 8 s to arrive.
        for byte in REQUEST {
            if trickling.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        until_closed(&mut trickling).await
    });
    assert!(until_closed(&mut silent).await.is_empty());
    let answered = String::from_utf8_lossy(&until_closed(&mut idle).await).to_string();
    assert!(
        answered.starts_with("HTTP/1.1 200") && answered.ends_with("ok"),
        "a kept-alive connection is answered, then closed when idle: {answered}"
    );
    let trickled = trickle.await.expect("trickle");
    assert!(
        !String::from_utf8_lossy(&trickled).contains("200 OK"),
        "a trickled request is never served"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_for_one_to_close() {
    let app = spawn_app_with(Backend::Sqlite, |c| {
        c.http.max_connections = 2;
        c.http.header_timeout = Duration::from_secs(60);
    })
    .await;
    let first = connect(&app.address).await;
    let _second = connect(&app.address).await;
    let mut third = connect(&app.address).await;
    third.write_all(REQUEST).await.expect("request");
    let mut byte = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_secs(1), third.read(&mut byte)).await;
    assert!(early.is_err(), "served beyond the cap of two connections");
    drop(first);
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(10), third.read(&mut answer))
        .await
        .expect("answered once a slot freed")
        .expect("read");
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 200"));
}
