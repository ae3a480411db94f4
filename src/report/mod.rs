//! The shift report and the handover export, computed from the journal.
//!
//! Everything here reads what the bot stored with each decision (the
//! journal of processed events and fired timers, the handover queue) and
//! nothing else: no logs, no live state. So a report can be run at any time
//! after the fact, on a stopped bot's data directory, and the same data
//! always gives the same figures.
//!
//! A shift is the night of a date in the shop's clock: from noon of that
//! date to noon of the next day, so one night shift is never split at
//! midnight. The figures are what supervisors ask of a night shift (the
//! seeds' 服务统计): conversations and messages, how many the bot answered
//! alone and how many it handed over, first-response times, what buyers
//! asked, the pre-sale funnel (询单转化率) with the recorded reasons for
//! conversations that did not convert (未成交理由), payment nudges and what
//! came of them, and the buyer phrases no keyword matched.

mod cells;
pub mod handover;
mod html;
mod text;
mod verdicts;

pub use html::html;
pub use text::{csv, markdown};
pub use verdicts::VerdictRow;

use crate::dialogue::night::{local, shop_zone};
use crate::store::{JournalEntry, Store, StoreError};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

/// The journal `kind` of a fired payment nudge.
const NUDGE_KIND: &str = "timer:payment_nudge";
/// Price objections, as one non-conversion reason.
const PRICE_INTENTS: &[&str] = &["bargain", "too_expensive", "cheaper_elsewhere"];
/// How many unmatched phrases the report lists.
const TOP_UNMATCHED: usize = 15;

/// The span a report covers, in Unix seconds (`from <= at < to`).
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub date: Date,
    pub from: i64,
    pub to: i64,
    pub time_zone: String,
}

impl Shift {
    /// The night of `date` in `time_zone`: noon to noon.
    pub fn night_of(date: Date, time_zone: &str) -> Shift {
        let tz = shop_zone(time_zone);
        let noon = |d: Date| {
            d.at(12, 0, 0, 0)
                .to_zoned(tz.clone())
                .map_or(0, |z| z.timestamp().as_second())
        };
        let next = date.tomorrow().unwrap_or(date);
        Shift {
            date,
            from: noon(date),
            to: noon(next),
            time_zone: time_zone.to_string(),
        }
    }

    /// The shift a moment belongs to.
    pub fn containing(at: i64, time_zone: &str) -> Shift {
        let z = local(at - 12 * 3600, &shop_zone(time_zone));
        Shift::night_of(z.date(), time_zone)
    }

    /// A moment as the shop's local `YYYY-MM-DD HH:MM`.
    pub fn clock(&self, at: i64) -> String {
        local(at, &shop_zone(&self.time_zone))
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }
}

/// First-response times over the conversations that got an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResponseTimes {
    pub count: u64,
    pub median_secs: i64,
    pub p95_secs: i64,
}

/// Every figure of one shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub shift: Shift,
    /// Conversations with at least one buyer message (询单).
    pub conversations: u64,
    pub buyer_messages: u64,
    /// Conversations the bot answered and never handed over.
    pub answered_by_bot: u64,
    /// Conversations handed to a person.
    pub handed_over: u64,
    /// Conversations with buyer messages and neither (a person answered).
    pub unanswered: u64,
    /// Transfer reasons, most frequent first.
    pub handover_reasons: Vec<(String, u64)>,
    pub first_response: Option<ResponseTimes>,
    /// Intents of buyer messages, most frequent first; `other` for none.
    pub intents: Vec<(String, u64)>,
    /// The funnel over conversations with buyer messages.
    pub ordered: u64,
    pub paid: u64,
    /// Orders created and paid in the shift, in any conversation.
    pub orders_created: u64,
    pub orders_paid: u64,
    /// Why conversations with buyer messages did not end paid, most frequent first.
    pub no_sale: Vec<(String, u64)>,
    pub nudges_sent: u64,
    /// Orders a nudge went out for, and how many of them were paid after it.
    pub nudged_orders: u64,
    pub nudged_then_paid: u64,
    pub closings_sent: u64,
    /// Buyer phrases no keyword matched, grouped, most frequent first.
    pub unmatched: Vec<(String, u64)>,
    /// Agents' verdicts on suggestions (assist mode) by reply set, the most
    /// rewritten or rejected first; empty when no agent decided any.
    pub verdicts: Vec<VerdictRow>,
}

impl Report {
    /// 询单转化率: paid conversations over conversations with buyer messages.
    pub fn conversion(&self) -> Option<f64> {
        ratio(self.paid, self.conversations)
    }
}

/// `part / whole`, none for an empty whole.
pub fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// `rows` with their codes replaced by what `label` calls them, for the
/// report's readers (the CSV keeps the codes, for programs).
pub(crate) fn labelled(rows: &[(String, u64)], label: fn(&str) -> &str) -> Vec<(String, u64)> {
    rows.iter()
        .map(|(k, n)| (label(k).to_string(), *n))
        .collect()
}

