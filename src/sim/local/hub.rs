//! The local channel's in-memory state and the protocol rules that act on it.
//!
//! Both websocket endpoints (the bot's `/channel` and the buyer page's
//! `/buyer/ws`) and the programmatic API go through [`Hub`], so the delivery
//! rules live in one place and are easy to test: events are kept until acked
//! and replayed in order to each new bot connection, `send` refs are deduplicated,
//! and every change to a conversation is fanned out to whoever watches it.
//!
//! One mutex guards everything. The channel is a demo for a handful of buyers,
//! and a single lock makes the ordering guarantees (replay before live events,
//! snapshot before updates) hold by construction.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use tokio::sync::mpsc;

use crate::channel::protocol::{
    Event, OrderEvent, OrderLine, OrderStatus, Outbound, SendResult, MAX_FRAME_BYTES,
    PROTOCOL_VERSION,
};

/// The name this channel announces in its `hello`.
pub const CHANNEL_NAME: &str = "kefu-local";

/// A change in one conversation, as pushed to watchers (the buyer page, or a
/// program that called [`super::LocalChannel::subscribe`]). The buyer page
/// receives exactly this JSON, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Update {
    /// A line in the transcript. `who` is `buyer`, `bot`, `agent` or `system`.
    Line {
        who: String,
        text: String,
        at: String,
    },
    /// The conversation's current order changed.
    Order {
        order: String,
        status: OrderStatus,
        amount: Option<String>,
    },
    /// The bot connected or went away.
    Bot { connected: bool },
    /// A message for this watcher only, e.g. why a button did nothing.
    Notice { text: String },
}

#[derive(Debug, Clone)]
struct Line {
    who: &'static str,
    text: String,
    at: String,
}

#[derive(Debug, Clone)]
struct CurrentOrder {
    id: String,
    status: OrderStatus,
    amount: Option<String>,
}

#[derive(Debug, Default)]
struct Conversation {
    buyer: String,
    lines: Vec<Line>,
    order: Option<CurrentOrder>,
    watchers: Vec<mpsc::UnboundedSender<Update>>,
}

impl Conversation {
    fn push_line(&mut self, who: &'static str, text: String) {
        let line = Line {
            who,
            text,
            at: clock_time(),
        };
        self.notify(Update::Line {
            who: who.to_string(),
            text: line.text.clone(),
            at: line.at.clone(),
        });
        self.lines.push(line);
    }

    /// Sends to every watcher, forgetting the ones whose receiver is gone.
    fn notify(&mut self, update: Update) {
        self.watchers.retain(|w| w.send(update.clone()).is_ok());
    }
}

/// The one bot connection currently attached.
struct BotLink {
    id: u64,
    /// Frames to write to this connection. Dropping it (on replacement) ends
    /// the connection's task, which is how a newer bot connection evicts the old.
    frames: mpsc::UnboundedSender<String>,
}

#[derive(Default)]
struct State {
    next_event: u64,
    next_order: u64,
    next_link: u64,
    /// Events not yet acked, in the order they happened.
    unacked: Vec<Event>,
    accepted_refs: HashSet<String>,
    conversations: HashMap<String, Conversation>,
    /// Which conversation an order belongs to, for remarks.
    order_owner: HashMap<String, String>,
    bot: Option<BotLink>,
}

/// What a buyer did on the page to the current order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    Create,
    Pay,
    Ship,
    Close,
}

pub struct Hub {
    shop: String,
    /// In every id this hub makes (see `LocalChannelConfig::run`).
    run: String,
    state: Mutex<State>,
}

impl Hub {
    pub fn new(shop: String, run: String) -> Hub {
        Hub {
            shop,
            run,
            state: Mutex::new(State::default()),
        }
    }

