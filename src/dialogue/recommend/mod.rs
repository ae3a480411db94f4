//! Recommending items by what the buyer wants: `我想买件外套`, then
//! `要保暖的`, then `预算500以内`.
//!
//! A buyer who has said what they want and hears "说下穿着场合和预算" reads
//! a bot that is not listening. An agent picks from the shop's goods. So the
//! catalogue says what each item is: the `[[category]]` it belongs to, the
//! needs it meets (`good_for`), its price and stock. What the buyer wants
//! builds up over messages into the session's [`Wish`] (naming another
//! category starts a new one), and each recommendation names at most
//! [`MAX_PICKS`] items in stock that fit it, those meeting the most needs
//! first, in catalogue order otherwise (the shop lists its best first).
//!
//! When nothing fits, the buyer hears why: nothing of that kind in the
//! budget (and the nearest above it), a kind the shop does not sell (and
//! what it does sell), or, after `还有其他的吗`, that those were all. A
//! budget alone asks which kind of goods. Each of these is a situation of
//! its own, falling back to the intent's generic lines in a pack without it.
//!
//! Whom the buyer shops for (`送妈妈`) is part of the wish: the picks are
//! what suits them (see `gifts`). What a message says of the wish, and
//! whether it is answered this way at all, is [`reading`].

mod reading;

use reading::{asks_of_item_that_suits, names_item_asked, names_only_one_of_kind, read, REGIONS};
pub(super) use reading::{read_for, takes_over, Reading};

use super::choose::matched_for;
use super::gifts;
use super::vars::{Vars, LIST_SEPARATOR};
use super::{Session, Wish};
use crate::nlu::{Budget, Classification};
use crate::script::{Catalog, Item, Scripts};

/// The intent this module answers.
pub(super) const INTENT: &str = "recommend";

/// Items named in one recommendation: two are a choice, more a catalogue.
const MAX_PICKS: usize = 2;

/// The situations, each documented in `script::SITUATIONS`.
const PICK_KEY: &str = "recommend_pick";
const PICK_SIZED_KEY: &str = "recommend_pick_sized";
const PICK_SIZE_OUT_KEY: &str = "recommend_pick_size_out";
const OVER_BUDGET_KEY: &str = "recommend_over_budget";
const NOT_SOLD_KEY: &str = "recommend_not_sold";
const NO_MORE_KEY: &str = "recommend_no_more";
const WHICH_CATEGORY_KEY: &str = "recommend_which_category";
const NONE_CHEAPER_KEY: &str = "recommend_none_cheaper";
const PICK_GIFT_KEY: &str = "recommend_pick_gift";
const PICK_GIFT_INSTEAD_KEY: &str = "recommend_pick_gift_instead";

/// Questions about an item or its stock: what a wish brushes (`保暖` in
/// `要保暖的`, `有…吗` in `有裤子吗`) when no item is meant.
pub(super) const ABOUT_ITEMS: &[&str] = &["product_info", "stock", "size_advice"];

/// How a reply names the one item it just recommended, saying its size.
const SAID_AGAIN: &str = "这款";

/// Adds what `reading` says to the session's wish. Another kind of goods
/// is a new wish; a cheaper one is of the item in talk's kind unless the
/// message names one.
pub(super) fn take(session: &mut Session, scripts: &Scripts, reading: &Reading<'_>) {
    let item = session.item(&scripts.catalog);
    let wish = &mut session.slots.wish;
    if let Some(category) = reading.category {
        if wish.category.as_deref() != Some(category.name.as_str()) {
            // A budget said before any kind (`300左右的`, then `上衣`)
            // is for this one.
            let budget = wish.budget.filter(|_| wish.category.is_none());
            // Whom it is for stays: `送妈妈`, then `有毛衣吗`.
            *wish = Wish {
                category: Some(category.name.clone()),
                budget,
                recipient: wish.recipient.take(),
                whom: wish.whom.take(),
                ..Wish::default()
            };
        }
    }
    for need in &reading.needs {
        if !wish.needs.contains(need) {
            wish.needs.push(need.clone());
        }
    }
    if let Some(budget) = reading.budget {
        wish.budget = Some(budget);
    }
    if let Some(gift) = reading.gift {
        wish.recipient = Some(gift.recipient.name.clone());
        wish.whom = Some(gift.whom());
    }
    let Some(item) = item else {
        return;
    };
    let catalog = &scripts.catalog;
    if reading.cheaper {
        wish.cheaper_than = Some(item.price);
    }
    // `有没有长一点的`: another than the item in talk.
    if reading.more && !wish.shown.contains(&item.id) {
        wish.shown.push(item.id.clone());
    }
    if wish.category.is_some() {
        return;
    }
    // From a product page, `有没有长款的` and `便宜点的` ask for one of the
    // same kind: a longer coat, a cheaper hoodie (not any top), or cheaper
    // trousers when the jeans are the only jeans (the narrowest kind that
    // has one).
    let kind = if reading.cheaper {
        let cheaper = |i: &Item| i.in_stock() && i.price < item.price;
        // None cheaper anywhere: the broadest says most (`上衣里价格实惠`).
        narrowest(catalog, item, |cat| catalog.items_of(cat).any(cheaper)).or_else(|| {
            (item.categories.iter())
                .map(String::as_str)
                .max_by_key(|c| catalog.items_of(c).count())
        })
    } else if !reading.needs.is_empty() {
        let meets = |i: &Item| i.meets(&reading.needs) > 0;
        narrowest(catalog, item, |cat| catalog.items_of(cat).any(meets))
    } else {
        None
    };
    wish.category = kind.map(str::to_string);
}