/// The label of a non-conversion reason, as the seeds' 未成交理由 are written.
pub fn no_sale_label(reason: &str) -> &str {
    match reason {
        "price" => "价格(议价/嫌贵)",
        "shipping" => "发货/快递",
        "hesitation" => "犹豫/再看看",
        "out_of_stock" => "缺货",
        "size" => "尺码",
        "unpaid_order" => "拍下未付款",
        "handed_over" => "转人工",
        "no_reason" => "未说明",
        other => other,
    }
}

/// Reads the shift's journal from `store` and computes the report.
pub fn from_store(store: &Store, shift: Shift) -> Result<Report, StoreError> {
    let entries = store
        .journal(shift.from, shift.to)
        .collect::<Result<Vec<_>, _>>()?;
    let decisions = store
        .decisions(shift.from, shift.to)
        .collect::<Result<Vec<_>, _>>()?;
    let mut report = compute(shift, &entries);
    report.verdicts = verdicts::rows(&decisions);
    Ok(report)
}

/// The shift containing the latest journal entry; none for an empty journal.
pub fn latest_shift(store: &Store, time_zone: &str) -> Result<Option<Shift>, StoreError> {
    let mut last = None;
    for entry in store.journal(i64::MIN, i64::MAX) {
        last = Some(entry?.at);
    }
    Ok(last.map(|at| Shift::containing(at, time_zone)))
}

/// What one conversation did during the shift.
#[derive(Default)]
struct Conv<'e> {
    entries: Vec<&'e JournalEntry>,
}

impl Conv<'_> {
    fn messages(&self) -> impl Iterator<Item = &&JournalEntry> {
        self.entries.iter().filter(|e| e.kind == "message")
    }

    fn order_events(
        &self,
        statuses: &'static [&'static str],
    ) -> impl Iterator<Item = &&JournalEntry> {
        self.entries.iter().filter(move |e| {
            e.order
                .as_ref()
                .is_some_and(|o| statuses.contains(&o.status.as_str()))
        })
    }

    fn transfer(&self) -> Option<&str> {
        self.entries.iter().find_map(|e| e.transfer.as_deref())
    }

    fn replied(&self) -> bool {
        self.entries.iter().any(|e| !e.replies.is_empty())
    }

    /// Seconds from the first buyer message to the first reply after it.
    fn first_response(&self) -> Option<i64> {
        let first = self.entries.iter().position(|e| e.kind == "message")?;
        let asked = self.entries[first];
        let sent = asked
            .sent_at
            .as_deref()
            .and_then(|s| s.parse::<jiff::Timestamp>().ok())
            .map(|t| t.as_second())
            .filter(|&t| t <= asked.at)
            .unwrap_or(asked.at);
        let reply = self.entries[first..]
            .iter()
            .find(|e| !e.replies.is_empty())?;
        Some((reply.at - sent).max(0))
    }

    /// Why this conversation did not end paid: a transfer or an unpaid
    /// order first (both say it plainly), else the latest objection the
    /// buyer raised, as the seeds ask agents to log it.
    fn no_sale_reason(&self) -> &'static str {
        if self.transfer().is_some() {
            return "handed_over";
        }
        if self.order_events(&["created"]).next().is_some() {
            return "unpaid_order";
        }
        let mut reason = "no_reason";
        for e in &self.entries {
            let said = |i: &str| e.intents.iter().any(|x| x == i);
            let replied = |key: &str| e.replies.iter().flatten().any(|k| k == key);
            if replied("stock_no") {
                reason = "out_of_stock";
            } else if replied("stock_no_such_size") {
                // Not made in the buyer's size: the range, not the stock.
                reason = "size";
            } else if PRICE_INTENTS.iter().any(|i| said(i)) {
                reason = "price";
            } else if said("shipping") {
                reason = "shipping";
            } else if said("hesitation") {
                reason = "hesitation";
            } else if said("size_advice") && reason == "no_reason" {
                reason = "size";
            }
        }
        reason
    }
}

