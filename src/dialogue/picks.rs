//! A pick said alone: a size, a colour or both (`M码`, `黑色`, `燕麦色M`,
//! `那就27吧 深蓝色`, `就它了 黑色`).
//!
//! Mid-flow, buyers answer "您喜欢哪个颜色?" and "建议拍M码" in two or
//! three characters. No keyword says what such a message asks, and the
//! ones it brushes mislead: `27吧` reads as a price offered, `好` as
//! thanks. An agent hears the buyer's choice and answers whether it is
//! there: "燕麦色M码有现货". Left to the rules, the pick got "没太明白",
//! and a second one a person.
//!
//! A message is a pick when, with the item in talk, taking out the item's
//! names, the sizes and colours it names, and the words buyers wrap a choice in (`要`, `拍`,
//! `那就…吧`, `就它了`) leaves nothing. Anything else left means the
//! message says something of its own, which the rules tell.

use super::slots::colour_stem;
use super::Session;
use crate::nlu::{colour_named, Classification};
use crate::script::{Item, Scripts};

/// At most this many characters, normalised: a pick with its wrapping
/// (`还在吗我想好了要一条28的深蓝色` is 16), never a message saying more.
const MAX_CHARS: usize = 24;

/// What the rules may read in a pick: a price offered (`27吧`), thanks
/// (`好 38 白色`), a greeting (`还在吗 我想好了 要28的`), a wish (`要28的
/// 深蓝色` is `要…的`), or the stock question it is.
const MISREAD: &[&str] = &["bargain", "thanks_bye", "greeting", "recommend", "stock"];

/// Words buyers wrap a choice in, and ask with it whether it is there
/// (`M码 燕麦 有没有`), longest first so `就它了` goes before `了` would.
const WRAPPING: &[&str] = &[
    "有没有货",
    "有没有",
    "有货吗",
    "有货么",
    "就它了",
    "就这个",
    "就这件",
    "就这款",
    "想好了",
    "决定了",
    "就要",
    "还",
    "那就",
    "还是",
    "这个",
    "这件",
    "一件",
    "一条",
    "一双",
    "颜色",
    "尺码",
    "的话",
    "有吗",
    "有么",
    "有嘛",
    "有货",
    "要",
    "拍",
    "拿",
    "买",
    "选",
    "来",
    "那",
    "就",
    "好",
    "行",
    "我",
    "了",
    "吧",
    "的",
    "码",
    "号",
    "嗯",
    "哦",
    "呀",
    "啊",
    "和",
    "ok",
];

/// Whether the message, read as `intents`, is only a pick (see the module
/// doc); if so, a size or colour it names only by a stem or a bare number
/// (`燕麦 s`, `那就30吧`) is put into the slots, which the stock answer
/// reads. `intents` may hold what the rules wrongly found in a pick (see
/// [`MISREAD`]), or an item question brushed inside the item's name
/// (`长款` in `中长款羽绒服 黑色M`).
pub(super) fn picked(
    session: &mut Session,
    scripts: &Scripts,
    c: &Classification,
    intents: &[&str],
) -> bool {
    let misread = |i: &&str| {
        MISREAD.contains(i) || (*i == "product_info" && super::naming::in_name_only(c, scripts))
    };
    if !intents.iter().all(misread) || scripts.intent("stock").is_none() {
        return false;
    }
    if c.normalized.chars().count() > MAX_CHARS {
        return false;
    }
    let Some(item) = session.item(&scripts.catalog) else {
        return false;
    };
    let mut rest = c.normalized.to_lowercase();
    // The greeting or thanks around it (`还在吗 我想好了 要28的`), by the
    // keywords that fired.
    for intent in ["greeting", "thanks_bye"] {
        for word in c.intent(intent).into_iter().flat_map(|i| i.matched()) {
            rest = rest.replace(word, "");
        }
    }
    // Its name, pasted from the title or said (`卫衣 黑 m`), picks nothing
    // more.
    take_names(item, &mut rest);
    let size = take_size(item, c, &mut rest);
    let colour = take_colour(item, &mut rest);
    let named_colour = colour.is_some() || take_other_colour(&mut rest);
    if !only_wrapping(rest) || (size.is_none() && !named_colour) {
        return false;
    }
    if let Some(size) = size {
        session.slots.size = Some(size);
    }
    if let Some(colour) = colour {
        session.slots.color = Some(colour);
    }
    true
}

