//! One live connection to the channel: read, process, ack, send, ping.
//!
//! A reader task turns websocket frames into [`Incoming`] values on a queue;
//! this task takes whatever has queued up (up to [`MAX_BATCH`]) as one batch,
//! so under load many events share one flush, and when idle an event is
//! handled the moment it arrives. Liveness: every frame (pongs included)
//! counts as traffic; with none for `dead_after` the connection is dropped
//! and the caller reconnects.

use super::pipeline::{process_events, Batch};
use super::Bot;
use crate::channel::client::Connection;
use crate::channel::protocol::{self, Event, Inbound, Outbound, PROTOCOL_VERSION};
use crate::store::StoreError;
use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

/// Most events handled in one batch (one flush).
pub const MAX_BATCH: usize = 512;

/// How a connection ended.
#[derive(Debug)]
pub enum Outcome {
    /// Closed, failed or went silent: reconnect.
    Lost(String),
    /// The channel speaks another protocol version: reconnect later.
    WrongProtocol(u64),
    /// Shutdown was requested and the connection closed cleanly.
    Shutdown,
}

enum Incoming {
    Text(String),
    /// A ping, a pong or an ignored binary frame: proof of life.
    Alive,
    Closed(String),
}

type Sink = futures_util::stream::SplitSink<Connection, Message>;

/// Serves one connection. Returns how it ended and whether the channel had
/// greeted it (a connection that never got a hello does not reset the backoff,
/// so a channel that accepts and drops at once is not hammered).
pub async fn run(
    bot: &Bot,
    ws: Connection,
    shutdown: &CancellationToken,
) -> Result<(Outcome, bool), StoreError> {
    let (sink, stream) = ws.split();
    let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
    let reader = tokio::spawn(read_frames(stream, tx));
    let mut conn = Live {
        bot,
        sink,
        in_flight: HashMap::new(),
        greeted: false,
    };
    let outcome = conn.serve(rx, shutdown).await;
    reader.abort();
    Ok((outcome?, conn.greeted))
}

async fn read_frames(
    mut stream: futures_util::stream::SplitStream<Connection>,
    tx: mpsc::Sender<Incoming>,
) {
    loop {
        let incoming = match stream.next().await {
            Some(Ok(Message::Text(text))) => Incoming::Text(text.as_str().to_owned()),
            Some(Ok(Message::Binary(bytes))) => {
                tracing::warn!(bytes = bytes.len(), "binary frame from the channel ignored");
                Incoming::Alive
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => Incoming::Alive,
            Some(Ok(Message::Close(frame))) => Incoming::Closed(match frame {
                Some(f) => format!("closed by the channel ({} {})", f.code, f.reason),
                None => "closed by the channel".into(),
            }),
            Some(Err(e)) => Incoming::Closed(format!("read failed: {e}")),
            None => Incoming::Closed("connection ended".into()),
        };
        let last = matches!(incoming, Incoming::Closed(_));
        if tx.send(incoming).await.is_err() || last {
            return;
        }
    }
}

struct Live<'a> {
    bot: &'a Bot,
    sink: Sink,
    /// `ref` → outbox key of sends written on this connection, awaiting `send_result`.
    in_flight: HashMap<String, u64>,
    greeted: bool,
}

