//! Lint: wording the marketplaces punish, in a pack that is otherwise valid.
//!
//! Validation ([`super::load_dir`]) refuses what cannot work; lint warns about
//! what works but costs the shop: absolute claims the advertising law forbids
//! (最, 第一, 国家级, 100%, 绝对 …), promises the service manuals forbid
//! (a guaranteed delivery date, "no colour difference at all"), and replies
//! too long for one chat bubble; patterns that, holding no fixed text,
//! would be tried on every message; a promotion announcing another deal
//! than the one prices count (`deals`); two items answering to one word
//! (`aliases`); intents with nothing to say in some stage or before an
//! item is in talk (`coverage`); and keywords or patterns of an intent that
//! hands the chat to a person which ordinary messages hold (`handover`).
//! Warnings never stop the bot or a reload;
//! `kefu check --lint --deny-warnings` makes them fatal for a CI gate.
//!
//! Lint reads the files again, with spans, because a compiled [`Scripts`]
//! knows a reply set's line but not each variant's. Only text a buyer reads
//! is linted: reply variants, and the catalogue and shop facts that replies
//! quote. Keywords are not: buyers do write 最 and 绝对, and rules must match it.

mod aliases;
mod coverage;
mod deals;
mod handover;
mod wording;

pub use wording::{check_wording, WordingProblem};

use super::pattern::normalize_pattern;
use super::source::Sources;
use super::{Location, Scripts, Template};
use crate::nlu::normalize;
use serde_spanned::Spanned;
use std::fmt;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// How lint judges length.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Longest reply variant, in characters, with every variable filled with
    /// its longest value in this pack. Past about 80 a reply no longer fits
    /// one chat bubble on a phone and buyers stop reading.
    pub max_reply_chars: usize,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            max_reply_chars: 80,
        }
    }
}

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// Lints the `*.toml` files of `dir`, which `scripts` was loaded from.
/// A file that cannot be read again is skipped: the loader has just read it,
/// and lint has nothing to add to an I/O error.
pub fn lint_dir(dir: &Path, scripts: &Scripts, options: &LintOptions) -> Vec<Warning> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "toml") && p.is_file())
        .collect();
    paths.sort();
    let files: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(p).ok()?)))
        .collect();
    lint_sources(&files, scripts, options)
}

/// Lints `(file name, text)` pairs; `scripts` is the pack they compile to,
/// used for the longest value of each template variable.
pub fn lint_sources(
    files: &[(String, String)],
    scripts: &Scripts,
    options: &LintOptions,
) -> Vec<Warning> {
    let mut sources = Sources::new("<lint>");
    let longest = Longest::of(scripts);
    let mut warnings = Vec::new();
    let mut uncovered = uncovered_provinces(scripts);
    let mut intent_at = std::collections::HashMap::new();
    let mut item_words = aliases::ItemWords::default();
    let mut handover_words = Vec::new();
    for (name, text) in files {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let file = sources.add(name.clone(), text);
        let Ok(root) = DeTable::parse(text) else {
            continue; // the loader reports syntax errors
        };
        let mut lint = FileLint {
            file,
            sources: &sources,
            longest: &longest,
            options,
            warnings: &mut warnings,
        };
        for (key, value) in root.get_ref() {
            match key.get_ref().as_ref() {
                "reply" => lint.tables(value, &["texts", "short"], true),
                "item" => {
                    item_words.read(value, file, &sources, lint.warnings);
                    lint.tables(
                        value,
                        &["name", "selling_points", "colors", "size_tip", "material"],
                        false,
                    );
                    // A faq answer is a whole reply: its length counts too.
                    lint.nested(value, "faq", &["say"]);
                }
                "coupon" => lint.tables(value, &["text"], false),
                // The shop's own answers are whole replies.
                "faq" => lint.tables(value, &["say"], true),
                "region" => {
                    lint.tables(value, &["delivery", "shipping"], false);
                    if let Some(missing) = uncovered.take() {
                        lint.uncovered(value, &missing);
                    }
                }
                "shop" => {
                    lint.table_all(value);
                    lint.promotion(value, &scripts.shop);
                }
                "intent" => {
                    lint.patterns(value);
                    handover_words.extend(handover::words(value, file, &sources));
                    intent_at.extend(named_tables(value, "name", file, &sources));
                }
                _ => {}
            }
        }
    }
    warnings.extend(coverage::stages_unanswered(scripts, &intent_at));
    warnings.extend(handover::too_broad(&handover_words, scripts));
    warnings.sort_by(|a, b| (&a.at.file, a.at.line).cmp(&(&b.at.file, b.at.line)));
    warnings
}

/// The `key` (`name`) of each `[[…]]` table of `value`, with where the
/// table starts.
fn named_tables(
    value: &Spanned<DeValue<'_>>,
    key: &str,
    file: usize,
    sources: &Sources,
) -> Vec<(String, Location)> {
    let Some(tables) = value.get_ref().as_array() else {
        return Vec::new();
    };
    (tables.iter())
        .filter_map(|table| {
            let name = table.get_ref().as_table()?.get(key)?.get_ref().as_str()?;
            Some((name.to_string(), sources.of(file, table)))
        })
        .collect()
}

