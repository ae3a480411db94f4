//! Follow-up questions that leave the question out: `那这件呢`, `L码呢`,
//! `黑色的呢`.
//!
//! Buyers ask one thing, get the answer, then ask the same about another
//! item, size or colour in three characters. No keyword can tell what
//! `那这件呢` asks, so on its own it would get "没太明白您的意思" and, the
//! second time, a person. An agent hears it as the last question again, about
//! what the buyer just pointed at. So the session keeps the last question's
//! intents (its *topic*, greetings and thanks aside), and a follow-up asks
//! them again with the slots as they are now.
//!
//! A follow-up is short, ends in `呢`, and points at something: an item,
//! size or colour it names or the product page it was sent from (the slots
//! changed), or a demonstrative (`这件`, `那款`). `然后呢`, `你呢` and `人呢`
//! point at nothing and are not follow-ups. A short message that only names
//! another item (`羽绒服`), typically the answer to "看中的是哪一款?", asks
//! again too, `呢` or not.
//!
//! Only a message the classifier found nothing in is read this way: a
//! follow-up never overrides what a message says for itself. One exception:
//! right after a price comparison with another shop (`别家才99`), `质量一样吗`
//! reads as a question about this item, but asks whether the other shop's
//! is as good ([`compares_with_elsewhere`]).

use super::Slots;
use crate::nlu::{colour_named, Classification};
use crate::script::Scripts;

/// At most this many characters, the closing `呢` included: past that a
/// message says enough to be understood on its own, or is something else.
const MAX_CHARS: usize = 12;

/// `这`/`那` with a measure word: "this one", "that kind".
const DEMONSTRATIVES: &[&str] = &[
    "这件", "这个", "这款", "这双", "这条", "这种", "这套", "这顶", "这只", "那件", "那个", "那款",
    "那双", "那条", "那种", "那套", "那顶", "那只",
];

/// Whether `c` asks the previous question again about something else, given
/// the slots before and after the message was read.
pub(super) fn asks_again(c: &Classification, before: &Slots, after: &Slots) -> bool {
    let text = c.normalized.trim_end_matches(|ch: char| {
        ch.is_ascii_punctuation() || ch.is_whitespace() || "啊呀哈~。".contains(ch)
    });
    if text.is_empty() || text.chars().count() > MAX_CHARS {
        return false;
    }
    // The answer to "看中的是哪一款呢?": the item alone (`羽绒服`, or a
    // line sent from the product page), which is now the item in talk.
    if after.item.is_some() && after.item != before.item {
        return true;
    }
    let Some(core) = text.strip_suffix('呢') else {
        return false;
    };
    // A colour the item does not come in (`那白色呢` on blue jeans) leaves
    // the slots as they were, and points all the same.
    let points = after != before
        || c.entities.size.is_some()
        || c.entities.item.is_some()
        || colour_named(core).is_some()
        || DEMONSTRATIVES.iter().any(|d| core.contains(d));
    points && !core.is_empty()
}

/// The intents a follow-up asks: the topic, by the pack's own names (a
/// topic stored under an older pack asks only what this one still
/// defines). A size the follow-up names is the buyer's pick, not a question
/// for the size chart: `那M码呢` after "建议拍L码" asks whether M is there,
/// so the size question becomes the stock question, and the chart does not
/// overwrite the M the buyer just said.
///
/// A colour it names (the colour in talk changed from `before` to `after`,
/// or one the item does not come in) asks whether that colour is there,
/// whatever the question before: `那黑色呢` after "建议拍M码" asks for
/// black in M, and after the price it asks for black (the price is the
/// item's, whatever the colour). The size chart or the item's selling
/// points said again would not answer it.
pub(super) fn asked_again<'s>(
    topic: &[String],
    c: &Classification,
    scripts: &'s Scripts,
    before: &Slots,
    after: &Slots,
) -> Vec<&'s str> {
    let names_color = (after.color.is_some() && after.color != before.color)
        || colour_named(&c.normalized).is_some();
    if names_color {
        if let Some(stock) = scripts.intent("stock") {
            return vec![stock];
        }
    }
    let names_size = c.entities.size.is_some();
    let mut intents: Vec<&str> = Vec::with_capacity(topic.len());
    for t in topic {
        let t = if names_size && t == "size_advice" {
            "stock"
        } else {
            t.as_str()
        };
        if let Some(name) = scripts.intent(t) {
            if !intents.contains(&name) {
                intents.push(name);
            }
        }
    }
    intents
}

/// Words asking whether two things differ (`质量一样吗`, `有什么区别`).
const COMPARES: &[&str] = &["一样", "区别", "差别", "不同", "差不多", "差在哪"];

/// Whether `c`, read as `intents`, compares this item with another shop's
/// right after the buyer compared prices (`topic`, the last question, is
/// `cheaper_elsewhere`): `质量一样吗`, `做工有区别吗`. The keywords say it is
/// about this item (`质量`) or compares two of the shop's (`区别`), and
/// neither answer would do; the price comparison's answer (the shop does not judge others, here
/// is what ours is made of, and the returns policy) does.
pub(super) fn compares_with_elsewhere(
    topic: &[String],
    intents: &[&str],
    c: &Classification,
) -> bool {
    topic.iter().any(|t| t == "cheaper_elsewhere")
        && intents
            .iter()
            .all(|i| ["product_info", "recommend"].contains(i))
        && c.normalized.chars().count() <= MAX_CHARS
        && COMPARES.iter().any(|w| c.normalized.contains(w))
}
