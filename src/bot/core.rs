//! The core: the one place where state changes.
//!
//! Everything that can change a conversation arrives here as an [`Input`] on
//! one queue: frames read by the link, connection up/down notices, and a
//! once-a-second tick for timers. The core takes whatever has queued up (up to
//! [`MAX_BATCH`]) as one batch, runs the pipeline, flushes once, then acks and
//! releases. A single owner of state changes means no locks and no races
//! between an event, a timer and a reconnect touching the same conversation.
//! Agents' verdicts (assist mode) arrive on a second queue and are carried
//! out here too, one at a time, each flushed before it is answered.

use super::agents::Request;
use super::assist;
use super::mode::Effective;
use super::pipeline::{fire_timers, process_events, Batch};
use super::Bot;
use crate::channel::protocol::{self, Event, Inbound, Outbound, PROTOCOL_VERSION};
use crate::store::{OutboxEntry, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

/// Most inputs handled in one batch (one flush).
pub const MAX_BATCH: usize = 512;

/// How long a shutdown waits for the results of replies already sent.
const RESULT_GRACE: Duration = Duration::from_secs(2);

/// What the core is told.
pub enum Input {
    /// A connection is up; frames for the channel go to `writer`. The core
    /// sets `greeted` once the channel's `hello` checks out.
    Up {
        link: u64,
        writer: mpsc::UnboundedSender<Message>,
        greeted: Arc<AtomicBool>,
    },
    /// A text frame read from the channel.
    Frame { text: String },
    /// Connection `link` is gone.
    Down { link: u64 },
}

struct Link {
    id: u64,
    writer: mpsc::UnboundedSender<Message>,
    greeted: Arc<AtomicBool>,
}

pub struct Core<'a> {
    bot: &'a Bot,
    link: Option<Link>,
    /// `ref` → (outbox key, write position) of sends written on the current
    /// link, awaiting `send_result`.
    in_flight: HashMap<String, (u64, u64)>,
    /// Write position → outbox key of transfers and remarks written on the
    /// current link. They have no result frame of their own; they leave the
    /// outbox once a `send_result` arrives for a send written after them,
    /// which proves the channel read past them (a websocket is ordered).
    unconfirmed: BTreeMap<u64, u64>,
    /// Frames written on the current link so far.
    written: u64,
    /// The mode of the last tick, to tell watchers when the schedule switches.
    mode: Option<Effective>,
    /// Outbox keys of frames settled since the last [`Core::forget_settled`]:
    /// removed together, one sled batch per input batch instead of one
    /// removal per `send_result`.
    settled: Vec<u64>,
}

impl<'a> Core<'a> {
    pub fn new(bot: &'a Bot) -> Core<'a> {
        Core {
            bot,
            link: None,
            in_flight: HashMap::new(),
            unconfirmed: BTreeMap::new(),
            written: 0,
            mode: None,
            settled: Vec::new(),
        }
    }

    /// Runs until `shutdown`: then finishes what was already read (decide,
    /// commit, flush, ack), waits a moment for the results of replies in
    /// flight, stops the link (`stop_link`) and closes the connection.
    pub async fn run(
        &mut self,
        mut inputs: mpsc::Receiver<Input>,
        commands: &mut mpsc::Receiver<Request>,
        shutdown: CancellationToken,
        stop_link: CancellationToken,
    ) -> Result<(), StoreError> {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut buf = Vec::with_capacity(MAX_BATCH);
        let timers_wake = self.bot.timers_wake.clone();
        loop {
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => break,
                n = inputs.recv_many(&mut buf, MAX_BATCH) => {
                    if n == 0 {
                        break;
                    }
                    self.handle(&mut buf).await?;
                }
                Some(request) = commands.recv() => self.command(request).await?,
                _ = tick.tick() => self.tick().await?,
                _ = timers_wake.notified() => self.tick().await?,
            }
        }
        // Whatever the link had already read is processed and acked.
        while let Ok(input) = inputs.try_recv() {
            buf.push(input);
        }
        self.handle(&mut buf).await?;
        self.await_results(&mut inputs).await?;
        stop_link.cancel();
        if let Some(link) = self.link.take() {
            let _ = link.writer.send(Message::Close(None));
        }
        self.bot.status.set_connected(false);
        Ok(())
    }