/// Whether what is left of a message, once what it picks is taken out, is
/// only the words a choice is wrapped in ([`WRAPPING`]) and punctuation.
fn only_wrapping(mut rest: String) -> bool {
    for word in WRAPPING {
        rest = rest.replace(word, "");
    }
    rest.chars()
        .all(|ch| ch.is_ascii_punctuation() || ch.is_whitespace() || "~。".contains(ch))
}

/// Takes the item's names out of `rest`, longest first so `中长款羽绒服`
/// goes whole; returns whether any was there.
fn take_names(item: &Item, rest: &mut String) -> bool {
    let mut names: Vec<&String> = item.spoken.iter().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let before = rest.len();
    for name in names {
        *rest = rest.replacen(name.as_str(), "", 1);
    }
    rest.len() < before
}

/// Takes the size named out of `rest`: the one the classifier found
/// (`M`), else a bare number that is one of the item's sizes (`27`).
fn take_size(item: &Item, c: &Classification, rest: &mut String) -> Option<String> {
    if let Some(size) = c.entities.size.as_deref() {
        let said = size.to_lowercase();
        if rest.contains(&said) {
            *rest = rest.replacen(&said, "", 1);
            return Some(size.to_string());
        }
    }
    let size = (item.sizes.iter())
        .filter(|s| s.chars().all(|ch| ch.is_ascii_digit()))
        .find(|s| rest.contains(s.as_str()))?;
    *rest = rest.replacen(size.as_str(), "", 1);
    Some(size.clone())
}

/// Takes one of the item's colours out of `rest`, by its full name
/// (`燕麦色`) or its stem (`燕麦`, `黑`, `雾霾` of `雾霾蓝`), and returns it.
fn take_colour(item: &Item, rest: &mut String) -> Option<String> {
    let colour = (item.colors.iter())
        .find(|c| rest.contains(c.as_str()))
        .or_else(|| item.colors.iter().find(|c| rest.contains(colour_stem(c))))?;
    *rest = rest
        .replacen(colour.as_str(), "", 1)
        .replacen(colour_stem(colour), "", 1);
    Some(colour.clone())
}

/// Takes a colour the item does not come in out of `rest` (`白色` on
/// jeans in blues and black): still a pick, answered with the colours it
/// does come in.
fn take_other_colour(rest: &mut String) -> bool {
    let Some(base) = colour_named(rest).map(str::to_string) else {
        return false;
    };
    *rest = rest
        .replacen(&format!("{base}色"), "", 1)
        .replacen(&base, "", 1);
    true
}

/// The reply key for agreeing to the size told (see [`agrees_to_size`]).
pub(super) const ACK_SIZE_KEY: &str = "ack_size";

/// Words of plain agreement (`嗯`, `好的`, `ok`), as opposed to thanks or
/// goodbye (`谢谢`, `拜拜`), longest first.
const AGREEING: &[&str] = &[
    "好的", "好吧", "好滴", "好哒", "好嘞", "可以", "行吧", "ok", "👌", "好", "嗯", "恩", "哦",
    "噢", "喔", "行",
];

