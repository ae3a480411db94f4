//! The raw shape of script files, exactly as TOML gives it to us.
//!
//! These structs mirror `docs/scripts.md` one to one. Every value a supervisor
//! may get wrong is wrapped in [`Spanned`], so validation can point at its
//! line; every struct denies unknown fields, because a typo such as
//! `keywrods` must be an error rather than a silently disabled rule.
//!
//! Nothing here is checked beyond types: meaning (duplicate names, unknown
//! references, bad regexes) is the business of `validate`.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// `[negation]`: every field optional, defaults come from `NegationRule`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negation {
    pub markers: Option<Vec<Spanned<String>>>,
    pub window: Option<usize>,
    pub keep_in_questions: Option<bool>,
    pub question_markers: Option<Vec<Spanned<String>>>,
}

/// One `[[intent]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    pub name: Spanned<String>,
    #[allow(dead_code)] // shown by tools; accepted so packs may document intents
    pub description: Option<String>,
    pub weight: Option<Spanned<f64>>,
    pub negatable: Option<bool>,
    #[serde(default)]
    pub keywords: Vec<Spanned<Keyword>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<Pattern>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
}

/// A keyword: `"太贵"` or `{ text = "贵", weight = 0.6 }`.
#[derive(Debug)]
pub struct Keyword {
    pub text: String,
    /// `None`: the intent's weight.
    pub weight: Option<f64>,
}

/// A pattern: `'不值(这个)?价'` or `{ re = '贵.{0,2}了', weight = 0.8 }`.
#[derive(Debug)]
pub struct Pattern {
    pub re: String,
    /// `None`: the intent's weight.
    pub weight: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordTable {
    text: String,
    weight: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternTable {
    re: String,
    weight: Option<f64>,
}

impl From<KeywordTable> for Keyword {
    fn from(t: KeywordTable) -> Self {
        Keyword {
            text: t.text,
            weight: t.weight,
        }
    }
}

impl From<PatternTable> for Pattern {
    fn from(t: PatternTable) -> Self {
        Pattern {
            re: t.re,
            weight: t.weight,
        }
    }
}

/// Accepts either a bare string or an inline table. Written by hand rather
/// than as an untagged enum: untagged enums buffer the value, which loses the
/// spans and turns a typo inside the table into "did not match any variant".
struct StringOrTable<T, Table> {
    expecting: &'static str,
    from_str: fn(String) -> T,
    table: PhantomData<Table>,
}

impl<'de, T, Table> Visitor<'de> for StringOrTable<T, Table>
where
    Table: Deserialize<'de> + Into<T>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.from_str)(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok((self.from_str)(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        Table::deserialize(de::value::MapAccessDeserializer::new(map)).map(Into::into)
    }
}

impl<'de> Deserialize<'de> for Keyword {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringOrTable::<Keyword, KeywordTable> {
            expecting: "a keyword: a string, or { text = \"…\", weight = 0.5 }",
            from_str: |text| Keyword { text, weight: None },
            table: PhantomData,
        })
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringOrTable::<Pattern, PatternTable> {
            expecting: "a pattern: a string, or { re = '…', weight = 0.5 }",
            from_str: |re| Pattern { re, weight: None },
            table: PhantomData,
        })
    }
}

/// One `[[reply]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub intent: Spanned<String>,
    pub stage: Option<Spanned<String>>,
    pub stages: Option<Spanned<Vec<Spanned<String>>>>,
    pub texts: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub short: Vec<Spanned<String>>,
    /// Keywords or patterns of the intent (as written there): the set answers
    /// messages that matched one of them (`几天到` → the delivery-time set).
    #[serde(default)]
    pub when: Vec<Spanned<String>>,
}

/// One `[[item]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub price: Spanned<f64>,
    #[serde(default)]
    pub selling_points: Vec<String>,
    #[serde(default)]
    pub colors: Vec<String>,
    #[serde(default)]
    pub sizes: Vec<Spanned<String>>,
    #[serde(default)]
    pub stock: BTreeMap<Spanned<String>, u32>,
    pub size_chart: Option<Spanned<String>>,
    /// How the item's sizes run, for items without a chart (shoes).
    pub size_tip: Option<String>,
    /// The longest foot each size fits, in millimetres (shoes).
    #[serde(default)]
    pub foot_length: BTreeMap<Spanned<String>, Spanned<u32>>,
    /// What it is made of (`面料:80%棉、20%聚酯纤维`).
    pub material: Option<String>,
    #[serde(default)]
    pub similar: Vec<Spanned<String>>,
    /// The `[[category]]` names the item belongs to (`外套`, `羽绒服`).
    #[serde(default)]
    pub categories: Vec<Spanned<String>>,
    /// Needs the item meets, in buyers' words (`保暖`, `显瘦`, `上班`).
    #[serde(default)]
    pub good_for: Vec<Spanned<String>>,
    /// The `[[recipient]]` names it makes a good present for (`长辈`).
    #[serde(default)]
    pub gift_for: Vec<Spanned<String>>,
    /// Questions buyers ask about this item, with the shop's answers.
    #[serde(default)]
    pub faq: Vec<Spanned<Faq>>,
}

