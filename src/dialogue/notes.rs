//! Notes the buyer asks for on an order not yet shipped (`帮我备注一下一双38
//! 一双39`, `不要放价格单`, `能放丰巢吗 白天家里没人`): agents write these all
//! day, and the warehouse reads them when it packs. The bot writes them
//! itself, as red-flagged remarks quoting the buyer, and says so; `done`
//! confirms one when the buyer asks whether it is done.

use super::orders::{change_remark, latest_order, REMARK_FLAG};
use super::speaking::say_key;
use super::vars::Vars;
use super::{Action, Noted, Session, Speaker};
use crate::channel::protocol::OrderStatus;
use crate::nlu::{has, Classification};
use crate::script::Scripts;

/// The situation that tells the buyer their note is on the order.
pub(super) const NOTE_KEY: &str = "note_written";

/// Words that ask for a note without saying what it is (`帮我备注一下`).
const NOTE_ASKS: &[&str] = &[
    "帮我", "帮忙", "麻烦", "给我", "请", "备注", "一下", "下", "吧", "哦", "哈", "谢谢", "亲",
    "你",
];

/// A note the buyer wants on an order not yet shipped (`帮我备注一下一双38
/// 一双39`, `备注不要放发票`, `不要放价格单`): agents write these all day, and the warehouse
/// reads them when it packs. Written on the latest unshipped order as a
/// red-flagged remark quoting the buyer (masked), and confirmed with the
/// pack's `note_written` set; a pack without that set leaves notes to the
/// other rules (before this, an order change). A question about notes
/// (`可以备注吗`) or a bare request (`帮我备注一下`) has nothing to write
/// down yet; the buyer's next message is the note when it is about nothing
/// else the bot answers (`一双38一双39`). Returns whether a note was written.
pub(super) fn write_note(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    c: &Classification,
    now: i64,
) -> bool {
    let note = match asks_for_note(&c.normalized) {
        Some(says) => says,
        // The note itself, after asking whether one can be written.
        None => {
            let before = session
                .history
                .iter()
                .rev()
                .filter(|t| t.who == Speaker::Buyer)
                .nth(1);
            before.is_some_and(|t| asks_for_note(&t.text) == Some(false))
                && (c.intents().iter()).all(|i| NOTE_ANSWERS.contains(&i.name))
        }
    };
    if !note || scripts.replies.for_key(NOTE_KEY, session.stage).is_none() {
        return false;
    }
    let Some(order) = latest_order(session, OrderStatus::Paid)
        .or_else(|| latest_order(session, OrderStatus::Created))
    else {
        return keep_for_order(session, actions, scripts, c, now);
    };
    let text = change_remark(session, "买家备注");
    write_flagged(session, actions, &order, text);
    session.unknown_streak = 0;
    let vars = Vars::for_session(session, scripts);
    say_key(session, actions, scripts, NOTE_KEY, &vars, now);
    true
}

/// A note asked for with no order seen yet (`我拍了 帮我备注一下别放价格
/// 单`: the order's event may come after the words): kept, written on the
/// next order placed or paid ([`write_kept`]), and the buyer told so with
/// the pack's `note_before_order` set. Before, "把要备注的内容发我" asked
/// for the note just given. Only a note asked for as one (`备注`) or a
/// packing instruction (`别放价格单`): where to leave the parcel or when to
/// send it, asked before ordering, the shop's delivery answers say, and an
/// invoice to note, the invoice's rules. A pack without the set leaves it
/// to the other rules. Returns whether the note was kept.
fn keep_for_order(
    session: &mut Session,
    actions: &mut Vec<Action>,
    scripts: &Scripts,
    c: &Classification,
    now: i64,
) -> bool {
    let text = &c.normalized;
    // `我直接在备注写发票抬头`: the invoice's own rules answer.
    let asked = (has(text, "备注") || PACKING.iter().any(|p| has(text, p)))
        && !c.has(super::invoice::INTENT);
    if !asked || scripts.replies.of(NOTE_BEFORE_ORDER_KEY).next().is_none() {
        return false;
    }
    session.note_before_order = Some(change_remark(session, "买家备注"));
    session.unknown_streak = 0;
    let vars = Vars::for_session(session, scripts);
    say_key(session, actions, scripts, NOTE_BEFORE_ORDER_KEY, &vars, now);
    true
}

/// The situation that tells the buyer their note is kept for the order.
pub(super) const NOTE_BEFORE_ORDER_KEY: &str = "note_before_order";

/// Writes the note kept before any order ([`keep_for_order`]) on `order`,
/// just placed or paid. Returns whether there was one.
pub(super) fn write_kept(session: &mut Session, actions: &mut Vec<Action>, order: &str) -> bool {
    let Some(text) = session.note_before_order.take() else {
        return false;
    };
    write_flagged(session, actions, order, text);
    true
}

/// Writes `text` on `order` as a red-flagged remark for the warehouse, and
/// remembers it as the note `好了吗` asks after (see `done`).
pub(super) fn write_flagged(
    session: &mut Session,
    actions: &mut Vec<Action>,
    order: &str,
    text: String,
) {
    actions.push(Action::Remark {
        text,
        order: order.to_string(),
        flag: Some(REMARK_FLAG.to_string()),
    });
    session.noted = Some(Noted {
        order: order.to_string(),
        invoice: false,
    });
}

/// Intents a note may read as (`一双38一双39` names sizes): anything else
/// is a new question, not the note asked about.
const NOTE_ANSWERS: &[&str] = &["stock", "size_advice", "order_change"];

/// Packing instructions (`不要放发票`, `别放价格单`), common on presents:
/// notes for the warehouse even without the word, asked or not (`可以不放
/// 发票吗` is a request).
const PACKING: &[&str] = &["不要放", "别放", "不放", "不用放"];

/// Where the parcel should be left (`能放丰巢吗 白天家里没人`): with an order
/// not shipped yet, a note for the courier, asked or not. Before, a paid
/// order's buyer was told to write it "在下单备注里", which she no longer
/// can. Before any order the shop's delivery answer says how.
const LEAVE_AT: &[&str] = &[
    "放丰巢",
    "放蜂巢",
    "放快递柜",
    "放驿站",
    "放菜鸟",
    "放快递点",
    "放门口",
    "放门卫",
    "放前台",
    "放物业",
];

/// Whether `text` asks for a note: `Some(true)` when it also says what to
/// note, `Some(false)` when it only asks (`可以备注吗`, `帮我备注一下`,
/// `能不能晚几天发`), `None` when it does not mention one.
fn asks_for_note(text: &str) -> Option<bool> {
    // Every one of them says 放, which most messages do not: one search
    // spares the others.
    if text.contains('放') && PACKING.iter().chain(LEAVE_AT).any(|p| has(text, p)) {
        return Some(true);
    }
    // `能不能晚几天发`: a note once the day is said.
    if let Some(day) = crate::nlu::shipment_delay(text) {
        return Some(day);
    }
    if !has(text, "备注") {
        return None;
    }
    let question = text.ends_with(['吗', '么', '嘛', '?', '？'])
        || text.contains("能不能")
        || text.contains("可以");
    let says = NOTE_ASKS
        .iter()
        .fold(text.to_string(), |rest, w| rest.replace(w, ""))
        .chars()
        .filter(|ch| ch.is_alphanumeric())
        .count()
        >= 2;
    Some(says && !question)
}
