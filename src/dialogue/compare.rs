//! Two items compared: `短款和中长款羽绒服有什么区别`, `这两款哪个好`, or on
//! the short coat's page `和中长款有什么区别`.
//!
//! A buyer choosing between two items wants them side by side. Read for
//! its words alone, the message is a recommendation (`哪个好`) or a need
//! (`长款`), and the bot would pick one item for them or talk about one.
//! An agent puts the two next to each other, price and selling points,
//! and asks what matters most. The policy answers such a message, when
//! it knows two items, with the `compare_items` situation.
//!
//! The two are the items the message names (by name or alias, longest
//! first: `中长款羽绒服` is the long coat, not the `羽绒服` inside it), then
//! the item that was in talk and the product page the chat is on. Right
//! after a comparison, a message that names no other item asks between the
//! same two (`哪个更保暖`).
//!
//! When the message says a need (`保暖`, `上班穿`, the catalogue's
//! `good_for` words) and exactly one of the two meets it, that one is
//! recommended (`compare_pick`); when both do, the buyer hears that either
//! will do (`compare_both`). An agent would not make the buyer read both
//! descriptions again to find the answer to a question that has one.

use super::{naming, Session, Slots};
use crate::nlu::Classification;
use crate::script::{Faq, Item, Scripts};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// The situation of two items compared.
pub(super) const KEY: &str = "compare_items";

/// The situation of two items compared for a need only one of them meets.
pub(super) const PICK_KEY: &str = "compare_pick";

/// The situation of two items compared for a need both meet.
pub(super) const BOTH_KEY: &str = "compare_both";

/// The intent a comparison is answered under.
pub(super) const INTENT: &str = "product_info";

/// Words asking which of two is better or how they differ.
const ASKS: &[&str] = &[
    "区别",
    "差别",
    "不同",
    "差异",
    "哪个好",
    "哪个更",
    "哪款好",
    "哪款更",
    "哪件好",
    "哪件更",
    "哪双好",
    "哪双更",
    "哪条好",
    "哪条更",
    "对比",
    "比较一下",
    "选哪个",
    "选哪款",
    "买哪个",
    "买哪款",
    "两款",
    "这两个",
    "这俩",
    // `跟短款比哪个保暖`, `和短款的比呢`: this one against another.
    "相比",
    "比起",
    "比呢",
    "比哪",
    "比的话",
    "比怎么样",
];

/// Words asking which one, that compare only with two joined (`这件和短款
/// 那件哪个暖和`): `牛仔裤哪个比较显瘦` asks which of a kind.
const WHICH: &[&str] = &["哪个", "哪款", "哪件", "哪双", "哪条"];

/// Words joining two things: with [`WHICH`], a comparison.
const JOINING: &[&str] = &["和", "跟", "与"];

/// [`ASKS`], then [`WHICH`] and [`JOINING`], as one automaton: every
/// message is looked at, and most hold none of the words, which one pass
/// tells.
/// Leftmost-longest, so `哪个好` is found whole rather than as `哪个`.
static ASKING: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words = ASKS.iter().chain(WHICH).chain(JOINING);
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(words)
        .unwrap_or_else(|e| panic!("built-in comparison words: {e}"))
});

/// `哪一个`, `哪一款`: with [`WHICH`], the words choosing between the two.
const WHICH_ONE: &str = "哪一";

/// Words asking which one, said right after a comparison (`哪个适合上
/// 班`, `哪个冬天穿`): of the two compared, with or without a need said
/// before the verb. Said otherwise they ask which of a kind (`牛仔裤哪个
/// 比较显瘦`), a recommendation. [`WHICH`] and [`WHICH_ONE`], as one
/// automaton as [`ASKING`].
static CHOOSING: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words = WHICH.iter().copied().chain([WHICH_ONE]);
    AhoCorasick::new(words).unwrap_or_else(|e| panic!("built-in choosing words: {e}"))
});

/// Whether the message asks to compare (it still takes two items): a word
/// of [`ASKS`], or one of [`WHICH`] with two things joined.
pub(super) fn asks(c: &Classification) -> bool {
    let (mut which, mut joined) = (false, false);
    for found in ASKING.find_iter(&c.normalized) {
        match found.pattern().as_usize() {
            i if i < ASKS.len() => return true,
            i if i < ASKS.len() + WHICH.len() => which = true,
            _ => joined = true,
        }
    }
    which && joined
}

/// Whether the message asks to compare, or to choose between the two just
/// compared.
pub(super) fn asks_or_chooses(c: &Classification) -> bool {
    asks(c) || CHOOSING.is_match(&c.normalized)
}

