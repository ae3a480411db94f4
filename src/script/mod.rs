//! Scripts (话术): the TOML files supervisors edit, and their compiled form.
//!
//! A script directory holds any number of `*.toml` files; each may contain any
//! of the top-level tables (`[[intent]]`, `[negation]`, `[[reply]]`, `[[item]]`,
//! `[[size_chart]]`, `[shop]`, `[[coupon]]`), and they are merged. The format
//! is documented in `docs/scripts.md`.
//!
//! Loading validates everything before anything is used and reports *every*
//! problem with `file:line:column` and a plain reason, so a supervisor fixes a whole
//! batch of mistakes in one round. The result, [`Scripts`], is immutable; the
//! bot swaps a whole new one in on reload.

mod catalog;
mod chart;
mod copies;
mod coverage;
mod facts;
mod gifts;
pub mod lint;
mod load;
mod model;
mod pattern;
mod plain;
pub mod publish;
mod replies;
mod rules;
#[cfg(test)]
pub(crate) mod shipped;
mod source;
mod syntax;
mod template;
mod terms;
mod vocabulary;
pub mod watch;

pub use catalog::{
    format_price, Catalog, Category, Coupon, CouponDeal, Faq, FaqBook, Item, MultiBuy, Region,
    Shop, SizeChart, SizeRow, FAQ_DEFAULT_INTENT, LIST_SEPARATOR, SHOP_FACTS,
};
pub use gifts::{Gift, Recipient};
pub use load::{load_dir, load_embedded, load_sources};
pub use rules::RuleLines;
pub use source::closest;
pub use template::{Template, TemplateError};
pub use vocabulary::{SITUATIONS, TAXONOMY, TEMPLATE_VARS};

use crate::nlu::Classifier;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// Where a conversation is in the pre-sale flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Greeting,
    Consulting,
    Objection,
    OrderedUnpaid,
    Paid,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Greeting,
        Stage::Consulting,
        Stage::Objection,
        Stage::OrderedUnpaid,
        Stage::Paid,
        Stage::Closed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Greeting => "greeting",
            Stage::Consulting => "consulting",
            Stage::Objection => "objection",
            Stage::OrderedUnpaid => "ordered_unpaid",
            Stage::Paid => "paid",
            Stage::Closed => "closed",
        }
    }

    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A place in a script file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: String,
    pub line: usize,
    /// 1-based, in characters as an editor counts them (a Chinese
    /// character is one); 0 when only the line is known or wanted (see
    /// [`Location::line_only`]). Every problem a load or lint reports has
    /// one: the value at fault, or the character inside it (a full-width
    /// comma among half-width ones looks the same at a glance).
    pub column: usize,
}

impl Location {
    /// The same place by its line only: for places kept with a compiled
    /// pack (a reply set's, a keyword's), which the chat sandbox, the
    /// agents' suggestions and the shift report show and group by as
    /// `file:line`, the line being what a reply set or keyword is known by.
    pub fn line_only(self) -> Location {
        Location { column: 0, ..self }
    }
}

impl fmt::Display for Location {
    /// `file:line:column`, `file:line` when the column is not known, or just
    /// `file` for problems of a whole file or pack (line 0).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (line, 0) => write!(f, "{}:{line}", self.file),
            (line, column) => write!(f, "{}:{line}:{column}", self.file),
        }
    }
}

/// One problem found while loading scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub at: Location,
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// Every problem found in one load, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptErrors(pub Vec<ScriptError>);

impl fmt::Display for ScriptErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScriptErrors {}

/// The replies for one key (an intent or a situation), optionally bound to
/// flow stages.
#[derive(Debug, Clone)]
pub struct ReplySet {
    pub key: String,
    /// Empty means every stage.
    pub stages: Vec<Stage>,
    /// Variants; the policy rotates through the ones it can fill.
    pub texts: Vec<Template>,
    /// Shorter variants used when this key's answer is one part of a combined
    /// reply (a greeting in front of a stock answer). Empty: use `texts`.
    pub short: Vec<Template>,
    /// Empty: the set answers the key whatever matched. Otherwise keywords
    /// or patterns of the intent, as written in its rules: the set answers
    /// only messages that matched one of them, before any set without.
    pub when: Vec<String>,
    pub at: Location,
}