/// The category of `item` with the fewest items (`卫衣` before `上衣`)
/// among those that pass `fits`.
fn narrowest<'c>(
    catalog: &'c Catalog,
    item: &'c Item,
    fits: impl Fn(&str) -> bool,
) -> Option<&'c str> {
    (item.categories.iter())
        .map(String::as_str)
        .filter(|c| fits(c))
        .min_by_key(|c| catalog.items_of(c).count())
}

/// What to recommend for the session's wish.
pub(super) enum Recommendation<'c> {
    /// These items fit, best first.
    Picks(Vec<&'c Item>),
    /// Items of the kind fit, none in the budget: the cheapest of them.
    OverBudget(&'c Item),
    /// The shop sells nothing of the category asked for.
    NotSold(&'c str),
    /// The buyer asked for others, and these were all.
    NoMore(Vec<&'c Item>),
    /// Only a budget is known: which kind of goods?
    WhichCategory,
    /// Nothing of its kind is cheaper than the item in talk.
    NoneCheaper,
}

/// The recommendation for this message, if the wish drives it: the
/// message says what the buyer wants, or a wish is known and the message
/// asks for a recommendation without one of the pack's `when` sets
/// answering it (`哪个颜色好看` is the colour set's), or asks for others.
pub(super) fn for_message<'c>(
    session: &Session,
    scripts: &'c Scripts,
    c: &Classification,
) -> Option<Recommendation<'c>> {
    let reading = read(c, scripts, session.item(&scripts.catalog));
    if asks_of_item_that_suits(session, scripts, c, &reading) {
        return None;
    }
    let wish = &session.slots.wish;
    let matched = matched_for(Some(c), INTENT);
    let own_set = (scripts.replies)
        .for_matched(INTENT, session.stage, &matched)
        .next()
        .is_some();
    // A question of the pack's own sets about an item named (`短款羽绒服米
    // 白色容易脏吗`: the colour set) is that set's, not a recommendation.
    let asked_of_item =
        || names_item_asked(scripts, c, &reading) || names_only_one_of_kind(scripts, c, &reading);
    let driven = (reading.says_something() && !(own_set && asked_of_item()))
        || (!wish.is_empty() && (reading.others || !own_set));
    if !driven || wish.is_empty() {
        return None;
    }
    recommend(session, scripts, reading.others || reading.more)
}

/// What fits the session's wish; `others`: leave out what was shown.
fn recommend<'c>(
    session: &Session,
    scripts: &'c Scripts,
    others: bool,
) -> Option<Recommendation<'c>> {
    let wish = &session.slots.wish;
    let catalog = &scripts.catalog;
    if let Some(category) = wish.category.as_deref() {
        if catalog.items_of(category).next().is_none() {
            let name = catalog.categories.iter().find(|c| c.name == category)?;
            return Some(Recommendation::NotSold(&name.name));
        }
    }
    if wish.category.is_none()
        && wish.needs.is_empty()
        && wish.cheaper_than.is_none()
        && wish.recipient.is_none()
    {
        return Some(Recommendation::WhichCategory);
    }
    let mut fitting: Vec<&Item> = (catalog.items.iter())
        .filter(|i| i.in_stock())
        .filter(|i| (wish.category.as_ref()).is_none_or(|cat| i.categories.contains(cat)))
        .filter(|i| wish.cheaper_than.is_none_or(|p| i.price < p))
        .collect();
    // Whom it is for, like the needs below, narrows what fits unless
    // nothing of the kind suits them.
    let suits = |i: &Item| (wish.recipient.as_ref()).is_some_and(|r| i.gift_for.contains(r));
    if fitting.iter().any(|i| suits(i)) {
        fitting.retain(|i| suits(i));
    }
    // Needs no item of the kind meets are left aside rather than answered
    // with nothing: the kind is what the buyer is shopping for.
    if fitting.iter().any(|i| i.meets(&wish.needs) > 0) {
        fitting.retain(|i| i.meets(&wish.needs) > 0);
    }
    // The most needs met first; then, for a budget `左右`, the price
    // nearest it. Stable: catalogue order among equals.
    let off = |i: &Item| match wish.budget {
        Some(Budget::Around(n)) => (i.price - f64::from(n)).abs(),
        _ => 0.0,
    };
    // Among those meeting as many, one the buyer's size is sold out in goes
    // after one it is not: an agent recommends what she can buy.
    let size_out = |i: &Item| size_for(session, scripts, i).is_some_and(|s| i.stock_of(s) == 0);
    fitting.sort_by(|a, b| {
        (b.meets(&wish.needs).cmp(&a.meets(&wish.needs)))
            .then(size_out(a).cmp(&size_out(b)))
            .then(off(a).total_cmp(&off(b)))
    });
    let affordable = |i: &&Item| wish.budget.is_none_or(|b| b.allows(i.price));
    if others {
        // Those shown that still fit: the wish may have narrowed since.
        let shown: Vec<&Item> = (fitting.iter().copied())
            .filter(|i| wish.shown.contains(&i.id))
            .filter(affordable)
            .collect();
        fitting.retain(|i| !wish.shown.contains(&i.id));
        if !shown.is_empty() && !fitting.iter().any(affordable) {
            return Some(Recommendation::NoMore(shown));
        }
    }
    let within: Vec<&Item> = (fitting.iter().copied())
        .filter(affordable)
        .take(MAX_PICKS)
        .collect();
    if !within.is_empty() {
        return Some(Recommendation::Picks(within));
    }
    match fitting.iter().min_by(|a, b| a.price.total_cmp(&b.price)) {
        Some(cheapest) => Some(Recommendation::OverBudget(cheapest)),
        None if wish.cheaper_than.is_some() => Some(Recommendation::NoneCheaper),
        None => None,
    }
}

