//! Several of one item picked in one message: `一白一黑 都要L`, `白色黑色L
//! 码各要一件`, `黑色M和L各一件`, `白色和黑色的L有吗`; or one of each of
//! several items: `卫衣要黑色L 卫裤要灰色L`.
//!
//! A buyer taking two colours or two sizes says so in one line. Read as a
//! single pick, the answer named the first colour and left the second out
//! ("白色的L码有现货"), or, where no keyword fired (`一白一黑 都要L`), got
//! "没太明白". An agent answers for each one: both there, or which is not.
//!
//! The colours are the item's, by full name or stem (`白` for `白色`), and
//! the sizes the item's, in the order said. Two colours and two sizes pair
//! in that order (`白色M 黑色L`); otherwise each colour goes with each size
//! (`黑色M和L` is black in M and in L). The shop keeps stock by size, so a
//! colour the item comes in is there when its size is.
//!
//! Items are named by their names or aliases; each one's colour and size
//! are read from the words up to the next item named, and the answer names
//! each as the buyer did (`卫衣黑色L码`).
//!
//! A colour said by its common name (`白色`, `一白一黑`) is the item's one
//! colour of that hue (`奶白色`). One the item does not come in is said not
//! to be made (`这边没有白色哦`), beside the others picked: before, the
//! hoodie without white answered `白色和黑色的M有吗` for black alone, and
//! `一白一黑 都要M` got "没太明白". Where no colour said is made, the single
//! reading answers with the colours there are; where a hue has several
//! shades (`蓝` on jeans in 深蓝色 and 浅蓝色), which one is meant is not
//! guessed, and the single reading answers.

use super::slots::colour_stem;
use super::Session;
use crate::nlu::Classification;
use crate::script::{Item, Scripts};

/// At most this many characters, normalised: a pick of several with its
/// wrapping (`白色黑色L码各要一件` is 10), never a message saying more.
const MAX_CHARS: usize = 24;

/// What the rules may read in such a pick besides the stock question it
/// is: thanks (`好吧`), a greeting, a wish (`要…的`). Not a price offered:
/// `一件黑色S 一件雾霾蓝M 能不能给个230` bargains for the two.
const MISREAD: &[&str] = &["thanks_bye", "greeting", "recommend", "stock"];

/// The intent whose words items' names also are (`短款`, `长款`): read as
/// the picks' names when nothing else matched for it.
const NAMES_ALSO: &str = "product_info";

/// Words of a buyer choosing between colours or sizes (`黑色还是燕麦色`,
/// `M和L哪个好`), not taking both, or asking how a colour looks (`杏色显黑
/// 吗`, `白色搭黑裤子`): answered with advice, not stock.
const CHOOSING: &[&str] = &[
    "还是", "哪个", "哪种", "哪款", "哪一", "好看", "纠结", "选", "推荐", "适合", "合适", "显",
    "搭",
];

/// One of the item picked: its colour and size, as far as said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Variant {
    pub colour: Option<String>,
    pub size: Option<String>,
    /// Whether the item comes in the colour (`白色` said of a hoodie
    /// without white is not).
    pub made: bool,
}

/// One thing picked: the item, the variant, and the item as the buyer named
/// it when the message names several items (`卫裤`).
#[derive(Debug, Clone)]
pub(super) struct Pick<'c> {
    pub item: &'c Item,
    pub variant: Variant,
    pub named: Option<String>,
}

impl Pick<'_> {
    /// As a list of them says it: `卫裤灰色L码`, `白色L码`.
    fn said(&self) -> String {
        format!(
            "{}{}",
            self.named.as_deref().unwrap_or(""),
            self.variant.said()
        )
    }

    /// A colour not made, as an answer says it: `白色`, `灰色的卫衣`.
    fn unmade(&self) -> String {
        let colour = self.variant.colour.as_deref().unwrap_or("");
        match &self.named {
            Some(name) => format!("{colour}的{name}"),
            None => colour.to_string(),
        }
    }
}

