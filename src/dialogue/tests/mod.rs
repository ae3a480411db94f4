//! Tests of the dialogue policy, driven through `decide` as the runtime does:
//! one event at a time, the returned session fed into the next call.
//!
//! The pack below is small on purpose: every reply text a test asserts is
//! visible here, next to the rules that produce it.

mod after_sale;
mod apart;
mod availability;
mod compare;
mod destination;
mod doubts;
mod faq;
mod flow;
mod follow_up;
mod gifts;
mod invoice;
mod night;
mod notes;
mod orders;
mod paying;
mod prices;
mod recommend;
mod sandbox;
mod shoe_systems;
mod shoes;
mod sizes;
mod stock;
mod waiting;
mod when;

use super::{decide, Action, Context, Decision, Session};
use crate::channel::protocol::{
    AgentMessage, BuyerMessage, Event, OrderEvent, OrderLine, OrderStatus,
};
use crate::script::{load_sources, Item, Scripts};

/// The test script pack (format: docs/scripts.md).
const PACK: &str = r#"
[[intent]]
name = "greeting"
keywords = ["在吗", "你好"]

[[intent]]
name = "product_info"
keywords = ["材质", "面料"]

[[intent]]
name = "size_advice"
keywords = ["什么码", "尺码", "多大码"]

[[intent]]
name = "stock"
keywords = ["有货", "现货"]

[[intent]]
name = "bargain"
keywords = ["便宜", "优惠点"]

[[intent]]
name = "shipping"
keywords = ["发货", "快递"]

[[intent]]
name = "too_expensive"
keywords = ["太贵", "好贵"]

[[intent]]
name = "cheaper_elsewhere"
keywords = ["其他店"]

[[intent]]
name = "complaint"
keywords = ["投诉"]

[[intent]]
name = "human"
keywords = ["人工"]

[[intent]]
name = "thanks_bye"
keywords = ["谢谢", "好的"]

[[reply]]
intent = "greeting"
texts = ["亲,在的哦~有什么可以帮您的?", "您好亲,{shop}很高兴为您服务~"]
short = ["亲,在的哦~"]

[[reply]]
intent = "product_info"
texts = ["亲,{item}的卖点:{selling_points}~", "亲,这款面料很舒服的~"]

[[reply]]
intent = "size_advice"
texts = ["亲,方便告诉我您的身高和体重吗?帮您推荐尺码~"]

[[reply]]
intent = "size_from_tip"
texts = ["亲,{item}{size_tip}~"]

[[reply]]
intent = "size_need_item"
texts = ["亲,记下您{height}cm、{weight}斤啦,看中的是哪一款呢?"]

[[reply]]
intent = "size_result"
texts = ["亲,根据您的身高{height}cm体重{weight}斤,建议拍{size}码哦~", "亲,建议您拍{size}码~"]

[[reply]]
intent = "stock"
texts = [
  "亲,{item}目前{sizes}有现货哦~",
  "亲,现货的哦,喜欢可以放心拍下~",
  "亲,请问您要哪个码呢?我帮您查一下~",
]

[[reply]]
intent = "stock_yes"
texts = ["亲,{item}的{size}码有现货哦,可以放心拍下~", "有的亲,{size}码现货~"]

[[reply]]
intent = "stock_no"
texts = [
  "亲,{item}的{size}码暂时断货了,推荐您看看{similar},{similar_price}元,{size}码有货哦~",
  "亲,{size}码暂时断货了,抱歉哦~",
]

[[reply]]
intent = "bargain"
texts = [
  "亲,现在下单可以领{coupon}哦~",
  "亲,价格已经是活动价了,质量有保证的哦~",
  "亲,小店利润很薄了,真的少不了了~",
]

[[reply]]
intent = "too_expensive"
texts = [
  "亲,拍下送{gift},很划算的~",
  "亲,一分价钱一分货,{item}用料很足的~",
  "亲,我们的价格很实在的哦~",
]

[[reply]]
intent = "cheaper_elsewhere"
texts = ["亲,我们保证正品,品质放心的哦~"]

[[reply]]
intent = "shipping"
texts = ["亲,{ship_cutoff}前付款当天发货,默认{couriers}~"]

