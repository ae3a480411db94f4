//! Generated buyer traffic: many conversations, interleaved as real traffic is.
//!
//! The fault-injecting channel needs input that looks like a shop's evening:
//! buyers greet, ask about sizes, stock and shipping, haggle, place and pay
//! orders, say thanks, sometimes complain or ask for a person; now and then an
//! agent writes in a conversation. The generator is seeded, so the same seed
//! gives the same events byte for byte: that is what lets a faulty run be
//! compared with a fault-free run of the same input.
//!
//! Events are returned in one global order (conversations overlap in time);
//! within a conversation the order is the buyer's.

use serde_json::{json, Value};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrafficSpec {
    /// Buyer messages in total (orders and agent messages come on top).
    pub messages: usize,
    pub conversations: usize,
    pub seed: u64,
}

/// One generated event, with what the checks need to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedEvent {
    pub id: String,
    pub conversation: String,
    /// `message`, `order` or `agent_message`.
    pub kind: &'static str,
    /// The frame as the channel sends it.
    pub frame: Value,
}

/// The shop every generated conversation belongs to.
pub const SHOP: &str = "shop-1";

/// Lines buyers write, by what they are about. Every line is one the shipped
/// scripts understand, except in [`NONSENSE`]: the mix decides how often the
/// bot must ask again or hand over.
const OPENERS: &[&str] = &["在吗", "你好,在吗", "亲在吗", "老板在吗", "你好"];
const QUESTIONS: &[&str] = &[
    "这款有L码吗",
    "有现货吗",
    "有没有黑色",
    "我身高170体重120斤穿什么码",
    "165,100斤",
    "偏大还是偏小",
    "什么时候发货",
    "发什么快递",
    "包邮吗",
    "多久能到",
    "面料是什么的",
    "会起球吗",
    "洗了会缩水吗",
    "会掉色吗",
    "有优惠券吗",
    "推荐一下",
    "能开发票吗",
    "怎么付款",
    "我再考虑一下",
];
const OBJECTIONS: &[&str] = &["能便宜点吗", "太贵了", "别家才卖99", "便宜点吧亲"];
const THANKS: &[&str] = &["好的谢谢", "谢谢亲", "好的"];
const AFTER_PAYMENT: &[&str] = &["已经付款了", "什么时候发货", "多久能到", "发什么快递"];
const TO_PERSON: &[&str] = &["我要投诉", "转人工"];
const NONSENSE: &[&str] = &["asdfgh", "。。。", "[微笑]"];
const AGENT_LINES: &[&str] = &["亲,L码有货的哦", "亲,这边帮您备注了"];

/// Catalogue items of the shipped pack, with one size each for orders.
const ITEMS: &[(&str, &str)] = &[
    ("p-1001", "L"),
    ("p-1002", "M"),
    ("p-1003", "XL"),
    ("p-1004", "S"),
    ("p-1006", "L"),
    ("p-1007", "M"),
];

/// Generates the traffic for `spec`.
pub fn generate(spec: TrafficSpec) -> Vec<GeneratedEvent> {
    let conversations = spec.conversations.max(1);
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    // Spread the messages over the conversations, each getting at least one.
    let mut quota = vec![spec.messages / conversations; conversations];
    for slot in quota.iter_mut().take(spec.messages % conversations) {
        *slot += 1;
    }
    let mut scripts: Vec<Vec<GeneratedEvent>> = Vec::with_capacity(conversations);
    let mut next_id = 0usize;
    for (c, &messages) in quota.iter().enumerate() {
        scripts.push(conversation(c, messages, &mut rng, &mut next_id));
    }
    interleave(scripts, &mut rng)
}