impl Recommendation<'_> {
    /// The situation that says it.
    pub(super) fn key(&self) -> &'static str {
        match self {
            Recommendation::Picks(_) => PICK_KEY,
            Recommendation::OverBudget(_) => OVER_BUDGET_KEY,
            Recommendation::NotSold(_) => NOT_SOLD_KEY,
            Recommendation::NoMore(_) => NO_MORE_KEY,
            Recommendation::WhichCategory => WHICH_CATEGORY_KEY,
            Recommendation::NoneCheaper => NONE_CHEAPER_KEY,
        }
    }

    /// For picks meant for someone (`送妈妈`), the situation that says
    /// whom they are for, before [`key`](Self::key) as its fallback: the
    /// item in talk does not suit them (`送妈妈合适吗` on the jeans' page),
    /// or no item is.
    pub(super) fn gift_key(&self, session: &Session, scripts: &Scripts) -> Option<&'static str> {
        let wish = &session.slots.wish;
        if !matches!(self, Recommendation::Picks(_)) || wish.whom.is_none() {
            return None;
        }
        let instead = (session.item(&scripts.catalog))
            .is_some_and(|i| !gifts::suits(scripts, i, wish.recipient.as_deref()));
        Some(if instead {
            PICK_GIFT_INSTEAD_KEY
        } else {
            PICK_GIFT_KEY
        })
    }

    /// Its variables: `{wish}`, `{picks}`, `{pick}`, `{pick_price}`,
    /// `{pick_points}`, `{category}`, `{budget}`, `{assortment}`, `{whom}`.
    pub(super) fn set_vars(&self, vars: &mut Vars, wish: &Wish, scripts: &Scripts) {
        vars.set_opt("category", wish.category.as_deref());
        vars.set_opt("budget", wish.budget.map(|b| b.text()).as_deref());
        vars.set_opt("assortment", scripts.shop.assortment.as_deref());
        vars.set_opt("whom", wish.whom.as_deref());
        let items = match self {
            Recommendation::Picks(items) | Recommendation::NoMore(items) => &items[..],
            Recommendation::OverBudget(item) => std::slice::from_ref(item),
            Recommendation::NotSold(name) => {
                vars.set("category", name);
                &[]
            }
            Recommendation::WhichCategory | Recommendation::NoneCheaper => &[],
        };
        // Only the needs the first item meets are said to be met.
        let met = |n: &&String| items.first().is_some_and(|i| i.good_for.contains(n));
        vars.set("wish", &wish_text(wish, wish.needs.iter().filter(met)));
        if let Some(first) = items.first() {
            vars.set("pick", &first.name);
            vars.set("pick_price", &first.price_text());
            vars.set("pick_points", &first.selling_points.join(LIST_SEPARATOR));
            let picks: Vec<String> = (items.iter())
                .map(|i| format!("{}({}元)", i.name, i.price_text()))
                .collect();
            vars.set("picks", &picks.join(LIST_SEPARATOR));
        }
    }

    /// With the buyer's measurements known, the situation naming the size
    /// the first pick's chart gives them (`想给我妈买件毛衣 155 120斤`): an
    /// agent who recommends an item to someone who gave her measurements
    /// says which size to take, rather than leave her to ask again. Sets
    /// `{pick_size}` and `{pick_sized}` (the item it is for); a size sold
    /// out is said to be, with the sizes in stock beside it
    /// (`{sizes_next_to}`). `None` when the pick has no chart, the
    /// measurements are above it, or a weight alone is known (a guess).
    pub(super) fn sized(
        &self,
        session: &Session,
        scripts: &Scripts,
        vars: &mut Vars,
    ) -> Option<&'static str> {
        let Recommendation::Picks(items) = self else {
            return None;
        };
        let first = items.first()?;
        let size = size_for(session, scripts, first)?;
        vars.set("pick_size", size);
        // Which item the size is for: the name again only beside another.
        let which = if items.len() == 1 {
            SAID_AGAIN
        } else {
            &first.name
        };
        vars.set("pick_sized", which);
        if first.stock_of(size) > 0 {
            return Some(PICK_SIZED_KEY);
        }
        let next_to = first.in_stock_next_to(size);
        if !next_to.is_empty() {
            vars.set("sizes_next_to", &next_to.join(LIST_SEPARATOR));
        }
        Some(PICK_SIZE_OUT_KEY)
    }
}