/// One `faq` entry of an `[[item]]`, or one shop-wide `[[faq]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    /// Words of the question: any one of them in the buyer's message.
    pub ask: Spanned<Vec<Spanned<String>>>,
    /// The answer, as the buyer reads it.
    pub say: Spanned<String>,
    /// The intent whose part of the reply it gives; `product_info` if not said.
    pub intent: Option<Spanned<String>>,
}

/// One `[[category]]`: a kind of goods buyers ask for by its words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: Spanned<String>,
    /// How buyers say it (`外套`, `大衣`); the name is not a word unless listed.
    pub words: Spanned<Vec<Spanned<String>>>,
}

/// One `[[recipient]]`: someone buyers buy presents for (`长辈`), by the
/// words they call them (`妈妈`, `爸爸`). The same shape as a category.
pub type Recipient = Category;

/// One `[[size_chart]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeChart {
    pub name: Spanned<String>,
    pub rows: Spanned<Vec<Spanned<SizeRow>>>,
}

/// One row of a size chart; ranges are `[low, high]`, inclusive.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeRow {
    pub size: String,
    pub height: Spanned<[u32; 2]>,
    pub weight: Spanned<[u32; 2]>,
    /// Waist in cm (trousers); optional.
    pub waist: Option<Spanned<[u32; 2]>>,
}

/// `[shop]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shop {
    pub name: Spanned<String>,
    pub ship_cutoff: Option<Spanned<String>>,
    #[serde(default)]
    pub couriers: Vec<String>,
    pub free_shipping: Option<String>,
    pub delivery_time: Option<String>,
    pub gift: Option<String>,
    pub packaging: Option<String>,
    /// Which invoices the shop issues (`电子普通发票…`).
    pub invoices: Option<String>,
    /// What the shop sells, in a few words (`卫衣、羽绒服…`).
    pub assortment: Option<String>,
    pub promotion: Option<String>,
    pub business_hours: Option<Spanned<String>>,
    pub time_zone: Option<Spanned<String>>,
    pub low_stock: Option<u32>,
    pub multi_buy: Option<Spanned<MultiBuy>>,
}

/// `multi_buy = { items = 2, rate = 0.95, with_coupons = true }` in `[shop]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiBuy {
    pub items: u32,
    pub rate: f64,
    #[serde(default)]
    pub with_coupons: bool,
}

/// One `[[coupon]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coupon {
    pub name: String,
    pub text: Spanned<String>,
    pub expires: Option<String>,
    pub min_spend: Option<Spanned<u32>>,
    pub off: Option<Spanned<u32>>,
}

/// One `[[region]]`: provinces the shop delivers to alike.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: Spanned<String>,
    /// Province names (`上海`, `内蒙古`); a buyer's city counts as its province.
    pub places: Spanned<Vec<Spanned<String>>>,
    /// How long parcels take there, said after the place (`一般发货后2-4天到`).
    pub delivery: Option<String>,
    /// Whether shipping there is free, said after the place (`包邮`).
    pub shipping: Option<String>,
}

/// A value together with the index of the file it came from.
#[derive(Debug)]
pub struct InFile<T> {
    pub file: usize,
    pub value: Spanned<T>,
}

/// Everything read from all files of a pack, merged in file order.
#[derive(Debug, Default)]
pub struct Pack {
    pub negation: Vec<InFile<Negation>>,
    pub intents: Vec<InFile<Intent>>,
    pub replies: Vec<InFile<Reply>>,
    pub items: Vec<InFile<Item>>,
    pub size_charts: Vec<InFile<SizeChart>>,
    pub categories: Vec<InFile<Category>>,
    pub recipients: Vec<InFile<Recipient>>,
    pub shop: Vec<InFile<Shop>>,
    pub coupons: Vec<InFile<Coupon>>,
    pub regions: Vec<InFile<Region>>,
    pub faqs: Vec<InFile<Faq>>,
    /// Names of intents, ids of items and names of size charts whose table
    /// failed to deserialize. The broken table is already reported;
    /// remembering its name keeps references to it from producing a second,
    /// misleading "unknown" error.
    pub broken_intents: Vec<String>,
    pub broken_items: Vec<String>,
    pub broken_charts: Vec<String>,
    pub broken_categories: Vec<String>,
    pub broken_recipients: Vec<String>,
    /// A `[shop]` was given but could not be read (already reported).
    pub broken_shop: bool,
    /// A file could not be read as a whole (bad UTF-8, TOML syntax): skip the
    /// checks that need to see every file, such as "no [shop] anywhere".
    pub incomplete: bool,
}