/// One conversation's events in the buyer's order.
fn conversation(
    index: usize,
    messages: usize,
    rng: &mut fastrand::Rng,
    next_id: &mut usize,
) -> Vec<GeneratedEvent> {
    let conversation = format!("c-{index}");
    let buyer = format!("tb_buyer{index}");
    let (item, sku) = ITEMS[rng.usize(..ITEMS.len())];
    let order = format!("o-{index}");
    let mut out = Vec::with_capacity(messages + 4);
    let mut event = |kind: &'static str, frame: Value| {
        *next_id += 1;
        let id = format!("e-{next_id}");
        let mut frame = frame;
        frame["id"] = json!(id);
        out.push(GeneratedEvent {
            id,
            conversation: conversation.clone(),
            kind,
            frame,
        });
    };
    let message = |text: &str, on_item: bool| {
        let mut m = json!({"type":"message","shop":SHOP,"conversation":conversation,
            "buyer":buyer,"text":text,"sent_at":"2026-11-23T21:05:09+08:00"});
        if on_item {
            m["item"] = json!(item);
        }
        m
    };
    let order_frame = |status: &str| {
        json!({"type":"order","shop":SHOP,"conversation":conversation,"buyer":buyer,
            "order":order,"status":status,"amount":"129.00",
            "items":[{"item":item,"sku":sku,"qty":1}],"at":"2026-11-23T21:07:30+08:00"})
    };
    // Where in the conversation things happen, as fractions of its messages.
    let buys = rng.u8(..100) < 55;
    let pays = buys && rng.u8(..100) < 80;
    let ships = pays && rng.u8(..100) < 60;
    let cancels = buys && !pays && rng.u8(..100) < 50;
    let agent_at = (rng.u8(..100) < 6).then(|| rng.usize(1..messages.max(2)));
    let person_at = (rng.u8(..100) < 8).then(|| rng.usize(..messages.max(1)));
    let order_at = messages / 2;
    let paid_at = order_at + (messages - order_at) / 3;
    let shipped_at = paid_at + (messages - paid_at) / 2;
    for m in 0..messages {
        if buys && m == order_at {
            event("order", order_frame("created"));
        }
        if pays && m == paid_at {
            event("order", order_frame("paid"));
        }
        if cancels && m == paid_at {
            event("order", order_frame("closed"));
        }
        if ships && m == shipped_at {
            event("order", order_frame("shipped"));
        }
        if agent_at == Some(m) {
            let text = AGENT_LINES[rng.usize(..AGENT_LINES.len())];
            event(
                "agent_message",
                json!({"type":"agent_message","shop":SHOP,"conversation":conversation,
                    "agent":"kf-03","text":text,"sent_at":"2026-11-23T21:08:00+08:00"}),
            );
        }
        let text = if m == 0 {
            OPENERS[rng.usize(..OPENERS.len())]
        } else if person_at == Some(m) {
            TO_PERSON[rng.usize(..TO_PERSON.len())]
        } else {
            let paid = pays && m > paid_at;
            match rng.u8(..100) {
                0..=3 => NONSENSE[rng.usize(..NONSENSE.len())],
                4..=15 => THANKS[rng.usize(..THANKS.len())],
                16..=27 if !paid => OBJECTIONS[rng.usize(..OBJECTIONS.len())],
                _ if paid => AFTER_PAYMENT[rng.usize(..AFTER_PAYMENT.len())],
                _ => QUESTIONS[rng.usize(..QUESTIONS.len())],
            }
        };
        event("message", message(text, m == 0));
    }
    out
}

/// Merges the conversations into one stream: at each step a random
/// conversation among those still talking says its next thing, so
/// conversations overlap the way a shop's evening does.
fn interleave(
    mut scripts: Vec<Vec<GeneratedEvent>>,
    rng: &mut fastrand::Rng,
) -> Vec<GeneratedEvent> {
    let total = scripts.iter().map(Vec::len).sum();
    for script in &mut scripts {
        script.reverse();
    }
    // Conversations start in a staggered way: a window of active ones slides on.
    const ACTIVE: usize = 40;
    let mut waiting: std::collections::VecDeque<Vec<GeneratedEvent>> = scripts.into();
    let mut active: Vec<Vec<GeneratedEvent>> = Vec::with_capacity(ACTIVE);
    let mut out = Vec::with_capacity(total);
    while out.len() < total {
        while active.len() < ACTIVE {
            match waiting.pop_front() {
                Some(s) => active.push(s),
                None => break,
            }
        }
        let pick = rng.usize(..active.len());
        if let Some(event) = active[pick].pop() {
            out.push(event);
        }
        if active[pick].is_empty() {
            active.swap_remove(pick);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> TrafficSpec {
        TrafficSpec {
            messages: 1000,
            conversations: 50,
            seed: 7,
        }
    }

    #[test]
    fn same_seed_same_traffic_and_exact_message_count() {
        let a = generate(spec());
        assert_eq!(a, generate(spec()));
        assert_ne!(a, generate(TrafficSpec { seed: 8, ..spec() }));
        assert_eq!(a.iter().filter(|e| e.kind == "message").count(), 1000);
        let conversations: std::collections::HashSet<_> =
            a.iter().map(|e| e.conversation.as_str()).collect();
        assert_eq!(conversations.len(), 50);
        assert!(a.iter().any(|e| e.kind == "order"));
        let ids: std::collections::HashSet<_> = a.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), a.len(), "event ids are unique");
    }

    #[test]
    fn each_conversation_keeps_its_order_and_starts_with_a_greeting() {
        let events = generate(spec());
        let mut last: std::collections::HashMap<&str, usize> = Default::default();
        for e in &events {
            let n: usize = e.id[2..].parse().unwrap();
            if let Some(prev) = last.insert(e.conversation.as_str(), n) {
                assert!(prev < n, "{} out of order in {}", e.id, e.conversation);
            } else {
                assert_eq!(e.kind, "message", "{} opens with a message", e.conversation);
                assert!(e.frame["item"].is_string());
            }
        }
    }
}
