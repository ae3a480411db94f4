//! The embedded local channel: a complete, in-memory channel server with a
//! buyer chat page, so kefu can be seen working with no outside service.
//!
//! `kefu serve` starts it when no channel URL is configured and points the bot
//! at [`LocalChannel::bot_url`]; a person opens [`LocalChannel::page_url`] in a
//! browser, chats as a buyer, places and pays an order and sees the replies.
//! Tests and load experiments drive it through [`LocalChannel::inject`] and read
//! results with [`LocalChannel::transcript`] or [`LocalChannel::subscribe`].
//!
//! It plays the channel role of the protocol exactly as a real gateway must:
//!
//! - `GET /channel` is the bot's websocket. With a token configured the upgrade
//!   needs `Authorization: Bearer <token>` (401 otherwise). The first frame is
//!   `hello` (`channel: "kefu-local"`, the one configured shop); then every
//!   event not yet acked, in original order; then live events. Only one bot
//!   connection is served: a new one replaces (closes) the old one.
//! - `ack` forgets events; `send` posts into the conversation and is answered
//!   with `send_result` (a `ref` already accepted is answered `ok: true` but not
//!   posted again; an unknown conversation or shop gets `ok: false`);
//!   `transfer` and `remark` appear as system lines in the conversation.
//! - Bad frames from the bot are logged and skipped; unknown types are ignored.
//! - The channel pings the bot every 10 s and drops a connection it has heard
//!   nothing from for 30 s, as the protocol's liveness rule says.
//! - `GET /` is the buyer page (static HTML/JS/CSS compiled into the binary) and
//!   `GET /buyer/ws` its live feed, one conversation per page load.
//!
//! **Nothing is persisted.** All conversations, unacked events and accepted
//! refs live in memory and are gone when the process exits; that is enough for
//! a demo channel, and a real gateway owns its own durability.

mod bot_link;
mod buyer;
mod hub;
#[cfg(test)]
mod tests;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use tokio::sync::{mpsc, watch};

use crate::channel::protocol::{AgentMessage, BuyerMessage, Event, OrderEvent, OrderStatus};

use hub::Hub;
pub use hub::{Update, CHANNEL_NAME};

/// How to run the local channel.
#[derive(Debug, Clone)]
pub struct LocalChannelConfig {
    /// Where to listen. Port 0 picks a free port; see [`LocalChannel::addr`].
    pub bind: SocketAddr,
    /// The one shop this channel serves (announced in `hello`).
    pub shop: String,
    /// When set, the bot must present it as a bearer token.
    pub token: Option<String>,
    /// Part of every event and order id this channel makes (`e-<run>-7`,
    /// `o-<run>-2`). The bot remembers the event ids it processed in its data
    /// directory, which outlives the channel: were the ids of a second run
    /// to start again at `e-1`, the bot would take the new buyer messages
    /// for ones it already answered and skip them. [`run_tag_now`] makes a
    /// tag from the clock; the simulated night makes its own from its night.
    pub run: String,
    /// What the buyer page shows of the shop: its name and products.
    pub storefront: Storefront,
}

/// The shop as its buyers see it on the page: the name in the header and
/// the products a chat can start from, with their prices (the amount an
/// order is placed for). A real shop's channel knows its own products;
/// `kefu serve` fills this from the script pack's catalogue. Empty: the
/// shop id and the ids `p-1001`…`p-1010`, as the simulations use.
#[derive(Debug, Clone, Default)]
pub struct Storefront {
    pub name: String,
    pub products: Vec<Product>,
}

/// One product on the buyer page.
#[derive(Debug, Clone)]
pub struct Product {
    pub id: String,
    pub name: String,
    /// Yuan, as the amount of an order placed from the page (`129.00`).
    pub price: String,
}

/// A tag for this run: the milliseconds since the Unix epoch, so that a
/// second run, even one started in the same second, has ids of its own.
pub fn run_tag_now() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    run_tag(millis)
}

