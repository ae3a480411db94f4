//! The compiled matcher: intent rules in, scored intents out.
//!
//! Everything that can be decided once is decided in [`Classifier::build`]
//! (the `build` module): every keyword, exclusion phrase, negation marker and
//! item alias is normalised with the same [`normalize`] as the messages (so a
//! supervisor writing `貴` or `ＸＬ` still matches) and put into ONE
//! Aho-Corasick automaton, together with each pattern's *gate* literals (see
//! the `patterns` module). A message then costs one normalisation, one
//! automaton pass with overlapping matches (see the `scan` module), the few
//! patterns whose gates were all found, and a little bookkeeping over the
//! (few) hits.
//!
//! A string may play several roles at once (the same keyword in two intents
//! with different weights, a keyword that is also an item alias), so each
//! automaton pattern owns a small list of roles rather than a single meaning.
//!
//! Scoring follows docs/scripts.md "How a message is scored": a keyword hit
//! inside an exclusion hit of the same intent is dropped; a keyword of a
//! negatable intent with a negation marker at most `window` characters before
//! it (no punctuation or scope end in between) is dropped unless the message is a question
//! and `keep_in_questions` is on; an intent scores the weights of its distinct
//! keywords plus its matching patterns; ties go to the intent defined first.
//!
//! Keywords also match by sound (see the `pinyin` module): after the exact
//! hits are settled, a second automaton over syllable ids finds sound-alikes.
//! A sound hit goes through the same exclusion and negation checks, counts
//! `factor` times the keyword's weight, and is dropped when the keyword
//! already hit exactly or overlaps an accepted hit of the same intent (so
//! `优惠券` typed right is not counted twice through its homophones), or
//! lies within an accepted hit of any intent (`改下价` is not `下架`).

use std::sync::Arc;

mod build;
mod patterns;
pub use patterns::has_gate;
use patterns::Patterns;

use super::normalize::normalize;
use super::pinyin::{SoundIndex, SoundScratch, TypedIndex};
use super::ranking::{Names, RankScratch, Ranked};
use super::scan::Scanner;
use super::{extract_entities, Classification};

/// Why a set of rules could not be compiled, naming the intent and rule at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("intent `{intent}`: {reason}")]
pub struct BuildError {
    pub intent: String,
    /// The keyword or pattern at fault, when there is one.
    pub rule: Option<String>,
    pub reason: String,
}

impl BuildError {
    fn new(intent: &str, rule: Option<&str>, reason: impl Into<String>) -> Self {
        BuildError {
            intent: intent.to_string(),
            rule: rule.map(str::to_string),
            reason: reason.into(),
        }
    }
}

/// What one automaton pattern means; a pattern may have several roles.
#[derive(Debug, Clone, Copy)]
enum Role {
    /// Index into `Classifier::keywords`.
    Keyword(u32),
    /// An exclusion phrase of this intent.
    Exclusion(u32),
    Negation,
    /// Index into `Classifier::items`.
    Alias(u32),
    /// A gate literal of one or more patterns: the gate bits it sets.
    Gates(patterns::GateBits),
}

#[derive(Debug)]
struct Keyword {
    intent: u32,
    weight: f32,
    /// Bytes of the normalised keyword: where a hit ends.
    len: u32,
    /// The keyword as the supervisor wrote it, for explanations; `label + 1`
    /// is the label of a hit by sound only (`≈包邮`).
    label: u32,
}

#[derive(Debug)]
struct Pattern {
    intent: u32,
    weight: f32,
    /// The pattern's source.
    label: u32,
}

#[derive(Debug)]
struct Intent {
    negatable: bool,
}

/// Rules compiled for matching; build once per script load, share freely.
#[derive(Debug)]
pub struct Classifier {
    /// Intent names and rule labels, shared with every result.
    names: Arc<Names>,
    intents: Vec<Intent>,
    keywords: Vec<Keyword>,
    patterns: Vec<Pattern>,
    items: Vec<String>,
    automaton: Option<Scanner>,
    /// `roles[role_ranges[p].0..role_ranges[p].1]` are the roles of automaton pattern `p`.
    role_ranges: Vec<(u32, u32)>,
    roles: Vec<Role>,
    compiled_patterns: Patterns,
    window: usize,
    keep_in_questions: bool,
    question_markers: Vec<String>,
    /// Characters that end a negation's scope (see [`NegationRule::scope_ends`]).
    scope_ends: Vec<char>,
    /// Keyword sounds; `None` when pinyin matching is off or no keyword qualifies.
    sound: Option<SoundIndex>,
    /// Keyword syllables for messages typed in pinyin letters; `None` likewise.
    typed: Option<TypedIndex>,
    sound_factor: f32,
}

