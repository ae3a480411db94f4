//! The product catalogue and shop policies, as compiled from the scripts.
//!
//! These are facts the replies quote (prices, sizes, stock, the dispatch
//! cut-off). The bot never invents them: a reply variant that needs a fact the
//! scripts do not state is skipped.

pub use super::chart::{SizeChart, SizeRow};
use super::gifts::RecipientWords;
use super::{Location, Recipient};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One product the shop sells.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
    /// Other names buyers use for it (`卫衣`, `连帽衫`).
    pub aliases: Vec<String>,
    /// The name and the aliases normalised like messages, empty ones left
    /// out: what a message is searched for when it may name the item. Kept
    /// so that no message has to normalise the catalogue again.
    pub spoken: Vec<String>,
    /// Price in yuan.
    pub price: f64,
    pub selling_points: Vec<String>,
    pub colors: Vec<String>,
    pub sizes: Vec<String>,
    /// Pieces in stock per size; a size not listed has none.
    pub stock: BTreeMap<String, u32>,
    pub size_chart: Option<String>,
    /// How the sizes run, in the shop's words (`是标准码,脚宽建议拍大一码`):
    /// the size answer for an item a chart cannot work out (shoes).
    pub size_tip: Option<String>,
    /// The longest foot each size fits, in millimetres, shortest first
    /// (`("38", 240)`): shoes are chosen by foot length, which a buyer can
    /// measure, where height and weight say little.
    pub foot_length: Vec<(String, u32)>,
    /// What it is made of, as the label says (`80%棉、20%聚酯纤维`): the
    /// answer to `是纯棉的吗`, `什么面料`.
    pub material: Option<String>,
    /// Ids of items to suggest instead, best first.
    pub similar: Vec<String>,
    /// The names of the categories it belongs to (`外套`, `羽绒服`).
    pub categories: Vec<String>,
    /// Needs it meets, normalised like messages (`保暖`, `显瘦`): what a
    /// buyer asking for a recommendation may say they want.
    pub good_for: Vec<String>,
    /// The `[[recipient]]` names it makes a good present for (`长辈`).
    pub gift_for: Vec<String>,
    /// The shop's answers to questions about this item, in file order.
    pub faq: FaqBook,
}

/// A question and the shop's answer to it: about one item (`[[item]] faq`:
/// "会起球吗" on the hoodie's page gets what the shop knows of the hoodie,
/// where the intent's own replies can only quote its selling points), or
/// about the shop (`[[faq]]`: "有实体店吗").
#[derive(Debug, Clone, PartialEq)]
pub struct Faq {
    /// The question's words, normalised like messages; any one of them asks it.
    pub ask: Vec<String>,
    /// Where each of `ask` is written, in the same order: what a
    /// supervisor edits when the answer is wrong (`kefu chat` names it).
    /// Empty for an entry made in code.
    pub asked_at: Vec<Location>,
    pub say: String,
    /// The intent whose part of the reply this answer gives.
    pub intent: String,
}

impl Faq {
    /// The first of its words the normalised message holds, with where it
    /// is written when known.
    pub fn asked_in(&self, normalized: &str) -> Option<(&str, Option<&Location>)> {
        let at = self
            .ask
            .iter()
            .position(|w| normalized.contains(w.as_str()))?;
        Some((self.ask[at].as_str(), self.asked_at.get(at)))
    }
}

/// The shop's answers to one item's questions (`[[item]] faq`) or to the
/// shop's (`[[faq]]`), found in a message in one pass: they are looked for
/// in every message, and most hold none of their words.
#[derive(Debug, Clone, Default)]
pub struct FaqBook {
    entries: Vec<Faq>,
    /// Every entry's words; `None` when there are none.
    words: Option<AhoCorasick>,
    /// For each pattern of `words`, the index of its entry.
    entry_of: Vec<usize>,
}

impl PartialEq for FaqBook {
    fn eq(&self, other: &FaqBook) -> bool {
        self.entries == other.entries
    }
}

impl FaqBook {
    pub fn new(entries: Vec<Faq>) -> FaqBook {
        let mut words = Vec::new();
        let mut entry_of = Vec::new();
        for (i, faq) in entries.iter().enumerate() {
            for word in &faq.ask {
                words.push(word.as_str());
                entry_of.push(i);
            }
        }
        // The words are checked non-empty; a failure to build would only
        // cost the answers, never the bot. A pack builds one book per item:
        // a contiguous NFA builds in a fraction of a DFA's time, and on a
        // chat message's few bytes it searches as fast.
        let words = (!words.is_empty())
            .then(|| {
                (AhoCorasick::builder())
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(&words)
                    .ok()
            })
            .flatten();
        FaqBook {
            entries,
            words,
            entry_of,
        }
    }