/// A tag for [`LocalChannelConfig::run`]: `n` in base 36, short enough for
/// an order number on the page.
pub fn run_tag(n: u64) -> String {
    let mut n = n;
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

impl Default for LocalChannelConfig {
    fn default() -> Self {
        LocalChannelConfig {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            shop: "shop-1".to_string(),
            token: None,
            run: run_tag_now(),
            storefront: Storefront::default(),
        }
    }
}

/// State shared by the HTTP handlers.
#[derive(Clone)]
struct AppState {
    hub: Arc<Hub>,
    token: Option<Arc<str>>,
    /// Flips to `true` on shutdown; websocket sessions watch it and close.
    stopping: watch::Receiver<bool>,
    /// The buyer page with the shop name filled in.
    page: Arc<str>,
}

/// A running local channel. Dropping it stops the server as well, but
/// [`LocalChannel::shutdown`] also waits for it to finish.
pub struct LocalChannel {
    addr: SocketAddr,
    hub: Arc<Hub>,
    server: crate::web::Server,
}

impl LocalChannel {
    /// Binds the listener and starts serving in the background.
    pub async fn start(cfg: LocalChannelConfig) -> std::io::Result<LocalChannel> {
        let listener = tokio::net::TcpListener::bind(cfg.bind).await.map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("local channel cannot listen on {}: {e}", cfg.bind),
            )
        })?;
        let addr = listener.local_addr()?;
        let hub = Arc::new(Hub::new(cfg.shop.clone(), cfg.run.clone()));
        let (stop, stopping) = watch::channel(false);
        let state = AppState {
            hub: hub.clone(),
            token: cfg.token.map(Arc::from),
            stopping,
            page: buyer::render_page(&cfg.shop, &cfg.storefront).into(),
        };
        let app = Router::new()
            .route("/", get(buyer::page))
            .route("/chat.js", get(buyer::script))
            .route("/chat.css", get(buyer::style))
            .route("/buyer/ws", get(buyer::socket))
            .route("/channel", get(bot_link::socket))
            .with_state(state);
        let server = crate::web::Server::spawn("local channel", listener, app, stop);
        tracing::info!(%addr, shop = %cfg.shop, "local channel listening");
        Ok(LocalChannel { addr, hub, server })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Where the bot connects: `ws://HOST:PORT/channel`.
    pub fn bot_url(&self) -> String {
        format!("ws://{}/channel", self.addr)
    }

    /// The buyer chat page: `http://HOST:PORT/`.
    pub fn page_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn shop(&self) -> &str {
        self.hub.shop()
    }

    /// Stops accepting connections, closes open websockets and waits for the
    /// server task (at most a few seconds; a stuck client cannot hold it).
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }

    /// Posts an event as if it happened in the channel: it shows in its
    /// conversation (created if new), is kept until acked and is delivered to
    /// the bot. An empty `id` gets the next `e-<run>-<n>`; an empty `shop` gets this
    /// channel's shop. Returns the event id.
    ///
    /// Caller-chosen ids should not look like `e-<run>-<n>`, or they may collide with
    /// the channel's own.
    pub fn inject(&self, event: Event) -> String {
        self.hub.inject(event)
    }

    /// Convenience for [`inject`](Self::inject): a buyer writes `text`,
    /// optionally from product page `item`.
    pub fn buyer_says(
        &self,
        conversation: &str,
        buyer: &str,
        text: &str,
        item: Option<&str>,
    ) -> String {
        self.inject(Event::Message(BuyerMessage {
            id: String::new(),
            shop: String::new(),
            conversation: conversation.to_string(),
            buyer: buyer.to_string(),
            text: text.to_string(),
            sent_at: hub::timestamp(),
            item: item.map(str::to_string),
        }))
    }

    /// Convenience for [`inject`](Self::inject): order `order` of `buyer` is now
    /// in `status`.
    pub fn order_event(
        &self,
        conversation: &str,
        buyer: &str,
        order: &str,
        status: OrderStatus,
        amount: Option<&str>,
    ) -> String {
        self.inject(Event::Order(OrderEvent {
            id: String::new(),
            shop: String::new(),
            conversation: conversation.to_string(),
            buyer: buyer.to_string(),
            order: order.to_string(),
            status,
            amount: amount.map(str::to_string),
            items: Vec::new(),
            at: Some(hub::timestamp()),
        }))
    }

    /// Convenience for [`inject`](Self::inject): a human agent writes `text`.
    pub fn agent_says(&self, conversation: &str, agent: &str, text: &str) -> String {
        self.inject(Event::AgentMessage(AgentMessage {
            id: String::new(),
            shop: String::new(),
            conversation: conversation.to_string(),
            agent: agent.to_string(),
            text: text.to_string(),
            sent_at: Some(hub::timestamp()),
        }))
    }

    /// The conversation so far as `(who, text)`, `who` being `buyer`, `bot`,
    /// `agent` or `system`. Empty for an unknown conversation.
    pub fn transcript(&self, conversation: &str) -> Vec<(String, String)> {
        self.hub.transcript(conversation)
    }

    /// Follows a conversation (creating it if new): first a snapshot of what it
    /// holds, then every change as it happens. Dropping the receiver unsubscribes.
    pub fn subscribe(&self, conversation: &str) -> mpsc::UnboundedReceiver<Update> {
        self.hub.watch(conversation, "")
    }

    /// Whether a bot is connected right now.
    pub fn bot_connected(&self) -> bool {
        self.hub.bot_connected()
    }

    /// Ids of events the bot has not acked yet, oldest first.
    pub fn unacked(&self) -> Vec<String> {
        self.hub.unacked_ids()
    }
}

/// Resolves once shutdown is signalled (or the handle is gone). Returns `()`
/// rather than the watch guard so `select!` loops holding it stay `Send`.
async fn stopped(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|s| *s).await;
}
