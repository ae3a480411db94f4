//! Whether a name in the buyer's words moves the talk to another item.
//!
//! Naming an item is the most deliberate thing a buyer says about what they
//! want, so a name usually moves the talk to its item. Not when the item in
//! talk answers to the name too (`这件羽绒服` on the long coat's page), nor
//! when the other item is only worn with it (`能套毛衣吗`, `配老爹鞋好看吗`)
//! or set beside "this one" (`这个和短款哪个暖和`): the question is still
//! about the item in talk, and moving away answered it for the wrong one.

use crate::nlu::Classification;
use crate::script::{Item, Scripts};

/// Whether every name of `named` found in the normalised text also fits
/// `current` (it is part of `current`'s name or of one of its aliases): then
/// the buyer used a word for the kind of thing, which names `current` as well,
/// and the item already in talk stays.
pub(super) fn fits_too(current: &Item, named: &Item, text: &str) -> bool {
    let mut said = (named.spoken.iter())
        .filter(|n| text.contains(n.as_str()))
        .peekable();
    said.peek().is_some() && said.all(|n| current.spoken.iter().any(|c| c.contains(n.as_str())))
}

/// Words of wearing something with the item in talk: `能套毛衣吗`, `配老爹
/// 鞋好看吗`, `里面穿卫衣`.
const WORN_WITH: &[&str] = &[
    "套",
    "配",
    "搭",
    "里面穿",
    "里面能穿",
    "里面可以穿",
    "外面穿",
    "叠穿",
];

/// Words setting the item in talk beside another: `这个和短款哪个暖和`,
/// `比这个便宜的`.
const BESIDE_THIS: &[&str] = &[
    "这个和",
    "这款和",
    "这件和",
    "这个跟",
    "这款跟",
    "这件跟",
    "和这个",
    "跟这个",
    "和这款",
    "跟这款",
    "比这个",
    "比这款",
    "这个还是",
    "这款还是",
    "还是这个",
    "还是这款",
];

/// Whether the message speaks of `named` only beside the item in talk:
/// worn with it (see [`worn_with`]), or set beside "this one" (see
/// [`BESIDE_THIS`]). The item in talk stays.
pub(super) fn worn_with_or_beside(named: &Item, text: &str) -> bool {
    worn_with(named, text) || BESIDE_THIS.iter().any(|w| text.contains(w))
}

/// Whether every name of `named` found in the normalised text tells of an
/// earlier purchase (`我之前在你家买过卫衣 质量不错 这次想买T恤` on the
/// T-shirt's page): the buyer is talking about the item in talk, and the
/// hoodie bought before is a story. Before, the hoodie became the item in
/// talk and its price was quoted for the T-shirts.
pub(super) fn bought_before(named: &Item, text: &str) -> bool {
    each_name_after(named, text, |before| {
        // The ten characters before the name: the story's own clause.
        let from = before.char_indices().rev().nth(9).map_or(0, |(at, _)| at);
        let near = &before[from..];
        let before_now = crate::nlu::BEFORE_NOW.iter().any(|w| near.contains(w));
        near.contains("买过") || (near.contains('买') && before_now)
    })
}

/// Whether `named` is found in the normalised text and `before` holds of
/// the text before each of its names found.
fn each_name_after(named: &Item, text: &str, before: impl Fn(&str) -> bool) -> bool {
    let mut said = (named.spoken.iter())
        .filter_map(|n| text.find(n.as_str()).map(|at| &text[..at]))
        .peekable();
    said.peek().is_some() && said.all(before)
}

/// Whether every name of `named` found in the normalised text follows a
/// word of wearing it with something (see [`WORN_WITH`]): the buyer asks
/// about the item in talk, worn with another, and it stays in talk. Before,
/// `能套毛衣吗` on the down coat's page answered the size for the sweater.
fn worn_with(named: &Item, text: &str) -> bool {
    each_name_after(named, text, |before| {
        let before = before.trim_end_matches(['一', '件', '个', '双', '条', '上']);
        WORN_WITH.iter().any(|w| before.ends_with(w))
    })
}

/// Leaves out the item question (`product_info`) of a message that only
/// brushed its keywords inside an item's name (`长款` in `中长款XXL有吗`)
/// and asks something else: the name says which item, not what about it,
/// and answering it too added "详细参数详情页都有哦" to a stock answer.
pub(super) fn drop_name_only(intents: &mut Vec<&str>, c: &Classification, scripts: &Scripts) {
    if intents.len() >= 2 && intents.contains(&"product_info") && in_name_only(c, scripts) {
        intents.retain(|i| *i != "product_info");
    }
}

/// Whether every keyword of the item question (`product_info`) the message
/// matched lies inside the name of the item it names (`长款` in
/// `中长款羽绒服 黑色M`).
pub(super) fn in_name_only(c: &Classification, scripts: &Scripts) -> bool {
    (c.entities.item.as_deref())
        .and_then(|id| scripts.catalog.item(id))
        .is_some_and(|item| {
            c.matched_only_within("product_info", item.spoken.iter().map(String::as_str))
        })
}

/// The items named in a normalised message, in the order named: at each
/// place the longest name or alias, so a name inside a longer one does not
/// count.
pub(super) fn named<'s>(scripts: &'s Scripts, text: &str) -> Vec<&'s str> {
    let mut ids: Vec<&str> = Vec::new();
    for (_, _, id) in name_spans(scripts, text) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// Where a normalised message names items, in text order, as byte ranges
/// with the item's id: at each place the longest name or alias, and a name
/// inside a kept one left out (`中长款羽绒服` is the long coat, not the
/// `羽绒服` in it).
pub(super) fn name_spans<'s>(scripts: &'s Scripts, text: &str) -> Vec<(usize, usize, &'s str)> {
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for item in &scripts.catalog.items {
        for name in &item.spoken {
            for (at, _) in text.match_indices(name.as_str()) {
                found.push((at, at + name.len(), item.id.as_str()));
            }
        }
    }
    // Longest first at each start, then drop what a kept name covers.
    found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut covered = 0;
    found.retain(|&(start, end, _)| {
        let kept = start >= covered;
        if kept {
            covered = end;
        }
        kept
    });
    found
}
