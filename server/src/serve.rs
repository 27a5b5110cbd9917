//! Accepting connections, with the limits a server facing the internet
//! needs and `axum::serve` does not set: a client that sends nothing, or
//! trickles its headers, is cut off; the connections served at once are
//! capped, so that no client can take every file descriptor.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_service::Service;

/// How long clients may take and how many are served at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A client must send a whole request head within this, counted from when
    /// the server starts waiting for it: on a new connection, or on a kept-alive
    /// one after its last answer. So it also closes idle connections.
    pub header_timeout: Duration,
    /// A request, its body included, must be answered within this (408
    /// otherwise): a client trickling its body is cut off too.
    pub request_timeout: Duration,
    /// Connections served at once; further ones wait in the listen queue until
    /// one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 512,
        }
    }
}

/// Serves `router` on `listener` until `stop` completes; then accepts no
/// more connections, lets each one finish the request in hand, and returns
/// once all are closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            biased;
            () = &mut stop => break,
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let (tcp, address) = tokio::select! {
            biased;
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        // Without TCP_NODELAY a streamed page waits ~40 ms on each kept-alive
        // connection (Nagle's algorithm against the client's delayed ACK).
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(tcp), handler(router.clone(), address)));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %address, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The router for one connection, each request carrying the client's address.
fn handler(
    router: Router,
    address: SocketAddr,
) -> impl hyper::service::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future: Send,
> + Clone {
    hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(address));
        let mut router = router.clone();
        async move { router.call(req).await }
    })
}