    pub fn entries(&self) -> &[Faq] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry whose words the normalised message holds, in the order
    /// the message asks them (where each entry's first word found starts),
    /// each once: `会缩水吗 白色透不透` asks two of a T-shirt's.
    pub fn find_all(&self, normalized: &str) -> Vec<&Faq> {
        let Some(words) = self.words.as_ref() else {
            return Vec::new();
        };
        let mut found: Vec<(usize, usize)> = Vec::new();
        for m in words.find_overlapping_iter(normalized) {
            let entry = self.entry_of[m.pattern().as_usize()];
            match found.iter_mut().find(|(e, _)| *e == entry) {
                Some((_, at)) => *at = (*at).min(m.start()),
                None => found.push((entry, m.start())),
            }
        }
        found.sort_by_key(|&(entry, at)| (at, entry));
        found
            .iter()
            .map(|&(entry, _)| &self.entries[entry])
            .collect()
    }
}

/// The intent a `faq` entry answers when it does not name one.
pub const FAQ_DEFAULT_INTENT: &str = "product_info";

impl Item {
    /// Whether the item comes in `size` at all (38 on a hoodie sold in
    /// S–XXL does not); an item that lists no sizes is taken at its word.
    pub fn is_made_in(&self, size: &str) -> bool {
        self.sizes.is_empty() || self.sizes.iter().any(|s| s == size)
    }

    /// The size for a foot `mm` long: the smallest whose foot length
    /// reaches it. `None` without a foot-length table, or for a foot longer
    /// than the largest size fits.
    pub fn size_for_foot(&self, mm: u32) -> Option<&str> {
        (self.foot_length.iter())
            .find(|(_, fits)| *fits >= mm)
            .map(|(size, _)| size.as_str())
    }

    pub fn stock_of(&self, size: &str) -> u32 {
        self.stock.get(size).copied().unwrap_or(0)
    }

    /// The sizes with at least one piece in stock, in catalogue order.
    pub fn sizes_in_stock(&self) -> impl Iterator<Item = &str> {
        self.sizes
            .iter()
            .map(String::as_str)
            .filter(|s| self.stock_of(s) > 0)
    }

    /// The nearest size in stock on each side of `size` in the item's
    /// sizes (28 and 30 for a sold-out 29), smaller first.
    pub fn in_stock_next_to(&self, size: &str) -> Vec<&str> {
        let Some(at) = self.sizes.iter().position(|s| s == size) else {
            return Vec::new();
        };
        let in_stock = |s: &&String| self.stock_of(s) > 0;
        let below = self.sizes[..at].iter().rev().find(in_stock);
        let above = self.sizes[at + 1..].iter().find(in_stock);
        below.into_iter().chain(above).map(String::as_str).collect()
    }

    /// The size `step` places up (positive) or down from `size` in the
    /// item's sizes (`大一码` from S is M); `None` past either end, or for a
    /// size the item is not made in.
    pub fn size_next_to(&self, size: &str, step: i8) -> Option<String> {
        let at = self.sizes.iter().position(|s| s == size)?;
        let to = at.checked_add_signed(step as isize)?;
        self.sizes.get(to).cloned()
    }

    /// Every answer of its `faq` the normalised message asks for, in the
    /// order asked (see [`FaqBook::find_all`]).
    pub fn faqs_for(&self, normalized: &str) -> Vec<&Faq> {
        self.faq.find_all(normalized)
    }

    /// Whether any size has a piece in stock.
    pub fn in_stock(&self) -> bool {
        self.stock.values().any(|&n| n > 0)
    }

    /// How many of `needs` (normalised words) it meets.
    pub fn meets(&self, needs: &[String]) -> usize {
        needs.iter().filter(|n| self.good_for.contains(n)).count()
    }

    /// Price as buyers read it: `129` or `129.9`.
    pub fn price_text(&self) -> String {
        format_price(self.price)
    }
}