impl Variant {
    /// As a list of them says it: `白色L码`, `黑色`, `M码`.
    fn said(&self) -> String {
        let size = self.size.as_ref().map(|s| format!("{s}码"));
        format!(
            "{}{}",
            self.colour.as_deref().unwrap_or(""),
            size.as_deref().unwrap_or("")
        )
    }

    /// Whether the shop can send it now: a size made and in stock, or no
    /// size said (the colour is the item's).
    fn in_stock(&self, item: &Item) -> bool {
        self.made
            && (self.size.as_deref())
                .is_none_or(|size| item.is_made_in(size) && item.stock_of(size) > 0)
    }
}

/// The variants of `item` the message names, when it names two or more (two
/// colours, or two sizes); `None` otherwise.
pub(super) fn named(item: &Item, c: &Classification) -> Option<Vec<Variant>> {
    let text = c.normalized.to_lowercase();
    if text.chars().count() > MAX_CHARS || CHOOSING.iter().any(|w| text.contains(w)) {
        return None;
    }
    let colours = colours_said(item, &text)?;
    let sizes = sizes_in(item, &text);
    if colours.len() < 2 && sizes.len() < 2 {
        return None;
    }
    if !colours.is_empty() && colours.iter().all(|(_, made)| !made) {
        return None;
    }
    let variants = if colours.len() == sizes.len() {
        // `白色M 黑色L`: each colour with the size said next to it.
        (colours.into_iter().zip(sizes))
            .map(|((colour, made), size)| Variant {
                colour: Some(colour),
                size: Some(size),
                made,
            })
            .collect()
    } else {
        let colours: Vec<(Option<String>, bool)> = match colours.is_empty() {
            true => vec![(None, true)],
            false => (colours.into_iter())
                .map(|(colour, made)| (Some(colour), made))
                .collect(),
        };
        let sizes: Vec<Option<String>> = match sizes.is_empty() {
            true => vec![None],
            false => sizes.into_iter().map(Some).collect(),
        };
        (colours.iter())
            .flat_map(|(colour, made)| {
                sizes.iter().map(move |size| Variant {
                    colour: colour.clone(),
                    size: size.clone(),
                    made: *made,
                })
            })
            .collect()
    };
    Some(variants)
}

/// What the message picks when it picks several: one of each of several
/// items named, or several of the item in talk (`item`; see the module
/// doc). Items named come first: the item in talk's reading would take
/// the other item's size for its own (`卫衣黑色M 牛仔裤29`).
pub(super) fn picked<'c>(
    item: Option<&'c Item>,
    scripts: &'c Scripts,
    c: &Classification,
) -> Option<Vec<Pick<'c>>> {
    if let Some(picks) = across_items(scripts, c) {
        return Some(picks);
    }
    item.and_then(|item| {
        let variants = named(item, c)?;
        Some(
            (variants.into_iter())
                .map(|variant| Pick {
                    item,
                    variant,
                    named: None,
                })
                .collect(),
        )
    })
}

/// At most this many characters, normalised, for a pick of several items:
/// `卫衣要黑色L 卫裤要灰色L` is 15.
const MAX_CHARS_ACROSS: usize = 30;

/// One of each of two or more items, each named with its colour or size.
fn across_items<'c>(scripts: &'c Scripts, c: &Classification) -> Option<Vec<Pick<'c>>> {
    // The classifier found an item's name: without one, none is looked for.
    c.entities.item.as_ref()?;
    let text = c.normalized.to_lowercase();
    if text.chars().count() > MAX_CHARS_ACROSS || CHOOSING.iter().any(|w| text.contains(w)) {
        return None;
    }
    // Each item once, where it is first named (`卫衣` of `圆领卫衣` is the
    // round-neck hoodie's, see `name_spans`).
    let mut names: Vec<(usize, usize, &Item)> = Vec::new();
    for (start, end, id) in super::naming::name_spans(scripts, &text) {
        let Some(item) = scripts.catalog.item(id) else {
            continue;
        };
        if !names.iter().any(|(_, _, seen)| seen.id == item.id) {
            names.push((start, end, item));
        }
    }
    if names.len() < 2 {
        return None;
    }
    let mut picks = Vec::new();
    for (i, &(start, end, item)) in names.iter().enumerate() {
        let until = names.get(i + 1).map_or(text.len(), |next| next.0);
        let name = &text[start..end];
        let words = text.get(end..until)?;
        let (colour, made) = match colours_said(item, words)?.into_iter().next() {
            Some((colour, made)) => (Some(colour), made),
            None => (None, true),
        };
        let size = sizes_in(item, words).into_iter().next();
        if colour.is_none() && size.is_none() {
            return None;
        }
        picks.push(Pick {
            item,
            variant: Variant { colour, size, made },
            named: Some(name.to_string()),
        });
    }
    // No item comes in the colour said for it: the single reading says so.
    if picks.iter().all(|p| !p.variant.made) {
        return None;
    }
    Some(picks)
}

