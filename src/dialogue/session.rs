//! The state of one conversation, as stored between events.
//!
//! Everything the policy needs to continue a conversation lives here, so a
//! restarted bot continues exactly where it stopped. Stored text is masked:
//! a buyer's phone number or address never reaches the disk in clear.

use crate::nlu::Budget;
use crate::script::{Catalog, Item, Stage};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// How many turns of history a session keeps (for agents and the console).
pub const HISTORY_LEN: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Buyer,
    Bot,
    Agent,
}

/// A conversation in the human queue, as the bot sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// When the bot last told the buyer a person follows up (the handover
    /// line, then each reminder), Unix seconds.
    pub told_at: i64,
    /// A person has written in the conversation since the handover: from
    /// then on it is theirs and the bot says nothing.
    #[serde(default)]
    pub answered: bool,
    /// Outside business hours, the buyer's first words after the handover
    /// (the photos, the order number asked for) were acknowledged.
    #[serde(default)]
    pub acknowledged: bool,
}

/// One line of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub who: Speaker,
    /// Masked text.
    pub text: String,
    /// Unix seconds.
    pub at: i64,
}

/// What the bot knows about the buyer's wish.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Slots {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_jin: Option<u32>,
    /// Whose the height and weight are, when not the buyer's (`她`,
    /// `男朋友`, `妈妈`): how size answers call them (`{wearer}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wearer: Option<String>,
    /// Waist in cm (`腰围两尺一`), for trousers' charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waist_cm: Option<u32>,
    /// Foot length in mm (`脚长24.5`), for shoes sized by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foot_mm: Option<u32>,
    /// The half shoe size the buyer said they wear (`37.5`), when `foot_mm`
    /// was worked out from it rather than measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_size: Option<String>,
    /// The shoe size of another country the buyer said (`美码9`, `欧码39`),
    /// as a reply repeats it, when `foot_mm` was worked out from it; a US
    /// size with no `foot_mm` waits to be known as men's or women's (see
    /// `sizes::systems`), and reads back with `nlu::shoe_size`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shoe_size: Option<String>,
    /// The buyer said the clothes are for a child (`给孩子买`, `我女儿12岁`):
    /// the chart's smallest size is then weighed without a petite adult's
    /// slack (see `sizes`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub child: bool,
    /// The size the buyer says they wear (`平时穿27`), when the item in talk
    /// comes in it. It is recommended over the chart's, which guesses from
    /// measurements what the buyer already knows; measurements given later
    /// clear it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worn_size: Option<String>,
    /// What the buyer asked to be recommended (see `recommend`).
    #[serde(default, skip_serializing_if = "Wish::is_empty")]
    pub wish: Wish,
    /// Where the parcel would go, as the buyer named it (`上海`, `广州`;
    /// see `destination`): a province or a city, never an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The two items the buyer's last message compared, by id (see
    /// `compare`); empty when it compared none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compared: Vec<String>,
    /// The items the buyer's last price question added up, by id with each
    /// one's count (see `quote::basket`); empty when it asked of one item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basket: Vec<(String, u32)>,
}

/// What a buyer choosing goods said they want, over several messages
/// (`我想买件外套`, `要保暖的`, `预算500以内`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Wish {
    /// A `[[category]]` name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `good_for` words the buyer said, normalised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// Cheaper than this, in yuan: the price of the item in talk when the
    /// buyer asked for a cheaper one (`有没有便宜点的`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cheaper_than: Option<f64>,
    /// Ids of the items recommended for it so far: `还有其他的吗` gets
    /// the next ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
    /// The `[[recipient]]` the buyer shops for (`长辈` for `送妈妈`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// How replies call them (`妈妈`): `{whom}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whom: Option<String>,
}

