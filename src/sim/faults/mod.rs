//! A fault-injecting channel: the server side of the channel protocol, built
//! to make the bot's delivery guarantees fail if they can.
//!
//! It replays generated buyer conversations ([`buyers`]) to whatever bot
//! connects, keeps every event until it is acked (at-least-once delivery, as
//! the contract says), and, while faults are on, misbehaves the ways real
//! gateways and networks do:
//!
//! - ends connections at random moments: abruptly, with a close frame, or by
//!   going silent and answering no ping (the bot must notice and reconnect);
//! - refuses upgrades with HTTP 401 for a while after such an ending;
//! - delays frames, and reorders them **across** conversations (never within
//!   one: the contract promises per-conversation order);
//! - delivers events again, acked ones and not-yet-acked ones;
//! - answers some `send`s with `ok:false` (the same answer on every retry).
//!
//! Everything the bot sends is written into a [`Ledger`], which the soak test
//! and `kefu sim` judge: every event acked, no ref with two texts, each reply
//! posted once. The faults are driven by a seeded generator, but their timing
//! meets the bot's real timing, so two runs are not identical; the checks are
//! built to hold for every interleaving.

pub mod buyers;
mod conn;
mod ledger;
mod summary;

pub use buyers::{generate, GeneratedEvent, TrafficSpec, SHOP};
pub use ledger::{FaultCounts, Ledger, RefOutcome, RefRecord};
pub use summary::Summary;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// How the channel misbehaves. Percentages are per opportunity (per
/// delivered frame, per connection ending, per new ref).
#[derive(Debug, Clone)]
pub struct Faults {
    /// A connection ends after delivering about this many events for the
    /// first time (uniformly between 1 and twice this). Counting first
    /// deliveries, not frames, keeps the faults in proportion to the traffic:
    /// the backlog a new connection replays does not bring the next fault
    /// closer, so the bot always gets to make progress.
    pub fresh_events_per_connection: u32,
    /// Of those endings, how many are stalls (no frames, no pongs) …
    pub stall_percent: u8,
    /// … and how many abrupt drops; the rest are close frames.
    pub drop_percent: u8,
    /// How long a stall lasts. Longer than the bot's dead-connection timeout,
    /// or the bot never notices.
    pub stall_for: Duration,
    /// After an ending, the chance that upgrades are refused (401) for a while.
    pub refuse_percent: u8,
    pub refuse_for: Duration,
    /// Chance per new ref of answering its `send` with `ok:false`.
    pub refuse_send_percent: u8,
    /// Chance per delivered frame of also delivering an acked event again.
    pub redeliver_acked_percent: u8,
    /// Chance per delivered frame of delivering an unacked one again.
    pub redeliver_unacked_percent: u8,
    /// Chance per delivered frame of a pause of up to `max_delay` first.
    pub delay_percent: u8,
    pub max_delay: Duration,
    /// Conversations the next frame is drawn from (1: strict global order).
    pub reorder_window: usize,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            fresh_events_per_connection: 200,
            stall_percent: 15,
            drop_percent: 50,
            stall_for: Duration::from_secs(4),
            refuse_percent: 30,
            refuse_for: Duration::from_millis(1500),
            refuse_send_percent: 2,
            redeliver_acked_percent: 2,
            redeliver_unacked_percent: 2,
            delay_percent: 3,
            max_delay: Duration::from_millis(30),
            reorder_window: 8,
        }
    }
}

/// How to run the channel.
#[derive(Debug, Clone)]
pub struct FaultChannelConfig {
    pub bind: SocketAddr,
    /// When set, upgrades must carry `Authorization: Bearer <token>`.
    pub token: Option<String>,
    pub faults: Faults,
    /// Whether faults are on from the start ([`FaultChannel::set_faults`] toggles).
    pub faults_on: bool,
    /// Events made available per second, in generated order; `None`: all at once.
    pub rate: Option<f64>,
    /// Seeds the fault decisions.
    pub seed: u64,
}

/// How far a run has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub total: usize,
    /// Events made available so far.
    pub released: usize,
    pub acked: usize,
    /// Connections open right now.
    pub open_connections: usize,
}

impl Progress {
    pub fn all_acked(&self) -> bool {
        self.acked == self.total
    }
}

struct Slot {
    id: String,
    conversation: usize,
    text: String,
    acked: bool,
    /// Delivered on some connection already.
    delivered_ever: bool,
}

