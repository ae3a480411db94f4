//! Understanding buyer messages: normalise, match, extract.
//!
//! This is the hot path and it is pure: no I/O, no clock, no allocation beyond
//! the result. A [`Classifier`] is compiled once per script load from plain
//! rule values ([`IntentRule`], [`NegationRule`], [`ItemAlias`]); it knows
//! nothing about TOML files, which is the `script` module's business.
//!
//! Chinese is written without spaces, so matching is substring matching over
//! normalised text: one Aho-Corasick automaton holds every keyword and every
//! exclusion phrase of every intent, plus literals that gate the patterns:
//! a pattern runs only on messages where one of its literals was found.
//! Word boundaries (`\b`) are never used: between two Han characters there is
//! no boundary, so such patterns silently never match.

mod classify;
mod entities;
mod normalize;
mod pinyin;
mod ranking;
mod scan;

pub use classify::{has_gate, BuildError, Classifier};
pub(crate) use entities::chinese_numeral;
pub use entities::{
    asks_cheaper, asks_each, bare_length_mm, bought, bought_misfit, bought_size, budget,
    calls_off_order, colour_named, colours_named_at, count_after, count_before, coupon_named,
    destination_told, extract_entities, foot_length_mm, foot_owner, half_size, has_address,
    mask_private, misfit_told, pay_later, people_measured, person_named, pieces_said, place_called,
    place_named, praises, price_asked, price_offered, provinces, recalls_earlier_purchase,
    reports_not_as_shown, reports_received, reports_unsuited, says_arrived, says_bought, sex_said,
    shipment_delay, shoe_size, shoe_size_told, size_step, waist_cm, worn_size, Budget, Entities,
    Place, Sex, ShoeSize, ShoeSystem, BEFORE_NOW,
};
pub(crate) use normalize::is_han;
pub use normalize::{has, normalize, Normalized};
use ranking::Ranked;
pub use ranking::{IntentScore, Matched, Ranking};

use serde::Serialize;

/// Marks the label of a keyword that matched by sound only (`≈包邮`): the
/// rest of the label is the keyword as written.
pub const SOUND_MARK: char = '≈';

/// One intent's matching rules, as a supervisor wrote them.
#[derive(Debug, Clone, Default)]
pub struct IntentRule {
    pub name: String,
    /// Substrings of the normalised text, each with its weight.
    pub keywords: Vec<(String, f32)>,
    /// Regular expressions over the normalised text, each with its weight.
    pub patterns: Vec<(String, f32)>,
    /// Phrases that cancel a keyword hit of this intent lying inside them
    /// (`不贵` cancels `贵`, `不在` cancels `在`).
    pub exclude: Vec<String>,
    /// Whether the global negation rule applies to this intent's keywords.
    pub negatable: bool,
}

/// The global negation rule: a keyword preceded closely by a negation marker
/// does not count, unless the message is a question (`没有优惠吗` still asks
/// about promotions, `不是很贵吗` still objects to the price).
#[derive(Debug, Clone)]
pub struct NegationRule {
    pub markers: Vec<String>,
    /// How many characters may stand between the marker and the keyword.
    pub window: usize,
    pub keep_in_questions: bool,
    /// Endings and particles that make a message a question.
    pub question_markers: Vec<String>,
    /// Characters that close a negated phrase when they stand between the
    /// marker and the keyword, like punctuation does: in `不买了太贵了` the
    /// `不` is about buying, and `了` ends that clause before `太贵`. Single
    /// characters; longer entries are ignored.
    pub scope_ends: Vec<String>,
}

impl Default for NegationRule {
    fn default() -> Self {
        NegationRule {
            markers: ["不", "没", "别", "无"].map(String::from).to_vec(),
            window: 2,
            keep_in_questions: true,
            question_markers: ["吗", "么", "嘛", "?", "呢"].map(String::from).to_vec(),
            scope_ends: ["了", "但", "却"].map(String::from).to_vec(),
        }
    }
}

/// Homophone tolerance: keywords also match by their toneless pinyin, so
/// `包油` finds `包邮` and `在马` finds `在吗` (see the `pinyin` module).
#[derive(Debug, Clone, PartialEq)]
pub struct PinyinRule {
    /// Off: only exact (normalised) spelling matches.
    pub enabled: bool,
    /// Keywords shorter than this many Han characters never match by sound:
    /// one syllable is shared by dozens of characters.
    pub min_chars: usize,
    /// A sound hit scores the keyword's weight times this factor (below 1,
    /// so an exact hit always counts more than a sound-alike).
    pub factor: f32,
}

impl Default for PinyinRule {
    fn default() -> Self {
        PinyinRule {
            enabled: true,
            min_chars: 2,
            factor: 0.6,
        }
    }
}

/// Names under which buyers mention a catalogue item.
#[derive(Debug, Clone)]
pub struct ItemAlias {
    pub item: String,
    pub aliases: Vec<String>,
}

/// What a message means, as far as keyword matching can tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The normalised text the rules ran on.
    pub normalized: String,
    /// Emoticon codes found in the message (`[微笑]`, `/:^_^`), kept out of matching.
    pub emoticons: Vec<String>,
    pub entities: Entities,
    ranked: Ranked,
}

impl Classification {
    /// Intents with a positive score, best first. Empty means `other`.
    pub fn intents(&self) -> Ranking<'_> {
        self.ranked.view()
    }

    /// The top intent's name, or `"other"`.
    pub fn top(&self) -> &str {
        self.intents().first().map_or("other", |i| i.name)
    }

    pub fn has(&self, intent: &str) -> bool {
        self.intents().iter().any(|i| i.name == intent)
    }

    /// `intent`'s score and what matched for it, if it matched at all.
    pub fn intent(&self, intent: &str) -> Option<IntentScore<'_>> {
        self.intents().iter().find(|i| i.name == intent)
    }

    /// Whether `intent` matched, and only by keywords lying inside those of
    /// `words` the message holds: `长款` inside the item name `中长款`,
    /// `丰巢` inside the shop's answer words `放丰巢`. A pattern's label is
    /// inside no word, so an intent a pattern matched never is.
    pub fn matched_only_within<'w>(
        &self,
        intent: &str,
        words: impl IntoIterator<Item = &'w str>,
    ) -> bool {
        // The intent first: most messages did not match it, and the words
        // need not be looked for.
        let Some(matched) = self.intent(intent) else {
            return false;
        };
        let found: Vec<&str> = (words.into_iter())
            .filter(|w| self.normalized.contains(w))
            .collect();
        matched
            .matched()
            .all(|m| found.iter().any(|w| w.contains(m)))
    }

    /// Whether the buyer sent a picture, a video, a voice message or a file
    /// (`[图片]`): something the bot cannot see, though a person can.
    pub fn sent_media(&self) -> bool {
        self.emoticons.iter().any(|code| normalize::is_media(code))
    }
}

/// The same fields as always, the intents in their place among them.
impl Serialize for Classification {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Classification", 4)?;
        s.serialize_field("normalized", &self.normalized)?;
        s.serialize_field("emoticons", &self.emoticons)?;
        s.serialize_field("intents", &self.intents())?;
        s.serialize_field("entities", &self.entities)?;
        s.end()
    }
}
