//! Serving an axum router on a bound listener until told to stop: the part
//! the console and the embedded local channel share.
//!
//! Both keep a `watch` flag that their long-lived handlers (SSE streams,
//! websockets) also watch, so one `true` ends the handlers and the server's
//! graceful shutdown together. [`Server`] owns the flag's sender and the
//! server task, so stopping works the same for both.

use axum::Router;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long [`Server::shutdown`] waits for in-flight requests and open
/// streams before it aborts the server task: a stuck client cannot hold a
/// shutdown.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(5);

/// A running server. Dropping it signals the stop without waiting;
/// [`Server::shutdown`] also waits for the server to finish.
pub struct Server {
    what: &'static str,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Spawns the server; it stops accepting and finishes in-flight requests
    /// once `stop` sends `true` (handlers watch receivers of the same flag).
    /// A failure is logged with `what`, the server's name.
    pub fn spawn(
        what: &'static str,
        listener: TcpListener,
        app: Router,
        stop: watch::Sender<bool>,
    ) -> Server {
        let task = spawn(what, listener, app, stop.subscribe());
        Server {
            what,
            stop,
            task: Some(task),
        }
    }

    /// Stops serving (open streams and websockets end) and waits for the
    /// server task, aborting it after a few seconds.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_WAIT, &mut task)
                .await
                .is_err()
            {
                tracing::warn!(
                    "{} did not stop within {} s; aborting it",
                    self.what,
                    SHUTDOWN_WAIT.as_secs()
                );
                task.abort();
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

fn spawn(
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
