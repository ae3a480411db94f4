//! The handle agents' tools hold: read what is waiting, send verdicts.
//!
//! Reads go straight to the store (sled reads are consistent and never block
//! the core). Verdicts go to the core as requests with a reply channel and a
//! deadline: the core is the only writer, and a verdict that could not be
//! carried out promptly (the bot is stopping, or not running) is refused
//! rather than carried out minutes later, when the agent has moved on.

use super::assist::{Command, CommandError, Outcome};
use super::mode::{Effective, ModeSettings};
use super::{Clock, Status};
use crate::dialogue::Context;
use crate::script::Scripts;
use crate::store::Store;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// Verdicts waiting for the core at most.
pub(super) const QUEUE: usize = 256;

/// How long a verdict may wait for the core.
const PATIENCE: Duration = Duration::from_secs(10);

/// A command on its way to the core.
pub(super) struct Request {
    pub command: Command,
    pub reply: oneshot::Sender<Result<Outcome, CommandError>>,
    /// Past this, the core drops it unexecuted (its sender gave up).
    pub deadline: Instant,
}

/// What supervisors' tries run on: the bot's scripts in force and its
/// dialogue settings.
#[derive(Clone)]
pub(super) struct Scripted {
    pub scripts: Arc<RwLock<Arc<Scripts>>>,
    /// The bot's settings; `now` is set at each use.
    pub context: Context,
}

/// See the module documentation. Cheap to clone.
#[derive(Clone)]
pub struct Agents {
    store: Store,
    status: Arc<Status>,
    mode: Arc<RwLock<ModeSettings>>,
    clock: Clock,
    commands: mpsc::Sender<Request>,
    scripted: Scripted,
}

impl Agents {
    pub(super) fn new(
        store: Store,
        status: Arc<Status>,
        mode: Arc<RwLock<ModeSettings>>,
        clock: Clock,
        commands: mpsc::Sender<Request>,
        scripted: Scripted,
    ) -> Agents {
        Agents {
            store,
            status,
            mode,
            clock,
            commands,
            scripted,
        }
    }

    /// Carries out a verdict; returns once it is durable (and its reply
    /// released to the channel), or why it was refused.
    pub async fn command(&self, command: Command) -> Result<Outcome, CommandError> {
        let (reply, answer) = oneshot::channel();
        let deadline = Instant::now() + PATIENCE;
        let request = Request {
            command,
            reply,
            deadline,
        };
        match tokio::time::timeout_at(deadline, self.commands.send(request)).await {
            Ok(Ok(())) => {}
            _ => return Err(CommandError::Unavailable),
        }
        match tokio::time::timeout_at(deadline, answer).await {
            Ok(Ok(result)) => result,
            _ => Err(CommandError::Unavailable),
        }
    }

    /// The store, for reading sessions, suggestions and the handover queue.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Now, by the bot's clock.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    /// The configured mode.
    pub fn mode(&self) -> ModeSettings {
        self.mode.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The scripts the bot answers with now (the last good reload).
    pub fn scripts(&self) -> Arc<Scripts> {
        self.scripted
            .scripts
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Puts `scripts` in force, as a valid reload does: the next message is
    /// answered with them, and a refused reload's problems are over (the
    /// files they were about have been replaced).
    pub fn put_in_force(&self, scripts: Arc<Scripts>) {
        *self
            .scripted
            .scripts
            .write()
            .unwrap_or_else(|p| p.into_inner()) = scripts;
        self.status.set_script_errors(Vec::new());
    }

    /// The dialogue settings the bot decides with, at `now` by its clock.
    pub fn context(&self) -> Context {
        Context {
            now: self.now(),
            ..self.scripted.context.clone()
        }
    }

    /// The mode in force now.
    pub fn effective(&self) -> Effective {
        self.mode().effective(self.now())
    }
}