/// Whether `word` is in `text` at least once not refused: not right after
/// `不`, `不要`, `不用太`, `别`.
fn wanted(text: &str, word: &str) -> bool {
    const REFUSED: &[&str] = &[
        "不",
        "不要",
        "不用",
        "不用太",
        "不要太",
        "别",
        "别太",
        "不太",
    ];
    text.match_indices(word).any(|(at, _)| {
        let before = &text[..at];
        !REFUSED.iter().any(|r| before.ends_with(r))
    })
}

/// Formats yuan without useless decimals, to the fen: `129`, `129.9`,
/// `112.55`. Rounded first, then trimmed: an amount that rounds to whole
/// yuan (`129.995`, a sum like `225.1000001`) reads `130`, never `130.`.
pub fn format_price(price: f64) -> String {
    let fen = format!("{price:.2}");
    match fen.strip_suffix(".00") {
        Some(yuan) => yuan.to_string(),
        None => fen.trim_end_matches('0').to_string(),
    }
}

/// A kind of goods buyers ask for without naming an item (`想买件外套`,
/// `有裙子吗`). One with no item is a kind the shop does not sell: the
/// bot says so instead of not understanding.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub name: String,
    /// How buyers say it, normalised like messages.
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub items: Vec<Item>,
    pub size_charts: Vec<SizeChart>,
    pub categories: Vec<Category>,
    /// Whom buyers buy presents for (see [`Catalog::recipient_in`]).
    pub recipients: Vec<Recipient>,
    /// Their words as one automaton, built with the catalogue.
    pub(super) recipient_words: Derived<Option<RecipientWords>>,
    /// The words a wish is said in (`[[category]] words`, `good_for`) as
    /// one Aho-Corasick automaton, built on first use: most messages hold
    /// none, and one pass over the text tells, where a `contains` per word
    /// cost a few microseconds on each question about an item.
    wish_words: Derived<OnceLock<Option<AhoCorasick>>>,
}

/// Something derived from the catalogue's own words (an automaton over
/// them): equal whatever it holds, since the comparison covers the words.
#[derive(Debug, Clone, Default)]
pub(super) struct Derived<T>(pub(super) T);

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Derived<T>) -> bool {
        true
    }
}

impl Catalog {
    pub fn new(
        items: Vec<Item>,
        size_charts: Vec<SizeChart>,
        categories: Vec<Category>,
        recipients: Vec<Recipient>,
    ) -> Catalog {
        Catalog {
            items,
            size_charts,
            categories,
            recipient_words: Derived(RecipientWords::of(&recipients)),
            recipients,
            wish_words: Derived::default(),
        }
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn chart_for(&self, item: &Item) -> Option<&SizeChart> {
        let name = item.size_chart.as_deref()?;
        self.size_charts.iter().find(|c| c.name == name)
    }

    /// The items of category `name`, in catalogue order.
    pub fn items_of<'c>(&'c self, name: &'c str) -> impl Iterator<Item = &'c Item> + 'c {
        self.items
            .iter()
            .filter(move |i| i.categories.iter().any(|c| c == name))
    }

    /// The category a message (normalised) asks for, if it says one's
    /// word. A word inside an item's longer name does not count: `老爹鞋`
    /// names that item, not any `鞋`. When words of several categories are
    /// there (`羽绒服外套`), the one with the fewest items is the most precise.
    pub fn category_in(&self, normalized: &str) -> Option<&Category> {
        if !self.says_wish_words(normalized) {
            return None;
        }
        let names: Vec<&String> = (self.items.iter())
            .flat_map(|i| &i.spoken)
            .filter(|n| normalized.contains(n.as_str()))
            .collect();
        let said = |w: &String| {
            normalized.contains(w.as_str())
                && !names
                    .iter()
                    .any(|n| n.chars().count() > w.chars().count() && n.contains(w.as_str()))
        };
        (self.categories.iter())
            .filter(|c| c.words.iter().any(said))
            .min_by_key(|c| self.items_of(&c.name).count().max(1))
    }

    /// Whether a message (normalised) holds any category or need word.
    fn says_wish_words(&self, normalized: &str) -> bool {
        let automaton = self.wish_words.0.get_or_init(|| {
            let words = (self.categories.iter())
                .flat_map(|c| &c.words)
                .chain(self.items.iter().flat_map(|i| &i.good_for));
            AhoCorasick::new(words).ok()
        });
        // An automaton that could not be built (never for words this size)
        // leaves the words to be looked for one by one.
        automaton.as_ref().is_none_or(|ac| ac.is_match(normalized))
    }

