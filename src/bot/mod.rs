//! The runtime: the bot's side of a channel, kept connected forever.
//!
//! Two parts, run side by side by [`Bot::run`]. The link (`bot/link.rs`)
//! owns the websocket: it connects, reads frames, writes what it is given
//! (on a task of its own), pings, and reconnects with backoff. The core
//! (`bot/core.rs`) owns state: every input (frames, connection changes,
//! timer ticks) goes through it, and what happens to each event is the
//! pipeline (`bot/pipeline.rs`). They meet at one queue, so a burst of
//! events is naturally one batch and one flush.
//!
//! Agents' verdicts on suggestions (assist mode, `bot/assist.rs`) reach the
//! core on a second queue through [`Agents`], so the core stays the only
//! writer.

mod agents;
mod assist;
mod core;
mod link;
mod mode;
mod pipeline;

pub use agents::Agents;
pub use assist::{Command, CommandError, Outcome, MAX_TEXT_CHARS};
pub use mode::{Effective, ModeSettings, Schedule};

use crate::config::{ConnectionConfig, DialogueConfig};
use crate::dialogue::Context;
use crate::script::Scripts;
use crate::store::{Store, StoreError};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tokio_util::sync::CancellationToken;

pub use self::core::MAX_BATCH;

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
    /// Bumped whenever something an agent sees may have changed (a batch
    /// committed, the connection went up or down), for live views.
    changes: tokio::sync::watch::Sender<u64>,
    /// Why the last script reload was refused (`file:line: reason` each);
    /// empty when the scripts in force are the files on disk.
    script_errors: std::sync::Mutex<Vec<String>>,
}

impl Status {
    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }

    /// Records the problems of a refused script reload; an empty list clears them.
    pub fn set_script_errors(&self, errors: Vec<String>) {
        *self.script_errors.lock().unwrap_or_else(|p| p.into_inner()) = errors;
        self.changed();
    }

    /// The problems of the last refused script reload, if it is still refused.
    pub fn script_errors(&self) -> Vec<String> {
        self.script_errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_connected(&self, yes: bool) {
        if self.connected.swap(yes, Ordering::Relaxed) != yes {
            self.changed();
        }
    }

    /// Tells watchers something changed.
    pub fn changed(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A receiver that wakes at every [`Status::changed`].
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }
}

pub struct Bot {
    store: Store,
    /// Shared with [`Agents`], whose try page runs the scripts in force.
    scripts: Arc<RwLock<Arc<Scripts>>>,
    settings: Settings,
    clock: Clock,
    pub status: Arc<Status>,
    /// Which mode is in force; replaced live with [`Bot::set_mode`].
    mode: Arc<RwLock<ModeSettings>>,
    /// Agents' commands: the sending side is handed out by [`Bot::agents`].
    commands: tokio::sync::mpsc::Sender<agents::Request>,
    command_queue: tokio::sync::Mutex<tokio::sync::mpsc::Receiver<agents::Request>>,
    /// Wakes the core to look at its timers now rather than at the next
    /// once-a-second tick; see [`Bot::check_timers`].
    timers_wake: Arc<tokio::sync::Notify>,
}

impl Bot {
    pub fn new(store: Store, scripts: Arc<Scripts>, settings: Settings, clock: Clock) -> Bot {
        let (commands, queue) = tokio::sync::mpsc::channel(agents::QUEUE);
        Bot {
            store,
            scripts: Arc::new(RwLock::new(scripts)),
            settings,
            clock,
            status: Arc::default(),
            mode: Arc::default(),
            commands,
            command_queue: tokio::sync::Mutex::new(queue),
            timers_wake: Arc::default(),
        }
    }

    /// Sets the mode (auto, assist, schedule); the next batch uses it.
    pub fn set_mode(&self, mode: ModeSettings) {
        *self.mode.write().unwrap_or_else(|p| p.into_inner()) = mode;
        self.status.changed();
    }

    /// Asks the running bot to fire its due timers now instead of at its next
    /// tick (at most a second away). For a clock that jumps, as in a
    /// simulated night, where waiting out a real second per timer would
    /// make an hour of the night take minutes.
    pub fn check_timers(&self) {
        self.timers_wake.notify_one();
    }

    /// The handle agents' tools (the console) use to see and decide.
    pub fn agents(&self) -> Agents {
        Agents::new(
            self.store.clone(),
            self.status.clone(),
            self.mode.clone(),
            self.clock.clone(),
            self.commands.clone(),
            agents::Scripted {
                scripts: self.scripts.clone(),
                context: self.context(),
            },
        )
    }

    fn delivery(&self, now: i64) -> assist::Delivery {
        assist::Delivery::at(&self.mode.read().unwrap_or_else(|p| p.into_inner()), now)
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
            min_share_of_best: self.settings.dialogue.min_share_of_best,
            closing_delay_secs: self.settings.dialogue.closing_delay_secs,
        }
    }

    /// Serves the channel until `shutdown` is cancelled. Returns an error only
    /// when storage fails: then nothing more can be acked safely, so the bot
    /// stops rather than risk losing a message.
    pub async fn run(&self, shutdown: CancellationToken) -> Result<(), StoreError> {
        let (inputs, queue) = tokio::sync::mpsc::channel(4 * MAX_BATCH);
        // The core decides when the link stops: after it has finished its
        // work on shutdown, or at once if storage fails.
        let stop_link = CancellationToken::new();
        let link = link::run(self, inputs, stop_link.clone());
        let core = async {
            let mut commands = self.command_queue.lock().await;
            let mut core = self::core::Core::new(self);
            let result = core
                .run(queue, &mut commands, shutdown.clone(), stop_link.clone())
                .await;
            stop_link.cancel();
            result
        };
        let ((), result) = tokio::join!(link, core);
        result?;
        self.store.flush().await?;
        tracing::info!("bot stopped; state flushed");
        Ok(())
    }
}