impl Live<'_> {
    async fn serve(
        &mut self,
        mut rx: mpsc::Receiver<Incoming>,
        shutdown: &CancellationToken,
    ) -> Result<Outcome, StoreError> {
        let settings = &self.bot.settings.connection;
        let dead_after = Duration::from_secs(settings.dead_after_secs);
        let mut ping = tokio::time::interval(Duration::from_secs(settings.ping_interval_secs));
        ping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        ping.tick().await;
        let mut last_traffic = Instant::now();
        let mut buf = Vec::with_capacity(MAX_BATCH);
        loop {
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => {
                    // Stop reading; finish what was already read, then close.
                    rx.close();
                    while let Ok(item) = rx.try_recv() {
                        buf.push(item);
                    }
                    self.handle(&mut buf).await?;
                    let _ = self.sink.send(Message::Close(None)).await;
                    let _ = self.sink.close().await;
                    return Ok(Outcome::Shutdown);
                }
                n = rx.recv_many(&mut buf, MAX_BATCH) => {
                    if n == 0 {
                        return Ok(Outcome::Lost("reader stopped".into()));
                    }
                    last_traffic = Instant::now();
                    if let Some(outcome) = self.handle(&mut buf).await? {
                        return Ok(outcome);
                    }
                }
                _ = ping.tick() => {
                    if last_traffic.elapsed() >= dead_after {
                        return Ok(Outcome::Lost(format!(
                            "no traffic and no pong for {}s", dead_after.as_secs()
                        )));
                    }
                    if let Err(e) = self.sink.send(Message::Ping(Vec::new().into())).await {
                        return Ok(Outcome::Lost(format!("ping failed: {e}")));
                    }
                }
            }
        }
    }

    /// Handles a batch of incoming items, draining `buf`.
    async fn handle(&mut self, buf: &mut Vec<Incoming>) -> Result<Option<Outcome>, StoreError> {
        let mut events: Vec<Event> = Vec::new();
        let mut ended = None;
        for item in buf.drain(..) {
            let text = match item {
                Incoming::Text(text) => text,
                Incoming::Alive => continue,
                Incoming::Closed(reason) => {
                    ended = Some(Outcome::Lost(reason));
                    break;
                }
            };
            match protocol::decode(&text) {
                Ok(Inbound::Event(event)) => events.push(event),
                Ok(Inbound::Hello(hello)) => {
                    if hello.protocol != PROTOCOL_VERSION {
                        tracing::error!(
                            channel = %hello.channel,
                            protocol = hello.protocol,
                            "the channel speaks protocol version {}, this bot speaks {PROTOCOL_VERSION}; closing",
                            hello.protocol
                        );
                        let _ = self.sink.send(Message::Close(None)).await;
                        return Ok(Some(Outcome::WrongProtocol(hello.protocol)));
                    }
                    tracing::info!(channel = %hello.channel, shops = ?hello.shops, "connected to the channel");
                    self.greeted = true;
                    self.bot.status.set_connected(true);
                    // Earlier events of this batch were read before the hello;
                    // the outbox goes first so replies keep their order.
                    if let Err(e) = self.resend_outbox().await {
                        ended = Some(e);
                        break;
                    }
                }
                Ok(Inbound::SendResult(result)) => self.settle(&result.reference, result.ok, result.error.as_deref())?,
                Ok(Inbound::Unknown { kind }) => {
                    tracing::debug!(kind, "frame of unknown type ignored");
                }
                Err(e) => {
                    tracing::warn!(error = %e, "protocol error: frame skipped");
                }
            }
        }
        if !events.is_empty() {
            if !self.greeted {
                tracing::warn!("events arrived before hello; processing them anyway");
            }
            let mut batch = Batch::default();
            let scripts = self.bot.scripts();
            let ctx = self.bot.context();
            process_events(&self.bot.store, &scripts, &ctx, &events, &mut batch)?;
            if batch.dirty {
                self.bot.store.flush().await?;
            }
            if let Err(outcome) = self.release(batch).await {
                return Ok(Some(outcome));
            }
        }
        Ok(ended)
    }

    /// Acks a durable batch and writes its frames.
    async fn release(&mut self, batch: Batch) -> Result<(), Outcome> {
        if !batch.acks.is_empty() {
            self.write(&Outbound::Ack { ids: batch.acks }).await?;
        }
        for entry in batch.release {
            self.write_entry(entry.key, &entry.frame).await?;
        }
        self.flush_sink().await
    }

    /// After a (re)connect: every frame still in the outbox, in order.
    async fn resend_outbox(&mut self) -> Result<(), Outcome> {
        let entries = self
            .bot
            .store
            .outbox()
            .map_err(|e| Outcome::Lost(format!("cannot read the outbox: {e}")))?;
        if !entries.is_empty() {
            tracing::info!(frames = entries.len(), "resending the outbox");
        }
        for entry in entries {
            self.write_entry(entry.key, &entry.frame).await?;
        }
        self.flush_sink().await
    }

    async fn write_entry(&mut self, key: u64, frame: &Outbound) -> Result<(), Outcome> {
        self.write(frame).await?;
        match frame {
            Outbound::Send { reference, .. } => {
                self.in_flight.insert(reference.clone(), key);
            }
            // Transfers and remarks have no result to wait for: written is done.
            _ => {
                if let Err(e) = self.bot.store.remove_outbox(key) {
                    tracing::warn!(error = %e, "cannot remove a delivered frame from the outbox");
                }
            }
        }
        Ok(())
    }

    /// A `send_result` arrived: the reply is settled either way.
    fn settle(&mut self, reference: &str, ok: bool, error: Option<&str>) -> Result<(), StoreError> {
        let Some(key) = self.in_flight.remove(reference) else {
            tracing::debug!(reference, "send_result for a ref not in flight");
            return Ok(());
        };
        if !ok {
            tracing::warn!(
                reference,
                error = error.unwrap_or("no reason given"),
                "the channel refused a reply"
            );
        }
        self.bot.store.remove_outbox(key)
    }

    async fn write(&mut self, frame: &Outbound) -> Result<(), Outcome> {
        self.sink
            .feed(Message::text(frame.to_json()))
            .await
            .map_err(|e| Outcome::Lost(format!("write failed: {e}")))
    }

    async fn flush_sink(&mut self) -> Result<(), Outcome> {
        self.sink
            .flush()
            .await
            .map_err(|e| Outcome::Lost(format!("write failed: {e}")))
    }
}