    pub fn shop(&self) -> &str {
        &self.shop
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-updated in
        // a way that matters for a demo channel, so keep serving.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    // ---- the bot connection -------------------------------------------------

    /// Attaches a new bot connection, replacing any previous one. The returned
    /// receiver already holds `hello` followed by every unacked event in order;
    /// live events follow on the same receiver.
    pub fn attach_bot(&self) -> (u64, mpsc::UnboundedReceiver<String>) {
        let mut st = self.lock();
        let (tx, rx) = mpsc::unbounded_channel();
        st.next_link += 1;
        let id = st.next_link;
        let hello = serde_json::json!({
            "type": "hello",
            "protocol": PROTOCOL_VERSION,
            "channel": CHANNEL_NAME,
            "shops": [self.shop],
        });
        // The receiver is in our hand, so these sends cannot fail.
        let _ = tx.send(hello.to_string());
        for event in &st.unacked {
            let _ = tx.send(event_json(event));
        }
        let replaced = st.bot.replace(BotLink { id, frames: tx }).is_some();
        if replaced {
            tracing::info!(link = id, "a new bot connection replaces the previous one");
        } else {
            notify_all(&mut st, Update::Bot { connected: true });
        }
        (id, rx)
    }

    /// Forgets bot connection `id` if it is still the current one.
    pub fn detach_bot(&self, id: u64) {
        let mut st = self.lock();
        if st.bot.as_ref().is_some_and(|b| b.id == id) {
            st.bot = None;
            notify_all(&mut st, Update::Bot { connected: false });
        }
    }

    pub fn bot_connected(&self) -> bool {
        self.lock().bot.is_some()
    }

    pub fn unacked_ids(&self) -> Vec<String> {
        self.lock()
            .unacked
            .iter()
            .map(|e| e.id().to_string())
            .collect()
    }

    /// Handles one text frame from the bot. Returns the frame to answer with on
    /// the same connection, if any. Bad frames are logged and skipped.
    pub fn handle_bot_frame(&self, text: &str) -> Option<String> {
        let frame = match decode_outbound(text) {
            Ok(Some(frame)) => frame,
            Ok(None) => return None,
            Err(reason) => {
                tracing::warn!("local channel: skipping a bad frame from the bot: {reason}");
                return None;
            }
        };
        let mut st = self.lock();
        match frame {
            Outbound::Ack { ids } => {
                let ids: HashSet<&str> = ids.iter().map(String::as_str).collect();
                st.unacked.retain(|e| !ids.contains(e.id()));
                None
            }
            Outbound::Send {
                reference,
                shop,
                conversation,
                text,
            } => {
                let result = self.post_reply(&mut st, &reference, &shop, &conversation, text);
                let answer = SendResult {
                    reference,
                    ok: result.is_ok(),
                    error: result.err(),
                };
                let mut value = serde_json::to_value(&answer).unwrap_or_default();
                if let Some(object) = value.as_object_mut() {
                    object.insert("type".into(), "send_result".into());
                }
                Some(value.to_string())
            }
            Outbound::Transfer {
                shop,
                conversation,
                reason,
            } => {
                match self.conversation_mut(&mut st, &shop, &conversation) {
                    Some(conv) => conv.push_line(
                        "system",
                        format!("已转人工: {}", crate::report::handover::reason_label(&reason)),
                    ),
                    None => tracing::warn!(
                        "local channel: transfer for unknown conversation {conversation:?} of shop {shop:?}"
                    ),
                }
                None
            }
            Outbound::Remark {
                shop,
                order,
                text,
                flag,
            } => {
                let owner = st.order_owner.get(&order).cloned();
                let conv = match owner {
                    Some(c) => self.conversation_mut(&mut st, &shop, &c),
                    None => None,
                };
                match conv {
                    Some(conv) => {
                        let flag = flag
                            .map(|f| format!(" [{}]", flag_name(&f)))
                            .unwrap_or_default();
                        conv.push_line("system", format!("订单 {order} 备注{flag}: {text}"));
                    }
                    None => tracing::warn!(
                        "local channel: remark for unknown order {order:?} of shop {shop:?}"
                    ),
                }
                None
            }
        }
    }

    /// Posts a bot reply unless its `ref` was already accepted. `Err` says why
    /// the reply was refused.
    fn post_reply(
        &self,
        st: &mut State,
        reference: &str,
        shop: &str,
        conversation: &str,
        text: String,
    ) -> Result<(), String> {
        if st.accepted_refs.contains(reference) {
            return Ok(());
        }
        if reference.is_empty() {
            return Err("send has an empty \"ref\"".into());
        }
        let Some(conv) = self.conversation_mut(st, shop, conversation) else {
            return Err(format!(
                "unknown conversation {conversation:?} in shop {shop:?}"
            ));
        };
        conv.push_line("bot", text);
        st.accepted_refs.insert(reference.to_string());
        Ok(())
    }

    fn conversation_mut<'s>(
        &self,
        st: &'s mut State,
        shop: &str,
        conversation: &str,
    ) -> Option<&'s mut Conversation> {
        if shop != self.shop {
            return None;
        }
        st.conversations.get_mut(conversation)
    }

    // ---- events -------------------------------------------------------------

    /// Records an event: fills in a missing id (`e-<run>-<n>`) and shop, shows it in
    /// its conversation, keeps it until acked and delivers it to the bot if one
    /// is connected. Returns the event id.
    pub fn inject(&self, mut event: Event) -> String {
        let mut st = self.lock();
        st.next_event += 1;
        let fresh_id = format!("e-{}-{}", self.run, st.next_event);
        let shop = self.shop.clone();
        let (id_slot, shop_slot) = match &mut event {
            Event::Message(m) => (&mut m.id, &mut m.shop),
            Event::Order(o) => (&mut o.id, &mut o.shop),
            Event::AgentMessage(a) => (&mut a.id, &mut a.shop),
        };
        if id_slot.is_empty() {
            *id_slot = fresh_id;
        }
        if shop_slot.is_empty() {
            *shop_slot = shop;
        }
        let id = event.id().to_string();

        let conv = st
            .conversations
            .entry(event.conversation().to_string())
            .or_default();
        match &event {
            Event::Message(m) => {
                if conv.buyer.is_empty() {
                    conv.buyer = m.buyer.clone();
                }
                conv.push_line("buyer", m.text.clone());
            }
            Event::AgentMessage(a) => conv.push_line("agent", a.text.clone()),
            Event::Order(o) => {
                conv.order = Some(CurrentOrder {
                    id: o.order.clone(),
                    status: o.status,
                    amount: o.amount.clone(),
                });
                conv.notify(Update::Order {
                    order: o.order.clone(),
                    status: o.status,
                    amount: o.amount.clone(),
                });
                conv.push_line("system", order_line(o));
            }
        }
        if let Event::Order(o) = &event {
            st.order_owner
                .insert(o.order.clone(), o.conversation.clone());
        }
        if let Some(bot) = &st.bot {
            // A closed receiver means the connection is ending; the event stays
            // unacked and is replayed to the next connection.
            let _ = bot.frames.send(event_json(&event));
        }
        st.unacked.push(event);
        id
    }

    /// Applies a buyer's order button to the conversation's current order and
    /// emits the matching `order` event. `Err` is a message for the buyer.
    pub fn order_action(
        &self,
        conversation: &str,
        buyer: &str,
        action: OrderAction,
        amount: Option<String>,
        item: Option<String>,
    ) -> Result<String, String> {
        let current = {
            let mut st = self.lock();
            let current = st
                .conversations
                .get(conversation)
                .and_then(|c| c.order.clone());
            let open = current
                .as_ref()
                .filter(|o| matches!(o.status, OrderStatus::Created | OrderStatus::Paid));
            match (action, open) {
                (OrderAction::Create, Some(o)) => {
                    return Err(format!("订单 {} 还没有完成,请先付款或取消", o.id))
                }
                (OrderAction::Create, None) => {
                    st.next_order += 1;
                    CurrentOrder {
                        id: format!("o-{}-{}", self.run, st.next_order),
                        status: OrderStatus::Created,
                        amount,
                    }
                }
                (_, None) => return Err("还没有进行中的订单,请先拍下".into()),
                (action, Some(o)) => {
                    let next = match (action, o.status) {
                        (OrderAction::Pay, OrderStatus::Created) => OrderStatus::Paid,
                        (OrderAction::Ship, OrderStatus::Paid) => OrderStatus::Shipped,
                        (OrderAction::Close, OrderStatus::Created) => OrderStatus::Closed,
                        (OrderAction::Ship, _) => return Err("订单还没付款,不能发货".into()),
                        (OrderAction::Close, _) => {
                            return Err("订单已付款,这里只能取消未付款的订单".into())
                        }
                        _ => return Err("订单已经付过款了".into()),
                    };
                    CurrentOrder {
                        status: next,
                        ..o.clone()
                    }
                }
            }
        };
        let event = Event::Order(OrderEvent {
            id: String::new(),
            shop: String::new(),
            conversation: conversation.to_string(),
            buyer: buyer.to_string(),
            order: current.id,
            status: current.status,
            amount: current.amount,
            items: item
                .map(|item| {
                    vec![OrderLine {
                        item,
                        sku: None,
                        qty: 1,
                    }]
                })
                .unwrap_or_default(),
            at: Some(timestamp()),
        });
        Ok(self.inject(event))
    }

    // ---- conversations and watchers -----------------------------------------

    /// Opens (or reopens) a conversation for a watcher. The receiver starts with
    /// a snapshot (bot status, current order, all lines) and then gets updates.
    pub fn watch(&self, conversation: &str, buyer: &str) -> mpsc::UnboundedReceiver<Update> {
        let mut st = self.lock();
        let connected = st.bot.is_some();
        let conv = st
            .conversations
            .entry(conversation.to_string())
            .or_default();
        if conv.buyer.is_empty() {
            conv.buyer = buyer.to_string();
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let _ = tx.send(Update::Bot { connected });
        if let Some(o) = &conv.order {
            let _ = tx.send(Update::Order {
                order: o.id.clone(),
                status: o.status,
                amount: o.amount.clone(),
            });
        }
        for line in &conv.lines {
            let _ = tx.send(Update::Line {
                who: line.who.to_string(),
                text: line.text.clone(),
                at: line.at.clone(),
            });
        }
        conv.watchers.push(tx);
        rx
    }

    pub fn transcript(&self, conversation: &str) -> Vec<(String, String)> {
        self.lock()
            .conversations
            .get(conversation)
            .map(|c| {
                c.lines
                    .iter()
                    .map(|l| (l.who.to_string(), l.text.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn notify_all(st: &mut State, update: Update) {
    for conv in st.conversations.values_mut() {
        conv.notify(update.clone());
    }
}

/// Decodes a bot frame. `Ok(None)` is a well-formed frame of a type this
/// channel does not know, which the protocol says to ignore.
fn decode_outbound(text: &str) -> Result<Option<Outbound>, String> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(format!(
            "frame of {} bytes exceeds the {MAX_FRAME_BYTES}-byte limit",
            text.len()
        ));
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("frame is not valid JSON: {e}"))?;
    let kind = value
        .get("type")
        .and_then(|t| t.as_str())
        .ok_or("frame has no string field \"type\"")?;
    match kind {
        "send" | "ack" | "transfer" | "remark" => serde_json::from_value(value.clone())
            .map(Some)
            .map_err(|e| format!("`{kind}` frame is malformed: {e}")),
        other => {
            tracing::debug!("local channel: ignoring a frame of unknown type {other:?}");
            Ok(None)
        }
    }
}

fn event_json(event: &Event) -> String {
    // Events are plain strings, numbers and enums: serialising cannot fail.
    serde_json::to_string(event).unwrap_or_default()
}

fn order_line(o: &OrderEvent) -> String {
    let amount = o
        .amount
        .as_deref()
        .map(|a| format!(",金额 ¥{a}"))
        .unwrap_or_default();
    match o.status {
        OrderStatus::Created => format!("买家拍下订单 {}{amount},待付款", o.order),
        OrderStatus::Paid => format!("买家已付款(订单 {}{amount})", o.order),
        OrderStatus::Shipped => format!("卖家已发货(订单 {})", o.order),
        OrderStatus::Closed => format!("订单 {} 已关闭", o.order),
    }
}

fn flag_name(flag: &str) -> &str {
    match flag {
        "red" => "红旗",
        "yellow" => "黄旗",
        "green" => "绿旗",
        "blue" => "蓝旗",
        "purple" => "紫旗",
        other => other,
    }
}

fn beijing_now() -> jiff::Zoned {
    let tz = jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(8));
    jiff::Timestamp::now().to_zoned(tz)
}

/// RFC 3339 in China time, as marketplaces stamp their events.
pub fn timestamp() -> String {
    beijing_now().strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The `HH:MM` shown next to chat bubbles.
fn clock_time() -> String {
    beijing_now().strftime("%H:%M").to_string()
}
