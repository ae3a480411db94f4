//! What one message says of the buyer's wish (`要保暖的`, `预算500以内`,
//! `送妈妈`), and whether it is answered as a recommendation rather than
//! as the rules read it.

use super::{gifts, narrowest, ABOUT_ITEMS, INTENT};
use crate::dialogue::policy::SOCIAL;
use crate::dialogue::Session;
use crate::nlu::{asks_cheaper, budget, has, Budget, Classification};
use crate::script::{Category, Gift, Item, Scripts};
use regex::Regex;
use std::sync::LazyLock;

/// Words asking for items besides those already named (`还有其他的吗`).
const OTHERS: &[&str] = &["其他", "其它", "别的", "换一款", "换一个", "换个"];

/// What one message says of the buyer's wish.
pub(in crate::dialogue) struct Reading<'s> {
    pub category: Option<&'s Category>,
    pub needs: Vec<String>,
    pub budget: Option<Budget>,
    /// `有没有便宜点的`: cheaper than the item in talk.
    pub cheaper: bool,
    /// `还有其他的吗`: besides the items already recommended.
    pub others: bool,
    /// `有没有长一点的`, `有更厚的吗`: more so than the item in talk, which
    /// is left out (the need is in `needs`).
    pub more: bool,
    /// `送妈妈什么好`: whom the buyer shops for.
    pub gift: Option<Gift<'s>>,
}

impl Reading<'_> {
    /// Whether it says what the buyer wants (asking for others does not).
    pub(super) fn says_something(&self) -> bool {
        self.category.is_some()
            || !self.needs.is_empty()
            || self.budget.is_some()
            || self.cheaper
            || self.gift.is_some()
    }

    /// Whether it says nothing but whom the buyer shops for (`送妈妈合适吗`).
    pub(in crate::dialogue) fn only_gift(&self) -> bool {
        self.gift.is_some()
            && self.category.is_none()
            && self.needs.is_empty()
            && self.budget.is_none()
            && !self.cheaper
            && !self.others
            && !self.more
    }
}

/// What the rules found in a message besides manners (`你好 有裤子吗`
/// asks for trousers all the same).
fn substantive<'a>(intents: &'a [&str]) -> impl Iterator<Item = &'a str> + 'a {
    intents.iter().copied().filter(|i| !SOCIAL.contains(i))
}

/// [`read`], for a message the rules read as `intents`, when a wish could
/// change its answer: it asks for a recommendation, or for nothing but
/// about items and stock (or nothing at all). Any other message keeps its
/// answer, and is not read (this runs on every message).
pub(in crate::dialogue) fn read_for<'s>(
    intents: &[&str],
    c: &Classification,
    scripts: &'s Scripts,
    item: Option<&Item>,
) -> Option<Reading<'s>> {
    let may = substantive(intents).all(|i| ABOUT_ITEMS.contains(&i) || i == INTENT);
    (may || intents.contains(&INTENT)).then(|| read(c, scripts, item))
}

/// Regions a buyer's place stands for among the catalogue's needs: a buyer
/// in 哈尔滨 asking which coat is warmer needs the one made for `东北`,
/// though they never said the word.
pub(in crate::dialogue) const REGIONS: &[(&str, &[&str])] =
    &[("东北", &["黑龙江", "吉林", "辽宁"])];

/// Reads `c` for a wish, in the catalogue's words; `item`: the item in
/// talk, which a comparative (`长一点的`) is said against.
pub(in crate::dialogue) fn read<'s>(
    c: &Classification,
    scripts: &'s Scripts,
    item: Option<&Item>,
) -> Reading<'s> {
    let text = c.normalized.as_str();
    let category = (scripts.catalog.category_in(text)).filter(|kind| !worn_with(text, kind));
    let mut needs = scripts.catalog.needs_in(text);
    // Only beside a wish said in words: a place alone is where the parcel goes.
    if category.is_some() || !needs.is_empty() {
        needs.extend(
            region_needs(scripts, text)
                .filter(|n| !needs.contains(n))
                .collect::<Vec<_>>(),
        );
    }
    // Against the item in talk only where its kind has such (`更厚的底`
    // on the shoes asks nothing of the coats).
    let catalog = &scripts.catalog;
    let more = more_need(scripts, text).filter(|need| {
        item.is_none_or(|item| {
            let meets = |i: &Item| i.good_for.iter().any(|g| g == need);
            narrowest(catalog, item, |cat| catalog.items_of(cat).any(meets)).is_some()
        })
    });
    if let Some(need) = more {
        if !needs.iter().any(|n| n == need) {
            needs.push(need.to_string());
        }
    }
    Reading {
        category,
        needs,
        budget: budget(text),
        cheaper: asks_cheaper(text),
        others: OTHERS.iter().any(|w| has(text, w)),
        more: more.is_some(),
        gift: scripts.catalog.recipient_in(text),
    }
}