    /// During shutdown: settles replies in flight as their results come in,
    /// for at most [`RESULT_GRACE`]. New events are left unacked for the next
    /// run. Replies still unsettled are resent then, with their refs.
    async fn await_results(
        &mut self,
        inputs: &mut mpsc::Receiver<Input>,
    ) -> Result<(), StoreError> {
        let deadline = tokio::time::Instant::now() + RESULT_GRACE;
        while !self.in_flight.is_empty() && self.link.is_some() {
            let input = tokio::select! {
                input = inputs.recv() => input,
                _ = tokio::time::sleep_until(deadline) => None,
            };
            match input {
                None | Some(Input::Down { .. }) => break,
                Some(Input::Frame { text }) => {
                    if let Ok(Inbound::SendResult(r)) = protocol::decode(&text) {
                        self.settle(&r.reference, r.ok, r.error.as_deref())?;
                    }
                }
                Some(Input::Up { .. }) => {}
            }
        }
        self.forget_settled()
    }

    async fn tick(&mut self) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        let ctx = self.bot.context();
        let delivery = self.bot.delivery(ctx.now);
        if self.mode.replace(delivery.mode) != Some(delivery.mode) {
            tracing::info!(mode = ?delivery.mode, "mode in force");
            self.bot.status.changed();
        }
        fire_timers(
            &self.bot.store,
            &self.bot.scripts(),
            &ctx,
            delivery,
            &mut batch,
        )?;
        self.bot.store.retention_tick(ctx.now);
        self.finish(batch).await
    }

    /// Carries out an agent's verdict and answers it once it is durable.
    async fn command(&mut self, request: Request) -> Result<(), StoreError> {
        if tokio::time::Instant::now() >= request.deadline || request.reply.is_closed() {
            tracing::warn!("an agent's command came too late; dropped");
            return Ok(());
        }
        let mut batch = Batch::default();
        let ctx = self.bot.context();
        let result = assist::execute(&self.bot.store, &ctx, request.command, &mut batch)?;
        self.finish(batch).await?;
        let _ = request.reply.send(result);
        Ok(())
    }

    /// Handles a batch of inputs, draining `buf`.
    async fn handle(&mut self, buf: &mut Vec<Input>) -> Result<(), StoreError> {
        let mut events: Vec<Event> = Vec::new();
        for input in buf.drain(..) {
            match input {
                Input::Up {
                    link,
                    writer,
                    greeted,
                } => {
                    self.link = Some(Link {
                        id: link,
                        writer,
                        greeted,
                    });
                    // Frames written on an older connection are resent after hello.
                    self.in_flight.clear();
                    self.unconfirmed.clear();
                    self.written = 0;
                }
                Input::Down { link } => {
                    if self.link.as_ref().is_some_and(|l| l.id == link) {
                        self.link = None;
                        self.bot.status.set_connected(false);
                    }
                }
                Input::Frame { text, .. } => match protocol::decode(&text) {
                    Ok(Inbound::Event(event)) => events.push(event),
                    Ok(Inbound::Hello(hello)) => {
                        // The hello resends the outbox: settled frames leave it first.
                        self.forget_settled()?;
                        self.hello(hello)?
                    }
                    Ok(Inbound::SendResult(r)) => {
                        self.settle(&r.reference, r.ok, r.error.as_deref())?
                    }
                    Ok(Inbound::Unknown { kind }) => {
                        tracing::debug!(kind, "frame of unknown type ignored");
                    }
                    Err(e) => tracing::warn!(error = %e, "protocol error: frame skipped"),
                },
            }
        }
        self.forget_settled()?;
        if events.is_empty() {
            return Ok(());
        }
        if !self.greeted() {
            tracing::warn!("events arrived before hello; processing them anyway");
        }
        let mut batch = Batch::default();
        let ctx = self.bot.context();
        let delivery = self.bot.delivery(ctx.now);
        process_events(
            &self.bot.store,
            &self.bot.scripts(),
            &ctx,
            delivery,
            &events,
            &mut batch,
        )?;
        self.finish(batch).await
    }

    fn greeted(&self) -> bool {
        self.link
            .as_ref()
            .is_some_and(|l| l.greeted.load(Ordering::Relaxed))
    }

    fn hello(&mut self, hello: protocol::Hello) -> Result<(), StoreError> {
        let Some(link) = &self.link else {
            return Ok(());
        };
        if hello.protocol != PROTOCOL_VERSION {
            tracing::error!(
                channel = %hello.channel,
                "the channel speaks protocol version {}, this bot speaks {PROTOCOL_VERSION}; closing",
                hello.protocol
            );
            let _ = link.writer.send(Message::Close(None));
            self.link = None;
            return Ok(());
        }
        tracing::info!(channel = %hello.channel, shops = ?hello.shops, "connected to the channel");
        link.greeted.store(true, Ordering::Relaxed);
        self.bot.status.set_connected(true);
        // Everything still in the outbox goes first, in order, with its ref.
        let entries = self.bot.store.outbox()?;
        if !entries.is_empty() {
            tracing::info!(frames = entries.len(), "resending the outbox");
        }
        for entry in entries {
            self.write_entry(entry)?;
        }
        Ok(())
    }

    /// Makes a batch durable, then acks it and releases its frames.
    async fn finish(&mut self, batch: Batch) -> Result<(), StoreError> {
        if batch.dirty {
            self.bot.store.flush().await?;
            self.bot.status.changed();
        }
        if !batch.acks.is_empty() {
            self.write(&Outbound::Ack { ids: batch.acks });
        }
        // Before hello, frames stay in the outbox: the hello resends them all.
        if self.greeted() {
            for entry in batch.release {
                self.write_entry(entry)?;
            }
        }
        Ok(())
    }

    fn write_entry(&mut self, entry: OutboxEntry) -> Result<(), StoreError> {
        if !self.write(&entry.frame) {
            return Ok(());
        }
        self.written += 1;
        match entry.frame {
            Outbound::Send { reference, .. } => {
                self.in_flight.insert(reference, (entry.key, self.written));
            }
            _ => {
                self.unconfirmed.insert(self.written, entry.key);
            }
        }
        Ok(())
    }

    /// Queues a frame on the current link; false when there is none.
    fn write(&self, frame: &Outbound) -> bool {
        self.link
            .as_ref()
            .is_some_and(|l| l.writer.send(Message::text(frame.to_json())).is_ok())
    }

    /// A `send_result` arrived: the reply is settled either way.
    fn settle(&mut self, reference: &str, ok: bool, error: Option<&str>) -> Result<(), StoreError> {
        let Some((key, position)) = self.in_flight.remove(reference) else {
            tracing::debug!(reference, "send_result for a ref not in flight");
            return Ok(());
        };
        // Everything written before this send has been read by the channel.
        let read = self.unconfirmed.split_off(&position);
        let earlier = std::mem::replace(&mut self.unconfirmed, read);
        self.settled.extend(earlier.into_values());
        if !ok {
            tracing::warn!(
                reference,
                error = error.unwrap_or("no reason given"),
                "the channel refused a reply"
            );
        }
        self.settled.push(key);
        Ok(())
    }

    /// Takes the settled frames out of the outbox. Not flushed on its own: a
    /// crash before the next flush only resends them with their refs, which
    /// the channel deduplicates.
    fn forget_settled(&mut self) -> Result<(), StoreError> {
        if self.settled.is_empty() {
            return Ok(());
        }
        self.bot.store.remove_outbox_all(&self.settled)?;
        self.settled.clear();
        Ok(())
    }
}
