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
//! the item that was in talk and the product page the chat is on.

use super::Session;
use crate::nlu::Classification;
use crate::script::{Item, Scripts};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// The situation of two items compared.
pub(super) const KEY: &str = "compare_items";

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
];

/// [`ASKS`] as one automaton: every message is looked at, and most hold
/// none of the words, which one pass tells.
static ASKING: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(ASKS).unwrap_or_else(|e| panic!("built-in comparison words: {e}"))
});

/// Whether the message asks to compare (it still takes two items).
pub(super) fn asks(c: &Classification) -> bool {
    ASKING.is_match(&c.normalized)
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
    if !asks(c) {
        return None;
    }
    let mut ids: Vec<&str> = named(scripts, &c.normalized);
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

/// The items named in a normalised message, in the order named: at each
/// place the longest name or alias, so a name inside a longer one does not
/// count.
fn named<'s>(scripts: &'s Scripts, text: &str) -> Vec<&'s str> {
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
    let mut ids: Vec<&str> = Vec::new();
    let mut covered = 0;
    for (start, end, id) in found {
        if start < covered {
            continue;
        }
        covered = end;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
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
