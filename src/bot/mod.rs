//! The runtime: the bot's side of a channel, kept connected forever.
//!
//! [`Bot::run`] connects, serves the connection until it is lost, waits a
//! jittered backoff and connects again, until shutdown is requested. What
//! happens to each event is in [`pipeline`]; the per-connection loop (batching,
//! acks, pings) is in [`connection`].

mod connection;
mod pipeline;

use crate::channel::client::{self, Backoff};
use crate::config::{ConnectionConfig, DialogueConfig};
use crate::dialogue::Context;
use crate::script::Scripts;
use crate::store::{Store, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

pub use connection::MAX_BATCH;

/// The time source. The system clock in production; tests inject their own.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// Seconds since the Unix epoch from the system clock.
pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    })
}

/// What the bot needs to know to run.
#[derive(Clone)]
pub struct Settings {
    pub url: String,
    pub token: Option<String>,
    pub dialogue: DialogueConfig,
    pub connection: ConnectionConfig,
}

/// Live state others may watch (the console, tests, logs).
#[derive(Debug, Default)]
pub struct Status {
    connected: AtomicBool,
}

impl Status {
    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    fn set_connected(&self, yes: bool) {
        self.connected.store(yes, Ordering::Relaxed);
    }
}

pub struct Bot {
    store: Store,
    scripts: RwLock<Arc<Scripts>>,
    settings: Settings,
    clock: Clock,
    pub status: Arc<Status>,
}

impl Bot {
    pub fn new(store: Store, scripts: Arc<Scripts>, settings: Settings, clock: Clock) -> Bot {
        Bot {
            store,
            scripts: RwLock::new(scripts),
            settings,
            clock,
            status: Arc::default(),
        }
    }

    /// The scripts in force. Replacing them ([`Bot::set_scripts`]) affects the
    /// next batch; a batch in progress finishes with the ones it started with.
    pub fn scripts(&self) -> Arc<Scripts> {
        self.scripts
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn set_scripts(&self, scripts: Arc<Scripts>) {
        *self
            .scripts
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = scripts;
    }

    fn context(&self) -> Context {
        Context {
            now: (self.clock)(),
            agent_silence_secs: self.settings.dialogue.agent_silence_secs,
            max_intents_per_reply: self.settings.dialogue.max_intents_per_reply,
        }
    }

    /// Serves the channel until `shutdown` is cancelled. Returns an error only
    /// when storage fails: then nothing more can be acked safely, so the bot
    /// stops rather than risk losing a message.
    pub async fn run(&self, shutdown: CancellationToken) -> Result<(), StoreError> {
        let conn = &self.settings.connection;
        let mut backoff = Backoff::new(
            Duration::from_millis(conn.backoff_base_ms),
            Duration::from_secs(conn.backoff_max_secs),
        );
        while !shutdown.is_cancelled() {
            let attempt = tokio::select! {
                _ = shutdown.cancelled() => break,
                r = client::connect(&self.settings.url, self.settings.token.as_deref()) => r,
            };
            match attempt {
                Err(e) => tracing::warn!(url = %self.settings.url, "{e}"),
                Ok(ws) => {
                    let outcome = connection::run(self, ws, &shutdown).await;
                    self.status.set_connected(false);
                    let (outcome, greeted) = outcome?;
                    if greeted {
                        backoff.reset();
                    }
                    match outcome {
                        connection::Outcome::Shutdown => break,
                        connection::Outcome::Lost(reason) => {
                            tracing::warn!("channel connection lost: {reason}");
                        }
                        connection::Outcome::WrongProtocol(version) => {
                            tracing::warn!("the channel speaks protocol version {version}; will try again");
                        }
                    }
                }
            }
            let delay = backoff.next_delay();
            tracing::info!("reconnecting in {:.1}s", delay.as_secs_f64());
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(delay) => {}
            }
        }
        self.store.flush().await?;
        tracing::info!("bot stopped; state flushed");
        Ok(())
    }
}
