//! The buyers of a simulated night: who comes when, and what they say.
//!
//! Each conversation follows one of a dozen kinds of buyer seen in the
//! customer-service manuals, with its wording drawn from a few typical
//! phrasings, on the product page of a catalogue item. A seeded generator
//! makes the same night for the same seed, so runs can be compared.

use super::{message, order, Planned};
use crate::channel::protocol::OrderStatus;
use crate::script::{Item, Scripts};
use fastrand::Rng;

/// Kinds of buyer with their weight (share of conversations, out of 100).
const KINDS: &[(Kind, u32)] = &[
    (Kind::Buyer, 25),
    (Kind::SlowPayer, 14),
    (Kind::Bargainer, 12),
    (Kind::ShippingAsker, 8),
    (Kind::Hesitant, 8),
    (Kind::SoldOut, 5),
    (Kind::Complainer, 4),
    (Kind::WantsHuman, 3),
    (Kind::Refund, 4),
    (Kind::ChangesOrder, 3),
    (Kind::Logistics, 5),
    (Kind::Confused, 5),
    (Kind::BigSpender, 2),
    (Kind::Flooder, 2),
];

#[derive(Debug, Clone, Copy)]
enum Kind {
    Buyer,
    SlowPayer,
    Bargainer,
    ShippingAsker,
    Hesitant,
    SoldOut,
    Complainer,
    WantsHuman,
    Refund,
    ChangesOrder,
    Logistics,
    Confused,
    BigSpender,
    Flooder,
}

const GREETINGS: &[&str] = &["在吗", "亲在吗", "你好", "在不在", "hello", "老板在吗"];
const THANKS: &[&str] = &["好的谢谢", "谢谢亲", "好的", "[微笑]", "嗯嗯", "👍"];
const BARGAIN: &[&str] = &[
    "能便宜点吗",
    "太贵了",
    "别家比你们便宜",
    "能不能少点",
    "有优惠吗,便宜点呗",
];
const SHIPPING: &[&str] = &["发什么快递", "包邮吗", "几天能到", "今天能发货吗"];
const HESITATE: &[&str] = &["我再考虑一下", "再看看吧", "我想想", "先加购物车了"];
const COMPLAIN: &[&str] = &[
    "你们这什么破东西,我要投诉",
    "质量太差了,气死我了,给个说法",
    "态度太差了,差评",
];
const HUMAN: &[&str] = &["转人工", "我要找人工客服", "有没有真人"];
const REFUND: &[&str] = &[
    "衣服收到有破洞,我要退货",
    "尺码不合适想退款",
    "退款怎么还没到账",
];
const CHANGE: &[&str] = &[
    "地址写错了,麻烦帮我改一下",
    "电话号码填错了,能改吗",
    "尺码拍错了,能帮我换一个吗",
];
const LOGISTICS: &[&str] = &["我的快递到哪了", "怎么还没发货", "物流好几天没更新了"];
const CONFUSED: &[(&str, &str)] = &[
    ("上次那个呢", "就是那个啊"),
    ("帮我看下那个", "你懂的"),
    ("那个颜色呢", "就上回说的"),
];
const FLOOD: &[&str] = &[
    "包邮吗",
    "发什么快递",
    "有优惠券吗",
    "在吗",
    "包邮吗",
    "什么面料",
    "发什么快递",
    "有优惠券吗",
    "包邮吗",
    "几天能到",
    "在吗",
    "有优惠券吗",
];

pub(super) fn conversation_ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("n-{i:04}")).collect()
}

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(..from.len())]
}

fn kind(rng: &mut Rng) -> Kind {
    let total: u32 = KINDS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(..total);
    for (kind, weight) in KINDS {
        if roll < *weight {
            return *kind;
        }
        roll -= weight;
    }
    Kind::Buyer
}

/// One conversation being written: a clock that moves as the buyer types.
struct Script<'a> {
    conv: String,
    buyer: String,
    item: &'a Item,
    at: i64,
    out: Vec<Planned>,
}

impl Script<'_> {
    fn say(&mut self, rng: &mut Rng, text: &str) {
        self.out.push(Planned {
            at: self.at,
            event: message(&self.conv, &self.buyer, text, Some(&self.item.id), self.at),
        });
        self.at += rng.i64(20..90);
    }

    fn say_any(&mut self, rng: &mut Rng, from: &[&str]) {
        let text = pick(rng, from);
        self.say(rng, text);
    }

    fn order(&mut self, rng: &mut Rng, status: OrderStatus, size: &str, amount: f64) {
        let color = self.item.colors.first().map_or("", String::as_str);
        let sku = format!("{color} {size}");
        let id = format!("o-{}", &self.conv[2..]);
        self.out.push(Planned {
            at: self.at,
            event: order(
                &self.conv,
                &self.buyer,
                &id,
                status,
                (&self.item.id, &sku),
                amount,
                self.at,
            ),
        });
        self.at += rng.i64(30..120);
    }
}

