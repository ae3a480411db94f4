//! A simulated night shift: hundreds of scripted buyers against a real bot,
//! through the embedded local channel's websocket, on a simulated clock.
//!
//! It exists to see the night-shift features work together at scale and to
//! produce a real data directory for `kefu report` and `kefu handover`:
//! greetings, size and stock questions, bargaining, hesitation, orders paid
//! at once or after the payment nudge or never, complaints, refunds,
//! logistics questions, large orders, a buyer flooding the chat.
//!
//! Time is simulated so a twelve-hour night takes a minute or two: the bot
//! runs with a clock this driver moves. Events are injected in time order;
//! before the clock passes a stored timer's due time it is set to that time
//! and the bot's own timer tick fires it, so nudges and closing lines go out
//! when they would have in a real night (quiet hours included). Each event
//! is waited for until the bot acked it, so replies are decided at the
//! simulated moment the buyer wrote.

use crate::bot::{Bot, Clock, Settings};
use crate::channel::protocol::{BuyerMessage, Event, OrderEvent, OrderLine, OrderStatus};
use crate::config::{ConnectionConfig, DialogueConfig};
use crate::script::Scripts;
use crate::sim::local::{LocalChannel, LocalChannelConfig};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

mod buyers;

/// How long to wait for the bot to handle one event or one timer before
/// giving up: far above what a working bot needs.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct NightSim {
    pub conversations: usize,
    pub seed: u64,
    /// Unix seconds of the first buyer's arrival window (the evening).
    pub start: i64,
    /// Where the bot stores; reused directories keep what they hold.
    pub data: PathBuf,
    pub scripts: Arc<Scripts>,
}

/// What the run did, from the channel's side.
#[derive(Debug, Clone, Default)]
pub struct NightSummary {
    pub conversations: usize,
    pub events: usize,
    pub bot_messages: usize,
    pub timers_fired: usize,
    pub seconds: f64,
}

/// One planned channel event at a simulated moment.
pub(crate) struct Planned {
    pub at: i64,
    pub event: Event,
}

pub(crate) fn message(conv: &str, buyer: &str, text: &str, item: Option<&str>, at: i64) -> Event {
    Event::Message(BuyerMessage {
        id: String::new(),
        shop: String::new(),
        conversation: conv.to_string(),
        buyer: buyer.to_string(),
        text: text.to_string(),
        sent_at: rfc3339(at),
        item: item.map(str::to_string),
    })
}

pub(crate) fn order(
    conv: &str,
    buyer: &str,
    order: &str,
    status: OrderStatus,
    line: (&str, &str),
    amount: f64,
    at: i64,
) -> Event {
    Event::Order(OrderEvent {
        id: String::new(),
        shop: String::new(),
        conversation: conv.to_string(),
        buyer: buyer.to_string(),
        order: order.to_string(),
        status,
        amount: Some(format!("{amount:.2}")),
        items: vec![OrderLine {
            item: line.0.to_string(),
            sku: Some(line.1.to_string()),
            qty: 1,
        }],
        at: Some(rfc3339(at)),
    })
}

/// Beijing time, as marketplaces stamp events.
fn rfc3339(at: i64) -> String {
    let tz = jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(8));
    jiff::Timestamp::from_second(at)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(tz)
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Polls `done` until it holds, or fails naming `what`.
async fn wait_for(
    what: &str,
    mut done: impl FnMut() -> Result<bool, String>,
) -> Result<(), String> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if done()? {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("the bot did not finish {what} within {PATIENCE:?}"));
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Lets the bot fire every stored timer due up to `until`, in due order,
/// each at its own moment. Returns how many fired.
async fn fire_until(
    bot: &Bot,
    store: &Store,
    now: &AtomicI64,
    until: i64,
) -> Result<usize, String> {
    let mut fired = 0;
    loop {
        let due = store
            .due_timers(until, 1)
            .map_err(|e| e.to_string())?
            .first()
            .map(|(key, _)| key.due());
        let Some(due) = due else {
            return Ok(fired);
        };
        let at = due.max(now.load(Ordering::SeqCst));
        now.store(at, Ordering::SeqCst);
        bot.check_timers();
        wait_for("a due timer", || {
            Ok(store
                .due_timers(at, 1)
                .map_err(|e| e.to_string())?
                .is_empty())
        })
        .await?;
        fired += 1;
    }
}

impl NightSim {
    pub async fn run(&self) -> Result<NightSummary, String> {
        let began = Instant::now();
        let plan = buyers::plan(self.conversations, self.seed, self.start, &self.scripts);
        let channel = LocalChannel::start(LocalChannelConfig {
            bind: ([127, 0, 0, 1], 0).into(),
            shop: "shop-1".into(),
            token: None,
            // From the night, not the clock, so that a seed gives the same
            // order numbers in the report every time.
            run: crate::sim::local::run_tag(self.start.unsigned_abs()),
            storefront: Default::default(),
        })
        .await
        .map_err(|e| format!("cannot start the local channel: {e}"))?;
        let store = Store::open(&self.data).map_err(|e| e.to_string())?;
        let now = Arc::new(AtomicI64::new(self.start));
        let clock: Clock = {
            let now = now.clone();
            Arc::new(move || now.load(Ordering::SeqCst))
        };
        let settings = Settings {
            url: channel.bot_url(),
            token: None,
            dialogue: DialogueConfig::default(),
            connection: ConnectionConfig::default(),
        };
        let bot = Arc::new(Bot::new(
            store.clone(),
            self.scripts.clone(),
            settings,
            clock,
        ));
        let shutdown = CancellationToken::new();
        let running = {
            let (bot, shutdown) = (bot.clone(), shutdown.clone());
            tokio::spawn(async move { bot.run(shutdown).await })
        };
        wait_for("connecting", || Ok(channel.bot_connected())).await?;

        let mut summary = NightSummary {
            conversations: self.conversations,
            ..NightSummary::default()
        };
        // Timers are walked up to noon after the night, when the shift ends.
        let end = plan
            .last()
            .map_or(self.start, |p| p.at)
            .max(self.start + 16 * 3600);
        for planned in &plan {
            summary.timers_fired += fire_until(&bot, &store, &now, planned.at).await?;
            now.store(planned.at.max(now.load(Ordering::SeqCst)), Ordering::SeqCst);
            let id = channel.inject(planned.event.clone());
            summary.events += 1;
            wait_for("an event", || Ok(!channel.unacked().contains(&id))).await?;
        }
        summary.timers_fired += fire_until(&bot, &store, &now, end).await?;
        now.store(end, Ordering::SeqCst);
        wait_for("sending", || {
            Ok(store.outbox().map_err(|e| e.to_string())?.is_empty())
        })
        .await?;

        shutdown.cancel();
        match running.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(format!("the bot stopped with an error: {e}")),
            Err(e) => return Err(format!("the bot task failed: {e}")),
        }
        summary.bot_messages = buyers::conversation_ids(self.conversations)
            .iter()
            .map(|c| {
                channel
                    .transcript(c)
                    .iter()
                    .filter(|(who, _)| who == "bot")
                    .count()
            })
            .sum();
        channel.shutdown().await;
        summary.seconds = began.elapsed().as_secs_f64();
        Ok(summary)
    }
}