    /// The needs some item meets (its `good_for` words) that a message
    /// (normalised) says, in catalogue order, each once. A need refused
    /// (`不要加绒的`, `不用太保暖`) is not one.
    pub fn needs_in(&self, normalized: &str) -> Vec<String> {
        let mut needs: Vec<String> = Vec::new();
        if !self.says_wish_words(normalized) {
            return needs;
        }
        for word in self.items.iter().flat_map(|i| &i.good_for) {
            if !needs.contains(word) && wanted(normalized, word) {
                needs.push(word.clone());
            }
        }
        // `更保暖` holds `保暖`: said once, it is the longer need only.
        let inside = |short: &String, needs: &[String]| {
            needs.iter().any(|long| {
                long != short
                    && long.contains(short.as_str())
                    && normalized.matches(short.as_str()).count()
                        <= normalized.matches(long.as_str()).count()
            })
        };
        let found = needs.clone();
        needs.retain(|n| !inside(n, &found));
        needs
    }

    /// The first similar item that has `size` in stock (any size when `None`).
    pub fn similar_in_stock(&self, item: &Item, size: Option<&str>) -> Option<&Item> {
        item.similar
            .iter()
            .filter_map(|id| self.item(id))
            .find(|other| match size {
                Some(s) => other.stock_of(s) > 0,
                None => other.in_stock(),
            })
    }
}

/// A coupon or campaign the shop runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Coupon {
    pub name: String,
    /// How replies quote it: `满199减20的店铺券`.
    pub text: String,
    /// When it expires, as nudges quote it (`今晚24点`); none: never quoted.
    pub expires: Option<String>,
    /// Spend at least `min_spend` yuan, get `off` yuan off: what the bot
    /// needs to work out a price after the coupon. None: quoted, never
    /// counted.
    pub deal: Option<CouponDeal>,
}

/// A coupon's terms as numbers: `满199减20` is `min_spend` 199, `off` 20.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CouponDeal {
    pub min_spend: u32,
    pub off: u32,
}

/// The shop's multi-buy discount: `items` or more pieces (any items) at
/// `rate` of their price (0.95 is 9.5折).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MultiBuy {
    pub items: u32,
    pub rate: f64,
    /// Whether a coupon still applies on top of it (可与店铺券叠加).
    pub with_coupons: bool,
}

/// How lists (colours, couriers, selling points, sizes) read in a reply.
pub const LIST_SEPARATOR: &str = "、";

/// The template variables the shop's own facts fill, as [`Shop::fact`]
/// reads them.
pub const SHOP_FACTS: &[&str] = &[
    "shop",
    "coupon",
    "gift",
    "packaging",
    "invoices",
    "promotion",
    "ship_cutoff",
    "free_shipping",
    "delivery_time",
    "business_hours",
    "couriers",
];

/// Shop-wide policies replies may quote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shop {
    pub name: String,
    /// Paid before this time ships the same day, `17:00`.
    pub ship_cutoff: Option<String>,
    pub couriers: Vec<String>,
    pub free_shipping: Option<String>,
    /// How long parcels usually take once shipped, in the shop's words.
    pub delivery_time: Option<String>,
    pub gift: Option<String>,
    /// How parcels are packed and what the shop does for a present (gift
    /// boxes, cards, no price list), in the shop's words.
    pub packaging: Option<String>,
    /// Which invoices the shop issues and which it cannot (`电子普通发票…;
    /// 暂不开增值税专用发票`), said to `能开专票吗` as written.
    pub invoices: Option<String>,
    /// What the shop sells, in a few words: said when a buyer asks for a
    /// kind of goods it does not sell.
    pub assortment: Option<String>,
    pub promotion: Option<String>,
    /// When people answer, `09:00-23:00`.
    pub business_hours: Option<String>,
    pub coupons: Vec<Coupon>,
    /// IANA time zone of the shop's clock; empty: Asia/Shanghai.
    pub time_zone: String,
    /// Stock of the ordered size at or below this may be mentioned in a
    /// payment nudge; none: stock is never mentioned.
    pub low_stock: Option<u32>,
    /// None: no multi-buy discount is counted in a price.
    pub multi_buy: Option<MultiBuy>,
    /// Delivery time and shipping fee by where the parcel goes; a province
    /// in none of them gets the shop-wide `delivery_time` and `free_shipping`.
    pub regions: Vec<Region>,
    /// Answers to questions about the shop (`[[faq]]`).
    pub faq: FaqBook,
}