/// The night's events for `n` conversations, in time order. Buyers arrive
/// over ten hours from `start`, more of them early in the evening.
pub(super) fn plan(n: usize, seed: u64, start: i64, scripts: &Scripts) -> Vec<Planned> {
    let mut rng = Rng::with_seed(seed);
    let items = &scripts.catalog.items;
    let mut out = Vec::new();
    if items.is_empty() {
        return out;
    }
    for conv in conversation_ids(n) {
        let item = &items[rng.usize(..items.len())];
        let arrival = rng.i64(0..10 * 3600).min(rng.i64(0..10 * 3600));
        let in_stock: Vec<&str> = item.sizes_in_stock().collect();
        let sold_out = item.sizes.iter().find(|s| item.stock_of(s) == 0);
        let size = in_stock
            .get(rng.usize(..in_stock.len().max(1)))
            .copied()
            .unwrap_or("M");
        let mut s = Script {
            buyer: format!("tb_buyer{}", &conv[2..]),
            conv,
            item,
            at: start + arrival,
            out: Vec::new(),
        };
        let price = item.price;
        match kind(&mut rng) {
            Kind::Buyer => {
                s.say_any(&mut rng, GREETINGS);
                s.say(&mut rng, &format!("{size}码有货吗"));
                s.order(&mut rng, OrderStatus::Created, size, price);
                s.at += rng.i64(30..600);
                s.order(&mut rng, OrderStatus::Paid, size, price);
                if rng.bool() {
                    s.say_any(&mut rng, THANKS);
                }
            }
            Kind::SlowPayer => {
                s.say_any(&mut rng, GREETINGS);
                let (h, w) = (rng.u32(155..185), rng.u32(90..170));
                s.say(&mut rng, &format!("身高{h}体重{w}斤穿什么码"));
                s.order(&mut rng, OrderStatus::Created, size, price);
                if rng.bool() {
                    // Pays after the nudge (or in the morning).
                    s.at += rng.i64(2400..4 * 3600);
                    s.order(&mut rng, OrderStatus::Paid, size, price);
                }
            }
            Kind::Bargainer => {
                s.say_any(&mut rng, GREETINGS);
                s.say_any(&mut rng, BARGAIN);
                s.say_any(&mut rng, BARGAIN);
                if rng.u32(..10) < 3 {
                    s.order(&mut rng, OrderStatus::Created, size, price);
                    s.order(&mut rng, OrderStatus::Paid, size, price);
                }
            }
            Kind::ShippingAsker => {
                s.say_any(&mut rng, SHIPPING);
                s.say_any(&mut rng, SHIPPING);
            }
            Kind::Hesitant => {
                s.say_any(&mut rng, GREETINGS);
                s.say(&mut rng, "什么面料的");
                s.say_any(&mut rng, HESITATE);
            }
            Kind::SoldOut => {
                let wanted = sold_out.map_or("XXXL", String::as_str);
                s.say(&mut rng, &format!("{wanted}码有吗"));
                s.say_any(&mut rng, HESITATE);
            }
            Kind::Complainer => s.say_any(&mut rng, COMPLAIN),
            Kind::WantsHuman => {
                s.say_any(&mut rng, GREETINGS);
                s.say_any(&mut rng, HUMAN);
            }
            Kind::Refund => {
                s.order(&mut rng, OrderStatus::Paid, size, price);
                s.at += rng.i64(600..3600);
                s.say_any(&mut rng, REFUND);
            }
            Kind::ChangesOrder => {
                s.say(&mut rng, &format!("{size}码有货吗"));
                s.order(&mut rng, OrderStatus::Created, size, price);
                s.order(&mut rng, OrderStatus::Paid, size, price);
                s.at += rng.i64(60..1800);
                s.say_any(&mut rng, CHANGE);
            }
            Kind::Logistics => s.say_any(&mut rng, LOGISTICS),
            Kind::Confused => {
                let (a, b) = CONFUSED[rng.usize(..CONFUSED.len())];
                s.say(&mut rng, a);
                s.say(&mut rng, b);
            }
            Kind::BigSpender => {
                s.say_any(&mut rng, GREETINGS);
                s.order(&mut rng, OrderStatus::Created, size, price * 20.0);
            }
            Kind::Flooder => {
                for text in FLOOD {
                    // Faster than anyone reads: a message every few seconds.
                    let at = s.at;
                    s.say(&mut rng, text);
                    s.at = at + 4;
                }
            }
        }
        out.extend(s.out);
    }
    // Stable: a conversation's own events keep their order at equal times.
    out.sort_by_key(|p| p.at);
    out
}