impl Classifier {
    /// The intent names, in definition (tie-break) order.
    pub fn intent_names(&self) -> impl Iterator<Item = &str> {
        self.names.intents()
    }

    /// Normalises, matches and scores one buyer message.
    pub fn classify(&self, text: &str) -> Classification {
        self.classify_with(text, true)
    }

    /// Like [`classify`](Self::classify) but by exact spelling only, ignoring
    /// sound-alikes: `kefu eval` compares both to measure what pinyin
    /// matching changes.
    pub fn classify_exact(&self, text: &str) -> Classification {
        self.classify_with(text, false)
    }

    fn classify_with(&self, text: &str, by_sound: bool) -> Classification {
        let normalized = normalize(text);
        let t = normalized.text.as_str();
        let (ranked, item) = with_scratch(|scratch| self.score(t, scratch, by_sound));
        let mut entities = extract_entities(t);
        entities.item = item.map(|i| self.items[i as usize].clone());
        Classification {
            normalized: normalized.text,
            emoticons: normalized.emoticons,
            entities,
            ranked,
        }
    }

    /// The name of the intent [`classify`](Self::classify) would rank first,
    /// `None` for `other`, without what only a full result needs: no
    /// entities, no labels of what fired, no ranking of the other intents.
    /// For `kefu classify --count`, which tallies top intents only.
    pub fn top_intent(&self, text: &str) -> Option<&str> {
        let normalized = normalize(text);
        let t = normalized.text.as_str();
        let top = with_scratch(|scratch| self.top_of(t, scratch));
        top.map(|intent| self.names.intent(intent))
    }

    /// Ranked intents and the named item (index) for normalised text `t`.
    fn score(&self, t: &str, scratch: &mut Scratch, by_sound: bool) -> (Ranked, Option<u32>) {
        let item = self.fire(t, scratch, by_sound);
        let (fired, rank) = scratch.fired_and_rank();
        (rank.rank(&self.names, self.fired(fired)), item)
    }

    /// The intent (index) [`score`](Self::score) ranks first for normalised
    /// text `t`: the same sums in the same order, so the same floats and the
    /// same tie-break, without building the result.
    fn top_of(&self, t: &str, scratch: &mut Scratch) -> Option<u32> {
        self.fire(t, scratch, true);
        let (fired, rank) = scratch.fired_and_rank();
        rank.top(self.fired(fired))
    }

