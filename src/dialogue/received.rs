//! What the buyer says of goods already received: a problem (`发错了`,
//! `跟图片差好多`, `一股怪味`) or goods that do not suit (`衣服小了`,
//! `颜色不喜欢`). Both go to a person: the first needs the buyer's photos
//! and a decision on the shop's side, the second a return or an exchange
//! arranged on the order.
//!
//! The words of the second kind, and of "not as shown", also make questions
//! before buying (`衣服大吗`, `跟图片不一样能退吗`), which the pre-sale flow
//! answers. So they count as a report only once the goods can have arrived:
//! an order of the conversation shipped, or the message says the goods came
//! (`收到了`, `穿了`, `拆开`). Wrong, short or broken goods (`发错了`, `破了
//! 个洞`) are reported in any conversation that speaks of a return: the
//! order may be weeks old and not in this conversation.
//!
//! Before this, `衣服小了` after delivery got "没太明白", `颜色不喜欢` the
//! selling points, and `跑绒很严重` the pre-sale answer that a little down
//! is normal: arguing with an unhappy buyer.

use super::policy::RECEIVED_PROBLEM;
use super::Session;
use crate::channel::protocol::OrderStatus;
use crate::nlu::{self, Classification};

/// The transfer reason of goods received that do not suit the buyer: a
/// return or an exchange of size or colour.
pub(super) const EXCHANGE: &str = "exchange";

/// The transfer reason when `c` reports a problem with goods received or
/// goods that do not suit, else `None`.
pub(super) fn reported(session: &Session, c: &Classification) -> Option<&'static str> {
    let text = c.normalized.as_str();
    if c.has("return_refund") && nlu::reports_received(text) {
        return Some(RECEIVED_PROBLEM);
    }
    if !may_have_arrived(session, text) {
        return None;
    }
    if nlu::reports_received(text) || nlu::reports_not_as_shown(text) {
        Some(RECEIVED_PROBLEM)
    } else if nlu::reports_unsuited(text) {
        Some(EXCHANGE)
    } else {
        None
    }
}

/// Whether the goods can have reached the buyer: an order of this
/// conversation has shipped, or the message says they came.
fn may_have_arrived(session: &Session, text: &str) -> bool {
    session
        .orders
        .values()
        .any(|o| o.status == OrderStatus::Shipped)
        || nlu::says_arrived(text)
}

/// Words of goods not come yet (`我还没收到`), as logistics reads them.
const NOT_COME: &[&str] = &["没收到", "还没收到", "没到", "还没到"];

/// Whether logistics read in `c` is only the buyer saying the goods have
/// not come, of a paid order not shipped yet, beside a question that
/// weighs more (`这个卫衣会不会起球 我还没收到`, `我还没收到 什么时候发货`):
/// context for the question, which the bot answers, not a parcel gone
/// astray for a person to look up. Before, both went to a person.
pub(super) fn not_come_aside(session: &Session, c: &Classification) -> bool {
    let orders = session.orders.values();
    let unsent = orders.clone().any(|o| o.status == OrderStatus::Paid)
        && !orders.clone().any(|o| o.status == OrderStatus::Shipped);
    let Some(logistics) = c.intent("logistics") else {
        return false;
    };
    let only_not_come = logistics.matched().all(|m| NOT_COME.contains(&m));
    let outweighed = (c.intents().iter()).any(|i| {
        ["product_info", "shipping", "stock", "size_advice"].contains(&i.name)
            && i.score > logistics.score
    });
    unsent && only_not_come && outweighed
}
