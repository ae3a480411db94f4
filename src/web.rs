//! Serving an axum router on a bound listener until told to stop: the part
//! the console and the embedded local channel share.
//!
//! Both keep a `watch` flag that their long-lived handlers (SSE streams,
//! websockets) also watch, so one `true` ends the handlers and the server's
//! graceful shutdown together.

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Spawns the server; it stops accepting and finishes in-flight requests once
/// `stopping` turns true. A failure is logged with `what` (the server's name).
pub fn spawn(
    what: &'static str,
    listener: TcpListener,
    app: Router,
    mut stopping: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let addr = listener.local_addr().ok();
        let stopped = async move {
            let _ = stopping.wait_for(|s| *s).await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await
        {
            match addr {
                Some(addr) => tracing::error!("{what} server on {addr} failed: {e}"),
                None => tracing::error!("{what} server failed: {e}"),
            }
        }
    })
}