    /// Finds what fires for normalised text `t`: leaves the accepted and
    /// sound-alike keywords and the matching patterns in `scratch` (see
    /// [`fired`](Self::fired)) and returns the named item (index).
    fn fire(&self, t: &str, scratch: &mut Scratch, by_sound: bool) -> Option<u32> {
        scratch.clear(&self.compiled_patterns);
        let Scratch {
            hits,
            exclusions,
            negations,
            accepted,
            spans,
            sound_hits,
            sounded,
            counted,
            sound_scratch,
            gates,
            matching,
            rank: _,
        } = scratch;
        let mut item: Option<(usize, usize, u32)> = None; // len, start, item
        if let Some(ac) = &self.automaton {
            ac.for_each_match(t, |pattern, start, end| {
                let (from, to) = self.role_ranges[pattern];
                for role in &self.roles[from as usize..to as usize] {
                    match *role {
                        Role::Keyword(k) => hits.push(pack_hit(start, k)),
                        Role::Exclusion(i) => exclusions.push((i, start, end)),
                        Role::Negation => negations.push(end),
                        Role::Gates(bits) => gates.add(&self.compiled_patterns, bits),
                        Role::Alias(i) => {
                            let len = end - start;
                            let better = item.is_none_or(|(best_len, best_start, _)| {
                                len > best_len || (len == best_len && start < best_start)
                            });
                            if better {
                                item = Some((len, start, i));
                            }
                        }
                    }
                }
            });
        }
        // Overlapping matches come in order of end; explanations read better in text order.
        hits.sort_unstable();
        let mut question: Option<bool> = None;
        for &hit in hits.iter() {
            let (start, k) = unpack_hit(hit);
            let keyword = &self.keywords[k as usize];
            let (intent, end) = (keyword.intent, start + keyword.len as usize);
            if counted.contains(k) {
                // Counted once, but every place it stands blocks sound-alikes.
                spans.push((intent, start, end));
                continue;
            }
            let excluded = exclusions
                .iter()
                .any(|&(i, s, e)| i == intent && s <= start && end <= e);
            if excluded {
                continue;
            }
            if self.intents[intent as usize].negatable && self.negated(t, start, negations) {
                let is_question = *question.get_or_insert_with(|| self.is_question(t));
                if !(self.keep_in_questions && is_question) {
                    continue;
                }
            }
            accepted.push(k);
            counted.insert(k);
            spans.push((intent, start, end));
        }
        if let (Some(sound), true) = (&self.sound, by_sound) {
            sound.find(t, sound_scratch, sound_hits);
            if let Some(typed) = &self.typed {
                // Only a message of pinyin letters (`zaima`) yields any.
                typed.find(t, sound_hits);
            }
            // Longest first at each start, so `优惠券` beats its prefix `优惠`.
            sound_hits.sort_unstable_by_key(|&(k, start, end)| (start, usize::MAX - end, k));
            for &(k, start, end) in sound_hits.iter() {
                if counted.contains(k) {
                    continue;
                }
                let intent = self.keywords[k as usize].intent;
                // Within a hit of any intent, the characters already read as
                // a keyword spelled right: `改下价` is haggling, not a
                // misspelt `下架`.
                let overlaps = spans.iter().any(|&(i, s, e)| {
                    (i == intent && s < end && start < e) || (s <= start && end <= e)
                });
                let excluded = exclusions
                    .iter()
                    .any(|&(i, s, e)| i == intent && s <= start && end <= e);
                if overlaps || excluded {
                    continue;
                }
                if self.intents[intent as usize].negatable && self.negated(t, start, negations) {
                    let is_question = *question.get_or_insert_with(|| self.is_question(t));
                    if !(self.keep_in_questions && is_question) {
                        continue;
                    }
                }
                sounded.push(k);
                counted.insert(k);
                spans.push((intent, start, end));
            }
        }
        if !t.is_empty() {
            self.compiled_patterns.matching(t, gates, matching);
        }
        item.map(|(_, _, i)| i)
    }

    /// The rules that fired, as [`fire`](Self::fire) left them: intent,
    /// weight and label id of each, keywords first, in the order they fired.
    fn fired<'a>(&'a self, fired: Fired<'a>) -> impl Iterator<Item = (u32, f32, u32)> + Clone + 'a {
        let Fired {
            accepted,
            sounded,
            matching,
        } = fired;
        let factor = self.sound_factor;
        let keywords = accepted
            .iter()
            .map(|&k| &self.keywords[k as usize])
            .map(|k| (k.intent, k.weight, k.label))
            .chain(
                sounded
                    .iter()
                    .map(|&k| &self.keywords[k as usize])
                    .map(move |k| (k.intent, k.weight * factor, k.label + 1)),
            );
        let patterns = matching
            .iter()
            .map(|&p| &self.patterns[p as usize])
            .map(|p| (p.intent, p.weight, p.label));
        keywords.chain(patterns)
    }

    /// Whether a negation marker ends at most `window` characters before `start`
    /// with no punctuation or scope end in between (a clause boundary ends the
    /// negation).
    fn negated(&self, text: &str, start: usize, marker_ends: &[usize]) -> bool {
        marker_ends.iter().any(|&end| {
            end <= start && {
                let gap = &text[end..start];
                gap.chars().count() <= self.window
                    && !gap
                        .chars()
                        .any(|c| is_clause_break(c) || self.scope_ends.contains(&c))
            }
        })
    }

    /// A message is a question when a question marker is punctuation (`?`) or
    /// ends a clause, possibly followed by softening particles (`没有优惠吗亲`).
    fn is_question(&self, text: &str) -> bool {
        self.question_markers.iter().any(|marker| {
            if marker.chars().all(is_clause_break) {
                return text.contains(marker.as_str());
            }
            text.match_indices(marker.as_str()).any(|(at, m)| {
                let after = text[at + m.len()..].trim_start_matches(TRAILING_PARTICLES);
                after.chars().next().is_none_or(is_clause_break)
            })
        })
    }
}