/// Provinces the shop delivers to alike (`[[region]]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Region {
    pub name: String,
    /// Province names, as [`crate::nlu::provinces`] spells them.
    pub provinces: Vec<String>,
    /// How long parcels take there (`一般发货后2-4天到`).
    pub delivery: Option<String>,
    /// Whether shipping there is free (`包邮`, `需要补运费…`).
    pub shipping: Option<String>,
}

impl Shop {
    /// A fact of the shop by its template name (one of [`SHOP_FACTS`]:
    /// `{ship_cutoff}`, `{couriers}` joined…); `None` when the shop does
    /// not state it, or states it empty. What replies quote and what the
    /// lint measures them by.
    pub fn fact(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        let value: Cow<str> = match name {
            "shop" => Cow::Borrowed(&self.name),
            "coupon" => Cow::Borrowed(&self.coupons.first()?.text),
            "gift" => Cow::Borrowed(self.gift.as_deref()?),
            "packaging" => Cow::Borrowed(self.packaging.as_deref()?),
            "invoices" => Cow::Borrowed(self.invoices.as_deref()?),
            "promotion" => Cow::Borrowed(self.promotion.as_deref()?),
            "ship_cutoff" => Cow::Borrowed(self.ship_cutoff.as_deref()?),
            "free_shipping" => Cow::Borrowed(self.free_shipping.as_deref()?),
            "delivery_time" => Cow::Borrowed(self.delivery_time.as_deref()?),
            "business_hours" => Cow::Borrowed(self.business_hours.as_deref()?),
            "couriers" => Cow::Owned(self.couriers.join(LIST_SEPARATOR)),
            _ => return None,
        };
        (!value.trim().is_empty()).then_some(value)
    }

    /// The region every province of `place` lies in; `None` when the place
    /// spans regions (`江浙沪` where Shanghai is apart) or lies in none.
    pub fn region_for(&self, place: &crate::nlu::Place) -> Option<&Region> {
        let (first, rest) = place.provinces.split_first()?;
        let region = self
            .regions
            .iter()
            .find(|r| r.provinces.iter().any(|p| p == first))?;
        rest.iter()
            .all(|p| region.provinces.iter().any(|q| q == p))
            .then_some(region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> SizeChart {
        let row = |size: &str, h: (u32, u32), w: (u32, u32)| SizeRow {
            waist: None,
            size: size.into(),
            height: h,
            weight: w,
        };
        SizeChart {
            name: "tops".into(),
            rows: vec![
                row("S", (150, 160), (80, 100)),
                row("M", (160, 168), (100, 120)),
                row("L", (168, 175), (120, 140)),
                row("XL", (175, 182), (140, 160)),
            ],
        }
    }

    #[test]
    fn size_follows_the_larger_of_height_and_weight() {
        let c = chart();
        assert_eq!(c.size_for(Some(165), Some(110), None), Some("M"));
        assert_eq!(c.size_for(Some(165), Some(130), None), Some("L"));
        assert_eq!(c.size_for(Some(190), None, None), Some("XL"));
        assert_eq!(c.size_for(None, Some(90), None), Some("S"));
        assert_eq!(c.size_for(None, None, None), None);
    }

    #[test]
    fn a_waist_points_at_a_row_where_the_chart_gives_waists() {
        let mut c = chart();
        // A chart without waists leaves the waist aside.
        assert_eq!(c.size_for(Some(165), None, Some(80)), Some("M"));
        assert_eq!(c.size_for(None, None, Some(80)), None);
        for (row, waist) in c
            .rows
            .iter_mut()
            .zip([(64, 68), (68, 71), (71, 74), (74, 78)])
        {
            row.waist = Some(waist);
        }
        assert_eq!(c.size_for(None, None, Some(70)), Some("M"));
        // The larger size wins, as between height and weight.
        assert_eq!(c.size_for(Some(155), Some(90), Some(73)), Some("L"));
        assert_eq!(c.size_for(Some(180), None, Some(66)), Some("XL"));
        assert_eq!(c.size_for(None, None, Some(99)), Some("XL"));
    }

    #[test]
    fn prices_read_naturally() {
        assert_eq!(format_price(129.0), "129");
        assert_eq!(format_price(129.9), "129.9");
        assert_eq!(format_price(7.99), "7.99");
        // Rounded to the fen before the zeros go: never `130.`.
        assert_eq!(format_price(129.995), "130");
        assert_eq!(format_price(0.1 + 0.2), "0.3");
        assert_eq!(format_price(225.099999), "225.1");
    }
}