/// Whether the message agrees (`嗯`, `好的`, `ok`) with the size the shop
/// just told or found in stock, before any order, with that size in stock:
/// the buyer is taking it, not leaving. Before, it got "祝您购物愉快" and
/// the buyer's next `好` nothing, where an agent says to go ahead and
/// order it. Said once: agreeing again after it is the goodbye.
pub(super) fn agrees_to_size(session: &Session, scripts: &Scripts, c: &Classification) -> bool {
    let told_size = (session.topic.iter()).any(|t| t == "size_advice" || t == "stock");
    let in_stock = (session.item(&scripts.catalog))
        .zip(session.slots.size.as_deref())
        .is_some_and(|(item, size)| item.stock_of(size) > 0);
    if session.stage != crate::script::Stage::Consulting || !told_size || !in_stock {
        return false;
    }
    let mut rest = c.normalized.to_lowercase();
    for word in AGREEING {
        rest = rest.replace(word, "");
    }
    let agrees = rest.chars().all(|ch| {
        "的吧啦哒滴嘞呀啊了哈~。".contains(ch) || ch.is_ascii_punctuation() || ch.is_whitespace()
    }) && rest.len() < c.normalized.len();
    let said_before = session.last_sent.as_deref().is_some_and(|last| {
        let vars = super::vars::Vars::for_session(session, scripts);
        super::choose::is_variant_of(last, scripts, &[ACK_SIZE_KEY], session.stage, &vars)
    });
    agrees && !said_before
}

/// Leaves out the price offer the rules read in one of the item's number
/// sizes said with `吧` (`算了 42吧 偏大半码的话42够吗` on the shoes), when
/// the message names no money (`块`, `元`, `钱`): the size is chosen, and
/// "可以领满199减20的店铺券" beside the size answer answered an offer
/// nobody made. A pick said alone is [`picked`]'s.
pub(super) fn drop_size_offered(
    intents: &mut Vec<&str>,
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
) {
    if !intents.contains(&"bargain") || intents.len() < 2 {
        return;
    }
    let Some(item) = session.item(&scripts.catalog) else {
        return;
    };
    let text = c.normalized.as_str();
    let money = ["块", "元", "钱", "¥", "便宜"]
        .iter()
        .any(|w| text.contains(w));
    let size_with_ba = (item.sizes.iter())
        .filter(|s| s.chars().all(|ch| ch.is_ascii_digit()))
        .any(|s| {
            ["吧", "码吧", "的吧"]
                .iter()
                .any(|ba| text.contains(&format!("{s}{ba}")))
        });
    if size_with_ba && !money {
        intents.retain(|i| *i != "bargain");
    }
}

/// An item chosen by name alone from the ones just recommended (`那就短款
/// 吧`), with its size from the chart for the measurements known.
pub(super) const CHOSEN_SIZED_KEY: &str = "item_chosen_sized";
/// The same, no size known yet: the buyer is asked for the measurements.
pub(super) const CHOSEN_KEY: &str = "item_chosen";

/// Whether the message only names, by itself, one of the two or more
/// items the last recommendation showed (`那就短款吧`, `就要长款的`):
/// the buyer chose, and an agent goes on to the size and colour of the
/// one chosen. Before, the item's selling points were recited, as for a
/// question about it, and the size already worked out for the buyer was
/// not said again.
pub(super) fn chose_shown(session: &Session, scripts: &Scripts, c: &Classification) -> bool {
    let shown = &session.slots.wish.shown;
    let Some(id) = c.entities.item.as_deref() else {
        return false;
    };
    if shown.len() < 2 || !shown.iter().any(|s| s == id) || c.normalized.chars().count() > MAX_CHARS
    {
        return false;
    }
    let Some(item) = scripts.catalog.item(id) else {
        return false;
    };
    let mut rest = c.normalized.to_lowercase();
    if !take_names(item, &mut rest) {
        return false;
    }
    only_wrapping(rest)
}

/// The situation for an item chosen (see [`chose_shown`]), and the more
/// general one said when the pack has no words for it; sets `{size}` to
/// the chart's size for the measurements known.
pub(super) fn say_chosen(
    vars: &mut super::vars::Vars,
    session: &Session,
    scripts: &Scripts,
) -> (&'static str, Option<&'static str>) {
    match super::sizes::chart_size(session, scripts) {
        Some(size) => {
            vars.set("size", &size);
            (CHOSEN_SIZED_KEY, Some(CHOSEN_KEY))
        }
        None => (CHOSEN_KEY, None),
    }
}