struct State {
    events: Vec<Slot>,
    by_id: HashMap<String, usize>,
    released: usize,
    acked: usize,
    ledger: Ledger,
    rng: fastrand::Rng,
    refuse_until: Option<Instant>,
    open_connections: usize,
    /// When the bot last sent something other than a ping or pong.
    last_bot_frame: Instant,
}

struct Inner {
    state: Mutex<State>,
    faults: Faults,
    faults_on: AtomicBool,
    token: Option<String>,
    rate: Option<f64>,
    started: Instant,
    stop: CancellationToken,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking connection task must not take the whole channel down.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn faults_on(&self) -> bool {
        self.faults_on.load(Ordering::Relaxed)
    }

    /// Makes events available as the configured rate allows.
    fn release(&self, st: &mut State) {
        let total = st.events.len();
        st.released = match self.rate {
            None => total,
            Some(rate) => total.min((self.started.elapsed().as_secs_f64() * rate) as usize),
        };
    }
}

/// The running channel. Dropping it does not stop it; call [`FaultChannel::shutdown`].
#[derive(Clone)]
pub struct FaultChannel {
    addr: SocketAddr,
    inner: Arc<Inner>,
}

impl FaultChannel {
    /// Binds and starts serving `events`.
    pub async fn start(
        cfg: FaultChannelConfig,
        events: &[GeneratedEvent],
    ) -> std::io::Result<FaultChannel> {
        let listener = TcpListener::bind(cfg.bind).await?;
        let addr = listener.local_addr()?;
        let mut conversations: HashMap<&str, usize> = HashMap::new();
        let slots: Vec<Slot> = events
            .iter()
            .map(|e| {
                let next = conversations.len();
                Slot {
                    id: e.id.clone(),
                    conversation: *conversations.entry(e.conversation.as_str()).or_insert(next),
                    text: e.frame.to_string(),
                    acked: false,
                    delivered_ever: false,
                }
            })
            .collect();
        let by_id = slots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let inner = Arc::new(Inner {
            state: Mutex::new(State {
                events: slots,
                by_id,
                released: 0,
                acked: 0,
                ledger: Ledger::default(),
                rng: fastrand::Rng::with_seed(cfg.seed),
                refuse_until: None,
                open_connections: 0,
                last_bot_frame: Instant::now(),
            }),
            faults: cfg.faults,
            faults_on: AtomicBool::new(cfg.faults_on),
            token: cfg.token,
            rate: cfg.rate,
            started: Instant::now(),
            stop: CancellationToken::new(),
        });
        let server = inner.clone();
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    _ = server.stop.cancelled() => break,
                    a = listener.accept() => a,
                };
                match accepted {
                    Ok((tcp, _)) => {
                        tokio::spawn(conn::serve(server.clone(), tcp));
                    }
                    Err(e) => {
                        tracing::warn!("fault channel: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
            }
        });
        Ok(FaultChannel { addr, inner })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL a bot connects to.
    pub fn url(&self) -> String {
        format!("ws://{}/", self.addr)
    }

    /// Turns fault injection on or off (a stall or refusal in progress runs out).
    pub fn set_faults(&self, on: bool) {
        self.inner.faults_on.store(on, Ordering::Relaxed);
    }

    pub fn progress(&self) -> Progress {
        let mut st = self.inner.lock();
        self.inner.release(&mut st);
        Progress {
            total: st.events.len(),
            released: st.released,
            acked: st.acked,
            open_connections: st.open_connections,
        }
    }

    /// A copy of the record so far.
    pub fn ledger(&self) -> Ledger {
        self.inner.lock().ledger.clone()
    }

    /// Ids of events not acked yet, in generated order.
    pub fn unacked(&self) -> Vec<String> {
        let st = self.inner.lock();
        st.events
            .iter()
            .filter(|s| !s.acked)
            .map(|s| s.id.clone())
            .collect()
    }

    /// How long since the bot last sent anything but a ping.
    pub fn bot_quiet_for(&self) -> Duration {
        self.inner.lock().last_bot_frame.elapsed()
    }

    /// Waits until every event is acked and the bot has been quiet on an open
    /// connection for `quiet` (its outbox is settled), or `timeout` passes.
    /// Returns whether it settled.
    pub async fn settled(&self, quiet: Duration, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            let p = self.progress();
            if p.all_acked() && p.open_connections > 0 && self.bot_quiet_for() >= quiet {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// Stops accepting and ends every connection.
    pub fn shutdown(&self) {
        self.inner.stop.cancel();
    }
}