/// The report over `entries` (the journal of `shift`, oldest first).
pub fn compute(shift: Shift, entries: &[JournalEntry]) -> Report {
    let mut convs: BTreeMap<(&str, &str), Conv> = BTreeMap::new();
    for e in entries {
        convs
            .entry((e.shop.as_str(), e.conversation.as_str()))
            .or_default()
            .entries
            .push(e);
    }
    let mut report = Report {
        shift,
        conversations: 0,
        buyer_messages: 0,
        answered_by_bot: 0,
        handed_over: 0,
        unanswered: 0,
        handover_reasons: Vec::new(),
        first_response: None,
        intents: Vec::new(),
        ordered: 0,
        paid: 0,
        orders_created: 0,
        orders_paid: 0,
        no_sale: Vec::new(),
        nudges_sent: 0,
        nudged_orders: 0,
        nudged_then_paid: 0,
        closings_sent: 0,
        unmatched: Vec::new(),
        verdicts: Vec::new(),
    };
    let mut reasons = Counter::default();
    let mut intents = Counter::default();
    let mut no_sale = Counter::default();
    let mut unmatched = Phrases::default();
    let mut response_times = Vec::new();
    for conv in convs.values() {
        let paid_here = conv.order_events(&["paid", "shipped"]).next().is_some();
        report.orders_created += conv.order_events(&["created"]).count() as u64;
        report.orders_paid += conv.order_events(&["paid"]).count() as u64;
        nudges(conv, &mut report);
        // The closing line, whether it answered thanks or followed payment.
        report.closings_sent += conv
            .entries
            .iter()
            .flat_map(|e| &e.replies)
            .filter(|keys| keys.iter().any(|k| k == "closing"))
            .count() as u64;
        if let Some(reason) = conv.transfer() {
            reasons.add(reason);
        }
        let messages: Vec<_> = conv.messages().collect();
        if messages.is_empty() {
            continue;
        }
        report.conversations += 1;
        report.buyer_messages += messages.len() as u64;
        for m in &messages {
            if m.intents.is_empty() {
                intents.add("other");
            }
            for i in &m.intents {
                intents.add(i);
            }
            if let Some(text) = &m.unmatched {
                unmatched.add(text);
            }
        }
        match (conv.transfer(), conv.replied()) {
            (Some(_), _) => report.handed_over += 1,
            (None, true) => report.answered_by_bot += 1,
            (None, false) => report.unanswered += 1,
        }
        response_times.extend(conv.first_response());
        if conv
            .order_events(&["created", "paid", "shipped"])
            .next()
            .is_some()
        {
            report.ordered += 1;
        }
        if paid_here {
            report.paid += 1;
        } else {
            no_sale.add(conv.no_sale_reason());
        }
    }
    report.handover_reasons = reasons.sorted();
    report.intents = intents.sorted();
    report.no_sale = no_sale.sorted();
    report.unmatched = unmatched.top(TOP_UNMATCHED);
    report.first_response = percentiles(response_times);
    report
}

/// Counts nudges, the orders they were about (created before the nudge and
/// not yet paid or closed then) and how many of those were paid after it.
fn nudges(conv: &Conv, report: &mut Report) {
    let mut nudged: HashMap<&str, i64> = HashMap::new();
    for nudge in conv
        .entries
        .iter()
        .filter(|e| e.kind == NUDGE_KIND && !e.replies.is_empty())
    {
        report.nudges_sent += 1;
        let mut open: BTreeMap<&str, bool> = BTreeMap::new();
        for e in conv.entries.iter().filter(|e| e.at <= nudge.at) {
            if let Some(o) = &e.order {
                open.insert(&o.order, o.status == "created");
            }
        }
        for (order, still_open) in open {
            if still_open {
                nudged.entry(order).or_insert(nudge.at);
            }
        }
    }
    report.nudged_orders += nudged.len() as u64;
    report.nudged_then_paid += nudged
        .iter()
        .filter(|(order, at)| {
            conv.entries.iter().any(|e| {
                e.at >= **at
                    && e.order
                        .as_ref()
                        .is_some_and(|o| o.order == **order && o.status == "paid")
            })
        })
        .count() as u64;
}

/// Median and 95th percentile (nearest rank).
fn percentiles(mut values: Vec<i64>) -> Option<ResponseTimes> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = |p: f64| {
        let r = (p * values.len() as f64).ceil() as usize;
        values[r.clamp(1, values.len()) - 1]
    };
    Some(ResponseTimes {
        count: values.len() as u64,
        median_secs: rank(0.5),
        p95_secs: rank(0.95),
    })
}

#[derive(Default)]
struct Counter(HashMap<String, u64>);

impl Counter {
    fn add(&mut self, key: &str) {
        *self.0.entry(key.to_string()).or_default() += 1;
    }

    /// Most frequent first; ties by name, so the order is stable.
    fn sorted(self) -> Vec<(String, u64)> {
        let mut v: Vec<_> = self.0.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
}

/// Unmatched phrases grouped by what they say: punctuation, spaces, case
/// and digits do not make a phrase new ("订单123到了吗" and "订单456到了吗?"
/// are one group). Each group shows its most frequent spelling.
#[derive(Default)]
struct Phrases {
    groups: HashMap<String, HashMap<String, u64>>,
}

impl Phrases {
    fn add(&mut self, text: &str) {
        let key: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        if key.is_empty() {
            return;
        }
        *self
            .groups
            .entry(key)
            .or_default()
            .entry(text.trim().to_string())
            .or_default() += 1;
    }

    fn top(self, n: usize) -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = self
            .groups
            .into_values()
            .map(|spellings| {
                let total = spellings.values().sum();
                let shown = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(text, _)| text)
                    .unwrap_or_default();
                (shown, total)
            })
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }
}

#[cfg(test)]
mod tests;