struct FileLint<'a> {
    file: usize,
    sources: &'a Sources,
    longest: &'a Longest,
    options: &'a LintOptions,
    warnings: &'a mut Vec<Warning>,
}

impl FileLint<'_> {
    /// `[[key]]` tables (or a single `[key]`): lints the strings under `fields`.
    fn tables(&mut self, value: &Spanned<DeValue<'_>>, fields: &[&str], is_reply: bool) {
        let tables: Vec<&DeTable<'_>> = match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|v| v.get_ref().as_table())
                .collect(),
            DeValue::Table(t) => vec![t],
            _ => return,
        };
        for table in tables {
            for (key, value) in table {
                if fields.contains(&key.get_ref().as_ref()) {
                    self.strings(value, is_reply);
                }
            }
        }
    }

    /// The `inner` tables of each `[[key]]` table (`[[item]] faq`), whose
    /// `fields` are replies.
    fn nested(&mut self, value: &Spanned<DeValue<'_>>, inner: &str, fields: &[&str]) {
        let Some(tables) = value.get_ref().as_array() else {
            return;
        };
        for table in tables.iter().filter_map(|v| v.get_ref().as_table()) {
            if let Some(list) = table.get(inner) {
                self.tables(list, fields, true);
            }
        }
    }

    /// `[[intent]]` patterns that cannot be gated on a literal run on every
    /// message (see `nlu::has_gate`): they work, but cost every message.
    fn patterns(&mut self, value: &Spanned<DeValue<'_>>) {
        let Some(intents) = value.get_ref().as_array() else {
            return;
        };
        let tables = intents.iter().filter_map(|v| v.get_ref().as_table());
        for table in tables {
            let Some(list) = table.get("patterns").and_then(|p| p.get_ref().as_array()) else {
                continue;
            };
            for item in list {
                let source = match item.get_ref() {
                    DeValue::String(s) => s.as_ref(),
                    DeValue::Table(t) => match t.get("re").map(|r| r.get_ref()) {
                        Some(DeValue::String(s)) => s.as_ref(),
                        _ => continue,
                    },
                    _ => continue,
                };
                let read = normalize_pattern(source);
                if read.changed {
                    self.warnings.push(Warning {
                        at: self.sources.of(self.file, item),
                        message: format!(
                            "pattern `{source}` is read as `{}`: messages are matched \
                             half-width, simplified and lower-case (full-width （ ） ｜ are \
                             grouping, other full-width punctuation is literal); write it so",
                            read.text
                        ),
                    });
                }
                if !crate::nlu::has_gate(&read.text) {
                    self.warnings.push(Warning {
                        at: self.sources.of(self.file, item),
                        message: format!(
                            "pattern `{source}` can match without any fixed text, so it is tried \
                             on every message and slows every one down: give it a word it always \
                             contains (or turn it into keywords)"
                        ),
                    });
                }
            }
        }
    }

    /// `[shop] promotion` against the numbers prices are worked out with.
    fn promotion(&mut self, value: &Spanned<DeValue<'_>>, shop: &super::Shop) {
        let table = value.get_ref().as_table();
        let Some(promotion) = table.and_then(|t| t.get("promotion")) else {
            return;
        };
        if let Some(text) = promotion.get_ref().as_str() {
            let at = self.sources.of(self.file, promotion);
            self.warnings.extend(deals::promotion(text, &at, shop));
        }
    }

    /// Provinces in no `[[region]]`, said at the first region table.
    fn uncovered(&mut self, value: &Spanned<DeValue<'_>>, missing: &[&str]) {
        let first = value.get_ref().as_array().and_then(|a| a.first());
        let at = self.sources.of(self.file, first.unwrap_or(value));
        self.warnings.push(Warning {
            at,
            message: format!(
                "provinces in no [[region]]: {}; buyers there get the shop-wide delivery_time \
                 and free_shipping instead of their region's (add them to a region if that is \
                 not meant)",
                super::source::quoted_list(missing.iter().copied())
            ),
        });
    }

    /// `[shop]`: every string in it is quoted to buyers.
    fn table_all(&mut self, value: &Spanned<DeValue<'_>>) {
        if let Some(table) = value.get_ref().as_table() {
            for value in table.values() {
                self.strings(value, false);
            }
        }
    }

    /// A string or an array of strings.
    fn strings(&mut self, value: &Spanned<DeValue<'_>>, is_reply: bool) {
        match value.get_ref() {
            DeValue::String(text) => self.one(text, value, is_reply),
            DeValue::Array(items) => {
                for item in items {
                    if let DeValue::String(text) = item.get_ref() {
                        self.one(text, item, is_reply);
                    }
                }
            }
            _ => {}
        }
    }

    fn one<T>(&mut self, text: &str, at: &Spanned<T>, is_reply: bool) {
        let at = self.sources.of(self.file, at);
        for problem in check_wording(text) {
            self.warnings.push(Warning {
                at: at.clone(),
                message: problem.to_string(),
            });
        }
        if is_reply {
            let length = self.longest.rendered_chars(text);
            if length > self.options.max_reply_chars {
                self.warnings.push(Warning {
                    at,
                    message: format!(
                        "reply of about {length} characters (longest values filled in) is longer \
                         than one chat bubble ({} characters): split it or shorten it",
                        self.options.max_reply_chars
                    ),
                });
            }
        }
    }
}