/// Bits of a keyword hit that hold its keyword in [`pack_hit`] (which also
/// fixes where the hit ends); the other 40 hold its start offset. So a pack
/// may hold 2^24 keywords and a text 2^40 bytes, far beyond any real one.
const KEYWORD_BITS: u32 = 24;
pub(crate) const MAX_KEYWORDS: usize = 1 << KEYWORD_BITS;

/// A keyword hit as one integer, start offset first, so that putting the
/// hits in text order is sorting integers: sorting `(keyword, start, end)`
/// tuples by a key was 7% of the time on the large pack (`perf`).
fn pack_hit(start: usize, keyword: u32) -> u64 {
    ((start as u64) << KEYWORD_BITS) | u64::from(keyword)
}

/// The start offset and keyword of a [`pack_hit`].
fn unpack_hit(hit: u64) -> (usize, u32) {
    (
        (hit >> KEYWORD_BITS) as usize,
        (hit & (MAX_KEYWORDS as u64 - 1)) as u32,
    )
}

/// A set of keywords, a bit each. Asking whether a keyword already counts
/// is then one load instead of a scan of the keywords counted so far, which
/// grew with the square of the hits on a pack where many keywords hit.
/// Cleared through the lists of what was inserted, so a message costs only
/// its own keywords however big the pack is.
#[derive(Default)]
struct KeywordSet(Vec<u64>);

impl KeywordSet {
    fn contains(&self, k: u32) -> bool {
        let k = k as usize;
        self.0
            .get(k / 64)
            .is_some_and(|word| word >> (k % 64) & 1 == 1)
    }

    fn insert(&mut self, k: u32) {
        let k = k as usize;
        if k / 64 >= self.0.len() {
            self.0.resize(k / 64 + 1, 0);
        }
        self.0[k / 64] |= 1 << (k % 64);
    }

    fn remove_all(&mut self, keywords: &[u32]) {
        for &k in keywords {
            if let Some(word) = self.0.get_mut(k as usize / 64) {
                *word &= !(1 << (k % 64));
            }
        }
    }
}

/// Per-thread buffers for the hits of one message, reused so the hot path
/// does not allocate them for every message.
#[derive(Default)]
struct Scratch {
    /// Keyword hits, packed by [`pack_hit`].
    hits: Vec<u64>,
    /// Intent index, start, end.
    exclusions: Vec<(u32, usize, usize)>,
    /// End offsets of negation markers.
    negations: Vec<usize>,
    /// Keywords that count, each once.
    accepted: Vec<u32>,
    /// Intent, start, end of every counted keyword hit (exact or by sound).
    spans: Vec<(u32, usize, usize)>,
    /// Keyword, start, end of sound-alike matches.
    sound_hits: Vec<(u32, usize, usize)>,
    /// Keywords that count by sound only, each once.
    sounded: Vec<u32>,
    /// `accepted` and `sounded` as a set.
    counted: KeywordSet,
    sound_scratch: SoundScratch,
    /// Gates whose literal was found.
    gates: patterns::Found,
    /// Patterns that match.
    matching: Vec<u32>,
    rank: RankScratch,
}

/// What [`Classifier::fire`] leaves in the scratch buffers to be summed.
#[derive(Clone, Copy)]
struct Fired<'a> {
    accepted: &'a [u32],
    sounded: &'a [u32],
    matching: &'a [u32],
}

impl Scratch {
    /// What fired, beside the ranking buffers that sum it: one borrow split
    /// for both kinds of summing ([`RankScratch::rank`], [`RankScratch::top`]).
    fn fired_and_rank(&mut self) -> (Fired<'_>, &mut RankScratch) {
        let fired = Fired {
            accepted: &self.accepted,
            sounded: &self.sounded,
            matching: &self.matching,
        };
        (fired, &mut self.rank)
    }

    fn clear(&mut self, patterns: &Patterns) {
        self.counted.remove_all(&self.accepted);
        self.counted.remove_all(&self.sounded);
        self.hits.clear();
        self.exclusions.clear();
        self.negations.clear();
        self.accepted.clear();
        self.spans.clear();
        self.sound_hits.clear();
        self.sounded.clear();
        self.gates.reset(patterns);
        self.matching.clear();
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers.
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        // Only reachable if scoring re-entered itself; stay correct, just slower.
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Particles that may follow a question word without ending the question.
const TRAILING_PARTICLES: &[char] = &['亲', '啊', '呀', '哦', '哈', '啦', '呐', '嘞', '~'];

fn is_clause_break(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '。' | '、' | '…' | '；' | '：')
}

#[cfg(test)]
mod tests;