impl ReplySet {
    /// Names the set's place in a session's variant rotation: its key, and
    /// for a `when` set also its first entry, so that it rotates apart from
    /// the key's other sets.
    pub fn rotation_key(&self) -> String {
        match self.when.first() {
            Some(first) => [&self.key, "#", first].concat(),
            None => self.key.clone(),
        }
    }
}

/// All reply sets, looked up by key and stage.
///
/// Every lookup a reply makes is by key, several times a message, and a
/// pack has a hundred sets of which a key has a few: the sets of each key
/// are indexed once, in file order, so a lookup reads those few instead of
/// comparing every set's key. A key's `when` entries are indexed too (a key
/// like `shipping` has seven `when` sets of several entries each), so that
/// finding the sets for what matched is a lookup per label, not a
/// comparison of every entry with every label.
#[derive(Debug, Clone, Default)]
pub struct Replies {
    sets: Vec<ReplySet>,
    by_key: std::collections::HashMap<String, KeySets>,
}

/// The sets of one key: every set, and its `when` entries sorted for lookup.
#[derive(Debug, Clone, Default)]
struct KeySets {
    /// Indices into `Replies::sets`, in file order.
    all: Vec<usize>,
    /// `(entry, index)` for every `when` entry of the key's sets, sorted.
    when: Vec<(String, usize)>,
}

impl Replies {
    pub fn new(sets: Vec<ReplySet>) -> Replies {
        let mut by_key: std::collections::HashMap<String, KeySets> = Default::default();
        for (i, set) in sets.iter().enumerate() {
            let of_key = by_key.entry(set.key.clone()).or_default();
            of_key.all.push(i);
            of_key.when.extend(set.when.iter().map(|w| (w.clone(), i)));
        }
        for of_key in by_key.values_mut() {
            of_key.when.sort();
        }
        Replies { sets, by_key }
    }

    /// Every set, in file order.
    pub fn sets(&self) -> &[ReplySet] {
        &self.sets
    }