/// Whether the message, read as `intents`, is only a pick of several (see
/// the module doc): then it is the stock question.
pub(super) fn picked_several(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    intents: &[&str],
) -> bool {
    // Read only where the intents allow it: this runs on every message.
    let may = |i: &&str| MISREAD.contains(i) || *i == NAMES_ALSO;
    if scripts.intent("stock").is_none() || !intents.iter().all(may) {
        return false;
    }
    let Some(picks) = picked(session.item(&scripts.catalog), scripts, c) else {
        return false;
    };
    // The items' names are words of item questions too (`短款`, `长款`):
    // matched for nothing else, they are the picks' names.
    let names_only = |intent: &str| {
        (c.intent(intent)).is_some_and(|i| {
            i.matched().all(|label| {
                (picks.iter()).any(|p| p.named.as_deref().is_some_and(|n| n.contains(label)))
            })
        })
    };
    intents.iter().all(|i| MISREAD.contains(i) || names_only(i))
}

/// What the stock answer says of several picked (see [`answer`]).
pub(super) struct Answer {
    /// The situation.
    pub situation: &'static str,
    /// Those there, listed (`{variants_in}`).
    pub there: String,
    /// Those not there, listed (`{variants_out}`).
    pub not: String,
    /// The colours said that are not made, listed (`{unmade}`).
    pub unmade: String,
}

/// What the stock answer says of several picked: the situation, and the
/// lists of those there, not there, and in colours not made. Alongside
/// some there and some sold out, a colour not made is listed among those
/// not there, as the one situation for all three would be hard to word.
pub(super) fn answer(picks: &[Pick]) -> Answer {
    let (made, unmade): (Vec<&Pick>, Vec<&Pick>) = picks.iter().partition(|p| p.variant.made);
    let (there, mut not): (Vec<&Pick>, Vec<&Pick>) =
        made.into_iter().partition(|p| p.variant.in_stock(p.item));
    fn list<'p, 'c: 'p>(vs: &[&'p Pick<'c>], say: impl Fn(&'p Pick<'c>) -> String) -> String {
        (vs.iter())
            .map(|v| say(v))
            .collect::<Vec<_>>()
            .join(super::vars::LIST_SEPARATOR)
    }
    let situation = match (there.is_empty(), not.is_empty(), unmade.is_empty()) {
        (false, true, true) => STOCK_EACH_KEY,
        (false, false, true) => STOCK_EACH_PART_KEY,
        (true, _, true) => STOCK_EACH_NONE_KEY,
        (false, true, false) => STOCK_EACH_UNMADE_KEY,
        (true, _, false) => STOCK_EACH_UNMADE_NONE_KEY,
        (false, false, false) => {
            not.extend(&unmade);
            STOCK_EACH_PART_KEY
        }
    };
    let unmade = match situation {
        STOCK_EACH_PART_KEY => String::new(),
        _ => list(&unmade, |p| p.unmade()),
    };
    Answer {
        situation,
        there: list(&there, |p| p.said()),
        not: list(&not, |p| p.said()),
        unmade,
    }
}

/// The pieces of several picked that can be had, by item with how many:
/// what a price question right after them (`一共多少钱`) sums (see
/// `quote::basket`). Empty when fewer than two.
pub(super) fn basket(picks: &[Pick]) -> Vec<(String, u32)> {
    let mut lines: Vec<(String, u32)> = Vec::new();
    for pick in picks.iter().filter(|p| p.variant.in_stock(p.item)) {
        match lines.iter_mut().find(|(id, _)| *id == pick.item.id) {
            Some(line) => line.1 += 1,
            None => lines.push((pick.item.id.clone(), 1)),
        }
    }
    if lines.iter().map(|(_, n)| n).sum::<u32>() < 2 {
        lines.clear();
    }
    lines
}