/// The longest value each template variable takes in this pack, so that a
/// reply's length is judged as a buyer would see it at worst.
struct Longest {
    chars: std::collections::HashMap<&'static str, usize>,
}

impl Longest {
    /// Values the catalogue and the shop give are measured; values that come
    /// from the conversation get a typical length.
    fn of(scripts: &Scripts) -> Longest {
        let count = |s: &str| s.chars().count();
        // Lists are joined with one separator character (`LIST_SEPARATOR`).
        let list = |items: &[String]| {
            items.iter().map(|s| count(s)).sum::<usize>() + items.len().saturating_sub(1)
        };
        let items = &scripts.catalog.items;
        let max = |f: &dyn Fn(&crate::script::Item) -> usize| items.iter().map(f).max();
        let shop = &scripts.shop;
        let opt = |s: &Option<String>| s.as_deref().map_or(0, count);
        let mut chars = std::collections::HashMap::new();
        let name = max(&|i| count(&i.name)).unwrap_or(8);
        let price = max(&|i| count(&i.price_text())).unwrap_or(4);
        chars.insert("item", name);
        chars.insert("similar", name);
        chars.insert("price", price);
        chars.insert("similar_price", price);
        chars.insert("pick", name);
        chars.insert("pick_sized", name);
        chars.insert("pick_price", price);
        // Two names with their prices: `名称(129元)、名称(99元)`.
        chars.insert("picks", 2 * (name + price + 3) + 1);
        chars.insert("sizes", max(&|i| list(&i.sizes)).unwrap_or(8));
        chars.insert("colors", max(&|i| list(&i.colors)).unwrap_or(8));
        chars.insert(
            "selling_points",
            max(&|i| list(&i.selling_points)).unwrap_or(20),
        );
        chars.insert(
            "pick_points",
            max(&|i| list(&i.selling_points)).unwrap_or(20),
        );
        chars.insert(
            "material",
            max(&|i| i.material.as_deref().map_or(0, count)).unwrap_or(0),
        );
        chars.insert(
            "size_tip",
            max(&|i| i.size_tip.as_deref().map_or(0, count)).unwrap_or(0),
        );
        // `{faq}` is filled by an item's answer or by the shop's own.
        let longest_answer = |book: &crate::script::FaqBook| {
            book.entries()
                .iter()
                .map(|f| count(&f.say))
                .max()
                .unwrap_or(0)
        };
        chars.insert(
            "faq",
            max(&|i| longest_answer(&i.faq))
                .unwrap_or(0)
                .max(longest_answer(&shop.faq)),
        );
        for &name in crate::script::SHOP_FACTS {
            chars.insert(name, shop.fact(name).map_or(0, |v| count(&v)));
        }
        chars.insert("assortment", opt(&shop.assortment));
        let region_max = |f: &dyn Fn(&crate::script::Region) -> usize| {
            shop.regions.iter().map(f).max().unwrap_or(0)
        };
        chars.insert("place_delivery", region_max(&|r| opt(&r.delivery)));
        chars.insert("place_shipping", region_max(&|r| opt(&r.shipping)));
        for (var, typical) in [
            ("buyer", 8),
            ("size", 3),
            ("color", 3),
            ("height", 3),
            ("weight", 3),
            ("waist", 3),
            ("order", 12),
            ("amount", 6),
            ("wish", 12),
            ("category", 3),
            ("whom", 3),
            ("wearer", 3),
            ("budget", 7),
            ("place", 3),
        ] {
            chars.insert(var, typical);
        }
        Longest { chars }
    }

    fn rendered_chars(&self, source: &str) -> usize {
        let Ok(template) = Template::parse(source) else {
            return source.chars().count(); // the loader reports bad templates
        };
        let literal = template
            .render(|_| Some(String::new()))
            .map_or(0, |s| s.chars().count());
        let vars: usize = template
            .vars()
            .map(|v| self.chars.get(v).copied().unwrap_or(6))
            .sum();
        literal + vars
    }
}

/// The provinces none of the pack's regions lists, when it has any:
/// `None` when there is nothing to say.
fn uncovered_provinces(scripts: &Scripts) -> Option<Vec<&'static str>> {
    let regions = &scripts.shop.regions;
    if regions.is_empty() {
        return None;
    }
    let missing: Vec<&str> = crate::nlu::provinces()
        .filter(|p| !regions.iter().any(|r| r.provinces.iter().any(|q| q == p)))
        .collect();
    (!missing.is_empty()).then_some(missing)
}

/// The text lint matches in: the canonical form the classifier uses, so
/// `１００％`, `絕對` and `100%` are all caught.
fn canonical(text: &str) -> String {
    normalize(text).text
}

#[cfg(test)]
mod tests;