[[reply]]
intent = "shipping"
stage = "paid"
texts = ["亲,您的宝贝会尽快发出的~"]

[[reply]]
intent = "thanks_bye"
texts = ["不客气亲,有需要随时找我哦~", "好的亲,祝您生活愉快~"]
short = ["不客气亲~"]

[[reply]]
intent = "closing"
texts = ["感谢亲的支持,记得收藏{shop}哦~", "谢谢亲,期待再次光临~"]

[[reply]]
intent = "clarify"
texts = ["亲,没太明白您的意思,能再说详细一点吗?"]

[[reply]]
intent = "handover"
texts = ["亲,马上为您转接人工客服,请稍等~"]

[[reply]]
intent = "order_created"
texts = [
  "亲,看到您拍下了{item}({size}码),订单{order}共{amount}元,记得尽快付款哦~",
  "亲,订单{order}还没付款哦~",
]

[[reply]]
intent = "order_paid"
texts = ["亲,{item}{size}码已付款,请核对一下收货地址哦~", "亲,已收到您的付款,请核对收货地址~"]

[[reply]]
intent = "order_shipped"
texts = ["亲,订单{order}已发货,请留意物流哦~"]

[[item]]
id = "p-1"
name = "加绒连帽卫衣"
aliases = ["卫衣"]
price = 129.0
selling_points = ["400g重磅加绒", "不起球"]
colors = ["黑色", "燕麦色"]
sizes = ["S", "M", "L", "XL"]
stock = { S = 12, M = 30, L = 0, XL = 8 }
size_chart = "tops"
similar = ["p-2"]

[[item]]
id = "p-2"
name = "摇粒绒外套"
aliases = ["外套"]
price = 99.9
colors = ["灰色"]
sizes = ["M", "L"]
stock = { M = 3, L = 5 }

[[item]]
id = "p-3"
name = "针织开衫"
aliases = ["开衫"]
price = 159.0
sizes = ["M", "L"]
stock = { M = 2 }
size_tip = "偏小一码,建议拍大一码"

[[size_chart]]
name = "tops"
rows = [
  { size = "S", height = [150, 160], weight = [80, 100] },
  { size = "M", height = [160, 168], weight = [100, 120] },
  { size = "L", height = [168, 175], weight = [120, 140] },
  { size = "XL", height = [175, 182], weight = [140, 160] },
]

[shop]
name = "暖阳服饰"
ship_cutoff = "17:00"
couriers = ["中通", "韵达"]
gift = "运费险"

[[coupon]]
name = "店铺券"
text = "满199减20的店铺券"
"#;

fn scripts() -> Scripts {
    match load_sources(&[("t.toml".into(), PACK.into())]) {
        Ok(s) => s,
        Err(e) => panic!("the test pack does not load:\n{e}"),
    }
}

/// One conversation, fed event by event like the runtime does.
struct Conv {
    scripts: Scripts,
    ctx: Context,
    session: Option<Session>,
    events: u32,
    /// The product page the buyer writes from.
    page: Option<String>,
    /// Seconds the clock moves after each event.
    step: i64,
}

impl Conv {
    /// A conversation on the test pack above.
    fn new() -> Conv {
        Conv::on(scripts())
    }

    /// A conversation on the shipped pack (`scripts/`, as built in).
    fn shipped() -> Conv {
        Conv::on(crate::script::load_embedded())
    }

    /// The shipped pack with the reply sets of `key` taken out: a shop that
    /// never wrote that situation.
    fn shipped_without(key: &str) -> Conv {
        let mut scripts = crate::script::load_embedded();
        let kept = (scripts.replies.sets().iter())
            .filter(|set| set.key != key)
            .cloned()
            .collect();
        scripts.replies = crate::script::Replies::new(kept);
        Conv::on(scripts)
    }

    fn on(scripts: Scripts) -> Conv {
        Conv {
            scripts,
            ctx: Context {
                now: 1_000,
                ..Context::default()
            },
            session: None,
            events: 0,
            page: None,
            step: 5,
        }
    }

    fn on_page(mut self, item: &str) -> Conv {
        self.page = Some(item.to_string());
        self
    }