/// The size `item`'s chart gives the buyer's measurements; `None` without
/// a chart, above it, or with a weight alone known (a guess).
fn size_for<'c>(session: &Session, scripts: &'c Scripts, item: &Item) -> Option<&'c str> {
    let slots = &session.slots;
    if (slots.height_cm.is_none() || slots.weight_jin.is_none()) && slots.waist_cm.is_none() {
        return None;
    }
    let fit = super::sizes::chart_fit(slots, scripts, item)?;
    (!fit.beyond && !fit.below).then_some(fit.size)
}

/// What the buyer wants, as a reply says it: `500元以内、保暖的外套`;
/// `needs`: those of the wish's needs to say.
fn wish_text<'w>(wish: &Wish, needs: impl Iterator<Item = &'w String>) -> String {
    let range = match (wish.budget, wish.cheaper_than) {
        (Some(b), _) => Some(b.text()),
        (None, Some(_)) => Some("更实惠".to_string()),
        (None, None) => None,
    };
    // A region is where the buyer wears it: `东北穿的羽绒服`, not `东北的`.
    let said = |need: &String| {
        if REGIONS.iter().any(|(region, _)| region == need) {
            format!("{need}穿")
        } else {
            need.clone()
        }
    };
    let mut needs: Vec<String> = needs.map(said).collect();
    if let Some(whom) = &wish.whom {
        needs.push(format!("给{whom}"));
    }
    let needs = (!needs.is_empty()).then(|| needs.join(LIST_SEPARATOR));
    let what = wish.category.as_deref().unwrap_or("款式");
    match (range, needs) {
        (Some(r), Some(n)) => format!("{r}{LIST_SEPARATOR}{n}的{what}"),
        (Some(r), None) | (None, Some(r)) => format!("{r}的{what}"),
        (None, None) => what.to_string(),
    }
}

/// Whether a part of this reply key named items for the wish: the picks,
/// said plainly, with the buyer's size, or for someone.
pub(super) fn is_pick(key: &str) -> bool {
    [
        PICK_KEY,
        PICK_SIZED_KEY,
        PICK_SIZE_OUT_KEY,
        PICK_GIFT_KEY,
        PICK_GIFT_INSTEAD_KEY,
    ]
    .contains(&key)
}

/// After a recommendation was said: the items its words named count as
/// shown (a variant may name only the first of the picks, `{pick}`), and a
/// single one becomes the item in talk (`有M码吗` next is about it).
/// `said`: the reply's text, sent now or deferred by the message limit.
pub(super) fn remember(session: &mut Session, scripts: &Scripts, c: &Classification, said: &str) {
    let Some(Recommendation::Picks(items)) = for_message(session, scripts, c) else {
        return;
    };
    let ids: Vec<String> = (items.iter())
        .filter(|i| said.contains(i.name.as_str()))
        .map(|i| i.id.clone())
        .collect();
    if let [only] = &ids[..] {
        if session.slots.item.as_deref() != Some(only.as_str()) {
            session.slots.item = Some(only.clone());
            session.slots.color = None;
        }
    }
    let shown = &mut session.slots.wish.shown;
    for id in ids {
        if !shown.contains(&id) {
            shown.push(id);
        }
    }
}