/// Words right before a kind's word that make it something worn with the
/// item, not wished for: `里面能穿衬衫吗`, `搭衬衫好看吗`, `内搭毛衣`. A
/// wish says `的` between (`里面穿的毛衣`).
static WORN_WITH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:里面|里边|内搭|叠穿|搭配|搭|配)(?:能|可以|再)?(?:穿|搭|配|套)?(?:一件|件|个|一个|条|一条)?$")
        .unwrap_or_else(|e| panic!("built-in layering pattern: {e}"))
});

/// Whether every place the message says `kind`'s word is something worn
/// with the item (see [`WORN_WITH`]).
fn worn_with(text: &str, kind: &Category) -> bool {
    let mut said = (kind.words.iter())
        .flat_map(|word| text.match_indices(word.as_str()))
        .peekable();
    said.peek().is_some() && said.all(|(at, _)| WORN_WITH.is_match(&text[..at]))
}

/// Comparatives a buyer asks for another item by (`长一点的`, `更厚的`,
/// `暖和些的`), with the catalogue's need each stands for. Warmer is
/// `更保暖`, which the catalogue gives only the warmest of a kind: every
/// coat is `保暖`, and "more than this one" needs a word that not all of
/// them have (`厚` alone would also be the sole of `厚底`).
const MORE: &[(&str, &str)] = &[
    ("暖和", "更保暖"),
    ("暖", "更保暖"),
    ("厚", "更保暖"),
    ("长", "长款"),
];

/// `更厚`, `再长`, `长一点的`, `暖和些的`: a comparative before the thing
/// or as what is wanted, not `厚底` or `衣长多少`.
static COMPARATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("(?:更|再)(暖和|暖|厚|长)|(暖和|暖|厚|长)一?(?:点|些)的")
        .expect("the comparative pattern compiles")
});

/// The need a comparative in `text` asks for (see [`MORE`]), when an item
/// of the catalogue meets it.
fn more_need(scripts: &Scripts, text: &str) -> Option<&'static str> {
    let said = COMPARATIVE.captures(text)?;
    let word = said.get(1).or_else(|| said.get(2))?.as_str();
    let need = MORE.iter().find(|(w, _)| *w == word)?.1;
    (scripts.catalog.items.iter())
        .any(|i| i.good_for.iter().any(|g| g == need))
        .then_some(need)
}

/// The catalogue's region needs (see [`REGIONS`]) the place named in `text`
/// lies in.
fn region_needs<'a>(scripts: &'a Scripts, text: &str) -> impl Iterator<Item = String> + 'a {
    let place = crate::nlu::place_named(text);
    let in_region = move |provinces: &[&str]| {
        place.is_some_and(|p| p.provinces.iter().all(|prov| provinces.contains(prov)))
    };
    let known =
        |need: &str| (scripts.catalog.items.iter()).any(|i| i.good_for.iter().any(|g| g == need));
    (REGIONS.iter())
        .filter(move |(need, provinces)| in_region(provinces) && known(need))
        .map(|(need, _)| need.to_string())
}

/// Whether a message the rules read as `intents` is answered as a
/// recommendation instead. It is when it says what the buyer wants and
/// - asks for a recommendation (`intents` has it), or
/// - the rules found nothing in it but manners, and it reads as a want
///   (`冬天穿的`, not `我在上班 晚点说`) or follows a recommendation, or
/// - it asks about stock or an item only by naming a kind of goods other
///   than the item in talk's (`有裤子吗`: no item is named, there is nothing
///   to look up; `这个鞋子偏码吗` on the shoes is about them), or asks
///   for one with a need the item in talk does not meet (`有没有长款的` on
///   the short coat), or comes right after a recommendation (`要保暖的`
///   brushes the warmth question's words), or reads as a want while no
///   item is in talk (`我165 100斤 想要冬天穿的`: the measurements are kept
///   for the size, and there is no item to size yet).
///
/// The shop's own answer to a question about the item in talk (`faq`) keeps
/// the message, unless it names another kind of goods (`有没有保暖的外套`
/// on the hoodie's page) or comes right after a recommendation.
pub(in crate::dialogue) fn takes_over(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    intents: &[&str],
    reading: &Reading<'_>,
    faq: bool,
) -> bool {
    if !reading.says_something() || scripts.intent(INTENT).is_none() {
        return false;
    }
    let after_recommending = session.topic.iter().any(|t| t == INTENT);
    let in_category = |cat: &Category| {
        session
            .item(&scripts.catalog)
            .is_some_and(|i| i.categories.contains(&cat.name))
    };
    let other_category = reading.category.is_some_and(|cat| !in_category(cat));
    // `有没有长款的` on the short coat's page: a need the item in talk
    // does not meet, asked as for another one.
    let other_needs = !reading.needs.is_empty()
        && session
            .item(&scripts.catalog)
            .is_some_and(|i| i.meets(&reading.needs) == 0)
        && asks_for_one(&c.normalized);
    if faq && !other_category && !after_recommending {
        return false;
    }
    if asks_of_item_that_suits(session, scripts, c, reading) {
        return false;
    }
    if names_item_asked(scripts, c, reading) {
        return false;
    }
    // `有适合送长辈的吗`, `送我爸 有毛衣吗`, or someone the item in talk
    // does not suit.
    let other_gift = reading.gift.is_some()
        && (asks_for_one(&c.normalized)
            || reading.category.is_some()
            || (session.item(&scripts.catalog))
                .is_some_and(|i| !gifts::suits_gift(scripts, i, reading.gift)));
    let about_items = substantive(intents).all(|i| ABOUT_ITEMS.contains(&i) || i == INTENT);
    intents.contains(&INTENT)
        || (substantive(intents).next().is_none()
            && (after_recommending || other_gift || wants(&c.normalized)))
        || (about_items
            && (after_recommending
                || reading.more
                || other_needs
                || other_gift
                || (other_category && c.entities.item.is_none())
                || (session.slots.item.is_none() && wants(&c.normalized))))
}