    /// An item of the conversation's catalogue, which a test checks its
    /// premise against ("L is sold out") before relying on it.
    fn item(&self, id: &str) -> Item {
        (self.scripts.catalog.item(id))
            .unwrap_or_else(|| panic!("no item {id} in the catalogue"))
            .clone()
    }

    fn session(&self) -> &Session {
        self.session.as_ref().expect("no event decided yet")
    }

    fn next_id(&mut self) -> String {
        self.events += 1;
        format!("e-{}", self.events)
    }

    fn feed(&mut self, event: Event) -> Decision {
        let d = decide(self.session.as_ref(), &event, &self.scripts, &self.ctx);
        self.session = Some(d.session.clone());
        self.ctx.now += self.step;
        d
    }

    fn buyer(&mut self, text: &str) -> Decision {
        let id = self.next_id();
        let msg = BuyerMessage {
            id,
            shop: "shop-1".into(),
            conversation: "c-1".into(),
            buyer: "tb_lily".into(),
            text: text.into(),
            sent_at: "2026-11-23T21:05:09+08:00".into(),
            item: self.page.clone(),
        };
        self.feed(Event::Message(msg))
    }

    /// The reply text the buyer gets for `text`, if any.
    fn ask(&mut self, text: &str) -> Option<String> {
        reply(&self.buyer(text)).map(|(t, _)| t)
    }

    fn agent(&mut self, text: &str) -> Decision {
        let id = self.next_id();
        let msg = AgentMessage {
            id,
            shop: "shop-1".into(),
            conversation: "c-1".into(),
            agent: "kf-01".into(),
            text: text.into(),
            sent_at: None,
        };
        self.feed(Event::AgentMessage(msg))
    }

    fn order(&mut self, order: &str, status: OrderStatus, lines: &[(&str, &str)]) -> Decision {
        self.order_of(order, status, lines, "129.00")
    }

    /// [`order`](Self::order) coming to `amount` yuan.
    fn order_of(
        &mut self,
        order: &str,
        status: OrderStatus,
        lines: &[(&str, &str)],
        amount: &str,
    ) -> Decision {
        let id = self.next_id();
        let ev = OrderEvent {
            id,
            shop: "shop-1".into(),
            conversation: "c-1".into(),
            buyer: "tb_lily".into(),
            order: order.into(),
            status,
            amount: Some(amount.into()),
            items: lines
                .iter()
                .map(|(item, sku)| OrderLine {
                    item: item.to_string(),
                    sku: Some(sku.to_string()),
                    qty: 1,
                })
                .collect(),
            at: None,
        };
        self.feed(Event::Order(ev))
    }
}

/// The decision's reply: its text and keys.
fn reply(d: &Decision) -> Option<(String, Vec<String>)> {
    d.actions.iter().find_map(|a| match a {
        Action::Reply { text, keys, .. } => Some((text.clone(), keys.clone())),
        _ => None,
    })
}

fn transfer(d: &Decision) -> Option<String> {
    d.actions.iter().find_map(|a| match a {
        Action::Transfer { reason } => Some(reason.clone()),
        _ => None,
    })
}

/// The ids of the items a reply names, in catalogue order.
fn named(c: &Conv, text: &str) -> Vec<String> {
    (c.scripts.catalog.items.iter())
        .filter(|i| text.contains(i.name.as_str()))
        .map(|i| i.id.clone())
        .collect()
}

fn reply_keys(d: &Decision) -> Vec<String> {
    reply(d).map(|(_, k)| k).unwrap_or_default()
}

/// A buyer on the page of the shipped pack's hoodie, at a buyer's pace: ten
/// messages in under a minute would hit the anti-flood limit, which is not
/// what these tests are about.
fn on_the_shipped_pack() -> Conv {
    let mut c = Conv::shipped().on_page("p-1001");
    c.step = 20;
    c
}

/// The remark actions of a decision: (order, text, flag).
fn remarks(d: &Decision) -> Vec<(String, String, Option<String>)> {
    d.actions
        .iter()
        .filter_map(|a| match a {
            Action::Remark { order, text, flag } => {
                Some((order.clone(), text.clone(), flag.clone()))
            }
            _ => None,
        })
        .collect()
}