    /// The sets of `key` (with and without `when`, bound to stages or
    /// not), in file order.
    pub fn of<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a ReplySet> + 'a {
        self.at(self.indices(key))
    }

    fn indices(&self, key: &str) -> &[usize] {
        self.by_key.get(key).map_or(&[][..], |k| k.all.as_slice())
    }

    fn at<'a>(&'a self, indices: &'a [usize]) -> impl Iterator<Item = &'a ReplySet> + Clone + 'a {
        indices.iter().map(|&i| &self.sets[i])
    }

    /// The reply set for `key` in `stage`: one bound to that stage if there is
    /// one, else the first unbound one. Sets with `when` are not considered
    /// (see [`Replies::for_matched`]).
    pub fn for_key(&self, key: &str, stage: Stage) -> Option<&ReplySet> {
        self.bound_or_free(self.indices(key), stage)
    }

    /// The first set of `key` bound to no stage and no `when`: the key's
    /// answer whatever the conversation's state.
    pub fn stage_free(&self, key: &str) -> Option<&ReplySet> {
        self.free_in(self.indices(key))
    }

    /// The sets of `key` whose `when` names one of `matched` (the labels of
    /// what fired for the intent), usable in `stage`: bound to that stage
    /// first, then stage-free ones, each in file order.
    pub fn for_matched(
        &self,
        key: &str,
        stage: Stage,
        matched: &[&str],
    ) -> impl Iterator<Item = &ReplySet> {
        let Some(of_key) = self.by_key.get(key) else {
            return Vec::new().into_iter();
        };
        let mut fitting: Vec<usize> = Vec::new();
        for label in matched {
            let from = of_key.when.partition_point(|(w, _)| w.as_str() < *label);
            let entries = of_key.when[from..].iter();
            fitting.extend(entries.take_while(|(w, _)| w == label).map(|&(_, i)| i));
        }
        fitting.sort_unstable();
        fitting.dedup();
        let sets = fitting.iter().map(|&i| &self.sets[i]);
        let bound = sets.clone().filter(|s| s.stages.contains(&stage));
        let free = sets.filter(|s| s.stages.is_empty());
        let in_order: Vec<&ReplySet> = bound.chain(free).collect();
        in_order.into_iter()
    }

    /// The sets to try for `key`, most specific first: those whose `when`
    /// names what matched (see [`Replies::for_matched`]), the one for this
    /// stage, then the key's stage-free set (see [`Replies::for_key`]).
    pub fn to_try(&self, key: &str, stage: Stage, matched: &[&str]) -> Vec<&ReplySet> {
        let mut sets = if matched.is_empty() {
            Vec::new()
        } else {
            self.for_matched(key, stage, matched).collect()
        };
        let indices = self.indices(key);
        if let Some(set) = self.bound_or_free(indices, stage) {
            sets.push(set);
        }
        if let Some(generic) = self.free_in(indices) {
            if !sets.iter().any(|s| std::ptr::eq(*s, generic)) {
                sets.push(generic);
            }
        }
        sets
    }

    /// Among one key's sets, the first without `when` bound to `stage`, else
    /// [`Replies::free_in`].
    fn bound_or_free<'a>(&'a self, indices: &'a [usize], stage: Stage) -> Option<&'a ReplySet> {
        (self.at(indices))
            .find(|s| s.when.is_empty() && s.stages.contains(&stage))
            .or_else(|| self.free_in(indices))
    }

    /// Among one key's sets, the first without `when` bound to no stage.
    fn free_in<'a>(&'a self, indices: &'a [usize]) -> Option<&'a ReplySet> {
        (self.at(indices)).find(|s| s.when.is_empty() && s.stages.is_empty())
    }
}

/// A loaded, validated and compiled script pack.
#[derive(Debug)]
pub struct Scripts {
    /// Where the pack came from: a directory, or `None` for the embedded pack.
    pub dir: Option<PathBuf>,
    /// Intent names in file order.
    pub intents: Vec<String>,
    /// Where each keyword and pattern of the intents is written.
    pub rule_lines: RuleLines,
    pub classifier: Classifier,
    pub replies: Replies,
    pub catalog: Catalog,
    pub shop: Shop,
    /// The night-shift rules (`[night]` in the runtime configuration): set by
    /// whoever runs the bot, the defaults otherwise.
    pub night: crate::dialogue::NightRules,
}

impl Scripts {
    /// The pack's own name for the intent `name`, if the pack defines it:
    /// borrowed from the pack, so a decision can keep it, and `None` for a
    /// pack without it (the policy then leaves that answer out).
    pub fn intent(&self, name: &str) -> Option<&str> {
        self.intents.iter().find(|i| *i == name).map(String::as_str)
    }

    /// What the pack holds, as `kefu check` and the console's draft check
    /// report it: `20 intents, 60 reply sets, 10 items (18 faq answers), 4
    /// size charts, 3 shop answers, 3 regions` (the last two only when
    /// the pack has any).
    pub fn summary(&self) -> String {
        let faq: usize = self.catalog.items.iter().map(|i| i.faq.len()).sum();
        let mut summary = format!(
            "{} intents, {} reply sets, {} items ({faq} faq answers), {} size charts",
            self.intents.len(),
            self.replies.sets().len(),
            self.catalog.items.len(),
            self.catalog.size_charts.len()
        );
        let shop_answers = self.shop.faq.len();
        if shop_answers > 0 {
            summary.push_str(&format!(", {shop_answers} shop answers"));
        }
        if !self.shop.regions.is_empty() {
            summary.push_str(&format!(", {} regions", self.shop.regions.len()));
        }
        summary
    }
}
