//! What a buyer message tells about the buyer's wish, put into the slots:
//! the item (the product page, or one named in the text), the measurements
//! and sizes (see `sizes`) and the colour.
//!
//! The slots are what later answers speak of (`{item}`, `{size}`,
//! `{color}`), so which statement wins matters: a new page or an item named
//! moves the talk, except where the name only fits the item in talk too or
//! is said of something worn with it or bought before; a colour belongs to
//! the item it was chosen for.

use super::{naming, sizes, Session, Wish};
use crate::channel::protocol::BuyerMessage;
use crate::nlu::Classification;
use crate::script::{Item, Scripts};

/// Puts what the message says about the buyer's wish into the slots.
pub(super) fn fill(
    session: &mut Session,
    msg: &BuyerMessage,
    c: &Classification,
    scripts: &Scripts,
) {
    // The product page first, then an item named in the text: naming one is
    // the more recent and more deliberate statement. The page counts only
    // when it is a new one: every message from the page the chat began on
    // carries it, and "这个羽绒服保暖吗" then "穿什么码" is about the coat.
    let named = c.entities.item.as_deref();
    let new_page = msg
        .item
        .as_deref()
        .filter(|page| session.page.as_deref() != Some(*page));
    if let Some(page) = new_page {
        session.page = Some(page.to_string());
    }
    for id in [new_page, named].into_iter().flatten() {
        // Only catalogue items: the bot quotes facts about the item, and has
        // none for an id it does not know.
        let Some(item) = scripts.catalog.item(id) else {
            continue;
        };
        if session.slots.item.as_deref() == Some(id) {
            continue;
        }
        let current = session.item(&scripts.catalog);
        if Some(id) == named
            && current.is_some_and(|cur| naming::fits_too(cur, item, &c.normalized))
        {
            // "这件羽绒服" on the page of a long down coat is about that coat,
            // though `羽绒服` is the short one's alias.
            continue;
        }
        if Some(id) == named
            && current.is_some()
            && (naming::worn_with_or_beside(item, &c.normalized)
                || naming::bought_before(item, &c.normalized))
        {
            // `XL合适吗 能套毛衣吗` on the down coat's page is about the
            // coat; so are `这个和短款哪个暖和` and `之前买过卫衣 这次想买T恤`.
            continue;
        }
        session.slots.item = Some(id.to_string());
        // A wish for another kind of goods is over once the buyer looks
        // at this one.
        let wish = &session.slots.wish;
        if (wish.category.as_ref()).is_some_and(|cat| !item.categories.contains(cat)) {
            session.slots.wish = Wish::default();
        }
        // A colour belongs to the item it was chosen for; a size worn only
        // carries over to an item sized the same way (M, not jeans' 27).
        session.slots.color = None;
        if (session.slots.worn_size.as_ref()).is_some_and(|size| !item.sizes.contains(size)) {
            session.slots.worn_size = None;
        }
    }
    sizes::fill(session, c, scripts);
    let item = session.item(&scripts.catalog);
    if let Some(color) = item.and_then(|i| mentioned_color(i, &msg.text, &c.normalized)) {
        session.slots.color = Some(color);
    }
}

/// A catalogue colour of `item` the buyer mentioned: the full name (`黑色`),
/// its stem followed by 的/款 (`黑的`, `燕麦款`), as buyers usually say it,
/// or a stem of two characters or more alone (`M 燕麦有吗`, `28深蓝有吗`):
/// buyers drop the 色 all the time, and no other word is a colour's stem,
/// where a one-character stem (`黑`, `白`) is part of many (`明白`). A
/// colour whose name only stresses its hue (`全黑色`, `纯白色`) is mentioned
/// by the hue (`黑色`, `白的`): it is that colour, where `白灰色` and
/// `深蓝色` are shades of one.
pub(super) fn mentioned_color(item: &Item, raw: &str, normalized: &str) -> Option<String> {
    let said = |needle: &str| raw.contains(needle) || normalized.contains(needle);
    let full = item.colors.iter().find(|c| said(c));
    let by_stem = |name: &str| {
        let stem = colour_stem(name);
        !stem.is_empty()
            && (stem.chars().count() >= 2
                || ["的", "款"]
                    .iter()
                    .any(|tail| said(&format!("{stem}{tail}"))))
            && said(stem)
    };
    let stem = || item.colors.iter().find(|c| by_stem(c));
    let hue = || {
        item.colors.iter().find(|c| {
            c.strip_prefix(HUE_STRESSED)
                .is_some_and(|hue| said(hue) || by_stem(hue))
        })
    };
    full.or_else(stem).or_else(hue).cloned()
}

/// What a colour's name may open with to stress its hue, not to shade it:
/// `全黑色` is black, `纯白色` white.
const HUE_STRESSED: [char; 2] = ['全', '纯'];

/// What buyers call a catalogue colour for short: `燕麦` of `燕麦色`, `雾霾`
/// of `雾霾蓝` (a name of three characters or more without 色 loses its
/// last), the name itself otherwise (`驼色` → `驼`, `卡其` → `卡其`).
pub(super) fn colour_stem(colour: &str) -> &str {
    if let Some(stem) = colour.strip_suffix('色') {
        return stem;
    }
    match colour.char_indices().nth(2) {
        Some(_) => colour
            .char_indices()
            .last()
            .map_or(colour, |(at, _)| &colour[..at]),
        None => colour,
    }
}