/// The two items a comparing message is about, by id; `before`: the item in
/// talk before the message was read. `None` when it does not compare or
/// fewer than two items are known.
pub(super) fn pair(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    before: Option<&str>,
) -> Option<[String; 2]> {
    let last = &session.slots.compared;
    let asks = asks(c);
    let chooses = last.len() == 2 && CHOOSING.is_match(&c.normalized);
    if !(asks || chooses) {
        return None;
    }
    let mut ids: Vec<&str> = naming::named(scripts, &c.normalized);
    // `哪个更保暖` right after `卫衣和毛衣哪个好` asks between the same two,
    // as long as it names no other.
    if ids.len() < 2 && last.len() == 2 && ids.iter().all(|id| last.iter().any(|l| l == id)) {
        return Some([last[0].clone(), last[1].clone()]);
    }
    if !asks {
        return None;
    }
    for known in [before, session.page.as_deref()].into_iter().flatten() {
        if !ids.contains(&known) && scripts.catalog.item(known).is_some() {
            ids.push(known);
        }
    }
    match ids[..] {
        [a, b, ..] => Some([a.to_string(), b.to_string()]),
        _ => None,
    }
}

/// For a comparison of `pair`, the item in talk before it (named, else the
/// product page) stays in talk when it is one of the two: naming the other
/// to compare it with is no choice of it.
pub(super) fn keep_in_talk(session: &mut Session, pair: &[String; 2], before: &Slots) {
    let Some(before) = before.item.as_deref().or(session.page.as_deref()) else {
        return;
    };
    if pair.iter().any(|id| id == before) {
        session.slots.item = Some(before.to_string());
    }
}

/// Whether the shop's answer `faq`, of the item `owner`, names the other
/// item of `pair` (`比短款更保暖` on the long coat, `更推荐中长款` on the
/// short one): it compares them already.
pub(super) fn faq_names_other(
    faq: &Faq,
    pair: &[String; 2],
    owner: Option<&str>,
    scripts: &Scripts,
) -> bool {
    (pair.iter())
        .filter(|id| Some(id.as_str()) != owner)
        .filter_map(|id| scripts.catalog.item(id))
        .any(|other| {
            other
                .spoken
                .iter()
                .any(|name| faq.say.contains(name.as_str()))
        })
}

/// The needs a comparing message says (the catalogue's `good_for` words),
/// leaving out those inside the items' names: `中长款` in `和中长款羽绒服有
/// 什么区别` names the coat, it does not ask for a long one.
pub(super) fn needs_said(scripts: &Scripts, text: &str) -> Vec<String> {
    let mut rest = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end, _) in naming::name_spans(scripts, text) {
        rest.push_str(&text[copied..start]);
        rest.push('|');
        copied = end;
    }
    rest.push_str(&text[copied..]);
    scripts.catalog.needs_in(&rest)
}

/// The situation for two items compared by a message that says `needs`
/// (the catalogue's words, as read), and the pair in the order to say them
/// with the needs met: the one that meets them first.
pub(super) fn answer<'i>(
    needs: &'i [String],
    first: &'i Item,
    second: &'i Item,
) -> (&'static str, [&'i Item; 2], Vec<&'i str>) {
    let met = |item: &Item| -> Vec<&str> {
        (needs.iter())
            .filter(|n| item.good_for.contains(n))
            .map(String::as_str)
            .collect()
    };
    match (met(first), met(second)) {
        (a, b) if !a.is_empty() && !b.is_empty() => {
            // Both: the needs both meet are what is said.
            let both = a.into_iter().filter(|n| b.contains(n)).collect::<Vec<_>>();
            match both.is_empty() {
                true => (KEY, [first, second], Vec::new()),
                false => (BOTH_KEY, [first, second], both),
            }
        }
        (a, _) if !a.is_empty() => (PICK_KEY, [first, second], a),
        (_, b) if !b.is_empty() => (PICK_KEY, [second, first], b),
        _ => (KEY, [first, second], Vec::new()),
    }
}

/// `{item}`, `{price}`, `{selling_points}` of the first, `{other}`,
/// `{other_price}`, `{other_points}` of the second.
pub(super) fn set_vars(vars: &mut super::vars::Vars, first: &Item, second: &Item) {
    vars.set_item(first);
    vars.set("other", &second.name);
    vars.set("other_price", &second.price_text());
    vars.set(
        "other_points",
        &second.selling_points.join(super::vars::LIST_SEPARATOR),
    );
}