/// Every one of several picked is there.
pub(super) const STOCK_EACH_KEY: &str = "stock_each";
/// Some of several picked are there, some not.
pub(super) const STOCK_EACH_PART_KEY: &str = "stock_each_part";
/// None of several picked is there.
pub(super) const STOCK_EACH_NONE_KEY: &str = "stock_each_none";
/// Some of several picked in a colour the item does not come in, every
/// other one there.
pub(super) const STOCK_EACH_UNMADE_KEY: &str = "stock_each_unmade";
/// Some of several picked in a colour the item does not come in, none of
/// the others there.
pub(super) const STOCK_EACH_UNMADE_NONE_KEY: &str = "stock_each_unmade_none";

/// The colours the text names, in the order said, each with whether the
/// item comes in it: the item's by full name (`浅蓝色`) or stem (`白` of
/// `白色`), and a colour by its common name (`白色`, `一白一黑`) as the
/// item's one colour of that hue (`奶白色`), or as not made when it has
/// none. `None` when a hue has several shades (`蓝` on 深蓝色 and 浅蓝色):
/// which one is meant is not guessed, and the single reading answers.
fn colours_said(item: &Item, text: &str) -> Option<Vec<(String, bool)>> {
    let mut found: Vec<(usize, usize, String, bool)> = (item.colors.iter())
        .filter_map(|colour| {
            let (at, len) = match text.find(colour.as_str()) {
                Some(at) => (at, colour.len()),
                None => {
                    let stem = colour_stem(colour);
                    (text.find(stem)?, stem.len())
                }
            };
            Some((at, at + len, colour.clone(), true))
        })
        .collect();
    for (at, base) in crate::nlu::colours_named_at(text) {
        if found
            .iter()
            .any(|(start, end, ..)| (*start..*end).contains(&at))
        {
            continue;
        }
        let shades: Vec<&String> = (item.colors.iter())
            .filter(|colour| colour.trim_end_matches('色').ends_with(base))
            .collect();
        let (colour, made) = match shades[..] {
            [] => (format!("{base}色"), false),
            [one] => (one.clone(), true),
            _ => return None,
        };
        if !found.iter().any(|(.., known, _)| *known == colour) {
            found.push((at, at + base.len(), colour, made));
        }
    }
    found.sort();
    Some(
        (found.into_iter())
            .map(|(.., colour, made)| (colour, made))
            .collect(),
    )
}

/// Letter sizes a buyer may ask for whether the item is made in them or
/// not: `黑色XXXL` on a T-shirt up to XXL is a size not there, not none.
const LETTER_SIZES: &[&str] = &[
    "XS", "S", "M", "L", "XL", "XXL", "XXXL", "2XL", "3XL", "4XL",
];

/// The sizes the text names, in the order said, each once: the item's, and
/// letter sizes it is not made in; a letter size not inside a longer one
/// (`l` in `xl`), a number size not inside a longer number.
fn sizes_in(item: &Item, text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let alnum = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric());
    let others = (LETTER_SIZES.iter())
        .filter(|letter| !item.sizes.iter().any(|s| s.eq_ignore_ascii_case(letter)))
        .map(|letter| letter.to_string());
    let candidates: Vec<String> = item.sizes.iter().cloned().chain(others).collect();
    let mut found: Vec<(usize, &String)> = Vec::new();
    for size in &candidates {
        let said = size.to_lowercase();
        let at = (text.match_indices(&said)).find(|(at, _)| {
            let before = at.checked_sub(1).and_then(|i| bytes.get(i));
            !alnum(before) && !alnum(bytes.get(at + said.len()))
        });
        if let Some((at, _)) = at {
            found.push((at, size));
        }
    }
    found.sort();
    found.into_iter().map(|(_, s)| s.clone()).collect()
}