/// `送妈妈合适吗` on the sweater's page asks whether this one will do: the
/// pack's present set answers it, unless it does not suit them
/// (`gift_for`), when what does is recommended.
pub(in crate::dialogue) fn asks_of_item_that_suits(
    session: &Session,
    scripts: &Scripts,
    c: &Classification,
    reading: &Reading<'_>,
) -> bool {
    let asked = gifts::item_asked(session, scripts, c, reading, asks_for_one(&c.normalized));
    asked.is_some_and(|i| gifts::suits_gift(scripts, i, reading.gift))
}

/// Whether the message names an item by its name or alias and asks about
/// it (`那中长款呢 多少钱`, `中长款XXL有吗`, `短款羽绒服米白色容易脏吗`),
/// with the needs it says being that item's (`中长款` is the long coat's):
/// the buyer has chosen, and "推荐您看看…" in answer to a price or a size
/// asked would not listen. Asking for others or a cheaper one, or naming
/// a kind of goods (`想给我妈买件毛衣`: `毛衣` is the sweater's alias and a
/// kind), still asks for a recommendation.
pub(in crate::dialogue) fn names_item_asked(
    scripts: &Scripts,
    c: &Classification,
    reading: &Reading<'_>,
) -> bool {
    let Some(item) = (c.entities.item.as_deref()).and_then(|id| scripts.catalog.item(id)) else {
        return false;
    };
    !reading.others
        && !reading.cheaper
        && reading.budget.is_none()
        && reading.category.is_none()
        && reading.needs.iter().all(|n| item.good_for.contains(n))
        && gifts::suits_gift(scripts, item, reading.gift)
}

/// Whether the message names the shop's only item of a kind by the kind's
/// word (`那就毛衣吧`: one sweater) and says nothing else of a wish: read
/// beside a question one of the pack's sets answers (`什么颜色适合他`),
/// the buyer has chosen that item, where a wish for the kind would get it
/// recommended again.
pub(in crate::dialogue) fn names_only_one_of_kind(
    scripts: &Scripts,
    c: &Classification,
    reading: &Reading<'_>,
) -> bool {
    let (Some(id), Some(kind)) = (c.entities.item.as_deref(), reading.category) else {
        return false;
    };
    let mut of_kind = scripts.catalog.items_of(&kind.name);
    let only = of_kind.next().is_some_and(|one| one.id == id) && of_kind.next().is_none();
    only && !reading.others
        && !reading.cheaper
        && reading.budget.is_none()
        && reading.needs.is_empty()
        && reading.gift.is_none()
}

/// Whether a message the rules found nothing in reads as a want: a need
/// word alone is weak (`我在上班 晚点说` holds `上班`), `冬天穿的`,
/// `要保暖的` and `适合上班` are not.
fn wants(text: &str) -> bool {
    ["的", "要", "想", "适合", "需要"]
        .iter()
        .any(|w| text.contains(w))
}

/// `有没有…的`, `有…的吗`: asking whether there is one such.
fn asks_for_one(text: &str) -> bool {
    let has = ["有没有", "有没", "有木有", "有无"]
        .iter()
        .any(|w| text.contains(w));
    let such = text.contains('有')
        && ["的吗", "的么", "的嘛", "的不", "的没"]
            .iter()
            .any(|w| text.contains(w));
    has || such
}