impl Wish {
    pub fn is_empty(&self) -> bool {
        *self == Wish::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderInfo {
    pub status: crate::channel::protocol::OrderStatus,
    #[serde(default)]
    pub amount: Option<String>,
    /// (item id, sku) per line.
    #[serde(default)]
    pub lines: Vec<(String, Option<String>)>,
    /// When the bot heard the order was paid (Unix seconds): the day it
    /// ships follows from it and the dispatch cut-off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<i64>,
}

/// One conversation's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub shop: String,
    pub conversation: String,
    pub buyer: String,
    pub stage: Stage,
    #[serde(default)]
    pub slots: Slots,
    #[serde(default)]
    pub history: VecDeque<Turn>,
    /// Buyer messages in a row the bot did not understand.
    #[serde(default)]
    pub unknown_streak: u32,
    /// The coupon or gift is offered once per conversation, not at every objection.
    #[serde(default)]
    pub coupon_offered: bool,
    /// Per reply key, the index of the variant used last (variants rotate).
    #[serde(default)]
    pub last_variant: BTreeMap<String, usize>,
    /// The last text the bot sent here: never sent twice in a row.
    #[serde(default)]
    pub last_sent: Option<String>,
    /// Replies decided while the per-minute message limit was reached, with
    /// their reply keys: sent together, as one message, once the limit allows
    /// (a `Deferred` timer), so a buyer who writes fast is never ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deferred: Vec<(String, Vec<String>)>,
    /// Replies decided so far; numbers the next reply's `ref`.
    #[serde(default)]
    pub replies_decided: u64,
    /// A human agent wrote: the bot keeps quiet until then (Unix seconds).
    #[serde(default)]
    pub silenced_until: Option<i64>,
    /// Handed to the human queue; the bot no longer answers on its own,
    /// until the handover is marked done (see [`Session::give_back`]).
    #[serde(default)]
    pub transferred: bool,
    /// While `transferred`: what the buyer waiting for a person was told, and
    /// whether a person has written since (see `dialogue::waiting`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<Waiting>,
    #[serde(default)]
    pub orders: BTreeMap<String, OrderInfo>,
    #[serde(default)]
    pub buyer_messages: u64,
    /// Orders whose closing line was sent: the last word is said once.
    #[serde(default)]
    pub closing_sent: Vec<String>,
    /// The intents of the last question the bot answered, greetings and
    /// thanks aside: what a follow-up like `那这件呢` asks again (see
    /// `follow_up`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topic: Vec<String>,
    /// The product page the buyer's messages last came from (the channel's
    /// `item`). Messages keep carrying the page the buyer opened the chat
    /// on; only a new page moves the talk, so an item the buyer named since
    /// stays in talk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// A change asked for an order before it was paid (`算了不要黑色了 换成
    /// 燕麦色`): the order's id and the note to write on it. The buyer was
    /// told to cancel and order again or to say what to change, and may pay
    /// the order as it is; the note is written when that order is paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_before_payment: Option<(String, String)>,
    /// A note the buyer asked for before any order was seen (`我拍了 帮我备
    /// 注一下别放价格单`, sent before the order's event came): the remark to
    /// write on the next order placed or paid (see `dialogue::notes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_before_order: Option<String>,
    /// The invoice the buyer asked for, as far as they said (see
    /// `dialogue::invoice`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice: Option<super::Invoice>,
    /// The last note the bot wrote on an order because the buyer asked for
    /// it: what `好了吗` asks after (see `dialogue::done`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noted: Option<super::Noted>,
    /// Unix seconds of the first and the latest event.
    pub started_at: i64,
    pub updated_at: i64,
}

impl Session {
    pub fn new(shop: &str, conversation: &str, buyer: &str, now: i64) -> Session {
        Session {
            shop: shop.to_string(),
            conversation: conversation.to_string(),
            buyer: buyer.to_string(),
            stage: Stage::Greeting,
            slots: Slots::default(),
            history: VecDeque::new(),
            unknown_streak: 0,
            coupon_offered: false,
            last_variant: BTreeMap::new(),
            last_sent: None,
            deferred: Vec::new(),
            replies_decided: 0,
            page: None,
            silenced_until: None,
            transferred: false,
            waiting: None,
            orders: BTreeMap::new(),
            buyer_messages: 0,
            closing_sent: Vec::new(),
            topic: Vec::new(),
            change_before_payment: None,
            note_before_order: None,
            invoice: None,
            noted: None,
            started_at: now,
            updated_at: now,
        }
    }

    /// The catalogue item the conversation is about, if the catalogue knows it.
    pub fn item<'c>(&self, catalog: &'c Catalog) -> Option<&'c Item> {
        catalog.item(self.slots.item.as_deref()?)
    }

    /// The buyer's latest words, as stored (masked).
    pub fn last_buyer_text(&self) -> Option<&str> {
        self.history
            .iter()
            .rev()
            .find(|t| t.who == Speaker::Buyer)
            .map(|t| t.text.as_str())
    }

    /// Appends a turn, keeping the last [`HISTORY_LEN`].
    pub fn push_turn(&mut self, who: Speaker, text: &str, at: i64) {
        self.history.push_back(Turn {
            who,
            text: crate::nlu::mask_private(text),
            at,
        });
        while self.history.len() > HISTORY_LEN {
            self.history.pop_front();
        }
    }

    /// The `ref` for the next reply, and counts it. A ref is a pure function of
    /// the stored session, so re-deciding an uncommitted event yields the same one.
    pub fn next_ref(&mut self) -> String {
        self.replies_decided += 1;
        format!("r-{}-{}", self.conversation, self.replies_decided)
    }

    /// The conversation leaves the human queue (its handover was marked
    /// done): the bot answers again, and what it failed to understand
    /// before the person took over no longer counts against the buyer.
    pub fn give_back(&mut self) {
        self.transferred = false;
        self.waiting = None;
        self.unknown_streak = 0;
    }

    pub fn is_silenced(&self, now: i64) -> bool {
        self.silenced_until.is_some_and(|until| now < until)
    }
}
