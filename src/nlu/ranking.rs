//! A classification's ranked intents: indices into names shared with the
//! classifier, read through borrowed views.
//!
//! A result names its intents and, for explanations, every keyword and
//! pattern that fired. Those strings belong to the compiled rules and never
//! change while a result lives, so a result holds one `Arc` to the rules'
//! [`Names`] and `u32`s into it. It used to hold an `Arc<str>` per name and
//! per label: on a pack where dozens of rules fire in one message, their
//! atomic increments and decrements and the vector per intent were a sixth
//! of the classification time (`perf`, docs/performance.md step 25).
//!
//! [`RankScratch`] sums the rules that fired into a ranking; [`Ranking`] and
//! [`IntentScore`] are the views callers read it through, which read like the
//! plain values they replace and serialise to the same JSON.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::fmt;
use std::sync::Arc;

/// The strings a classifier's results refer to: intent names, and the labels
/// of its rules (a keyword as written, its sound-alike label `≈keyword`, a
/// pattern's source).
///
/// The labels sit end to end in one string, in the order the rules were
/// written, so that writing out one intent's labels reads neighbouring
/// memory rather than a separate allocation per label: with a box each,
/// `kefu classify` on the large pack spent 12.5% of its time escaping the
/// labels' JSON strings (`perf`), against 8.5% for the shared strings before
/// and 8.7% now.
#[derive(Debug, Default)]
pub(crate) struct Names {
    intents: Vec<Box<str>>,
    labels: String,
    /// Label `i` is `labels[spans[i].0..spans[i].1]`.
    spans: Vec<(u32, u32)>,
    /// Whether label `i` is a pattern's (else a keyword's).
    patterns: Vec<bool>,
}

impl Names {
    /// Adds an intent name; intents are numbered in the order they are added.
    pub(crate) fn add_intent(&mut self, name: &str) -> u32 {
        self.intents.push(name.into());
        (self.intents.len() - 1) as u32
    }

    /// Adds a keyword's label and returns its id.
    pub(crate) fn add_label(&mut self, label: &str) -> u32 {
        self.add(label, false)
    }

    /// Adds a pattern's label (its source) and returns its id.
    pub(crate) fn add_pattern_label(&mut self, label: &str) -> u32 {
        self.add(label, true)
    }

    fn add(&mut self, label: &str, pattern: bool) -> u32 {
        let start = self.labels.len() as u32;
        self.labels.push_str(label);
        self.spans.push((start, self.labels.len() as u32));
        self.patterns.push(pattern);
        (self.spans.len() - 1) as u32
    }

    pub(crate) fn intent(&self, intent: u32) -> &str {
        &self.intents[intent as usize]
    }

    pub(crate) fn label(&self, label: u32) -> &str {
        let (start, end) = self.spans[label as usize];
        &self.labels[start as usize..end as usize]
    }

    pub(crate) fn intents(&self) -> impl Iterator<Item = &str> {
        self.intents.iter().map(|n| &**n)
    }
}

/// Adds one fired rule's weight to its intent's slot (a new slot the first
/// time the intent fires) and returns the slot. [`RankScratch::rank`] and
/// [`RankScratch::top`] both sum through this, so their scores are the
/// same floats.
fn add_to_slot(slots: &mut Vec<(u32, f32, u32)>, intent: u32, weight: f32) -> usize {
    match slots.iter().position(|&(i, _, _)| i == intent) {
        Some(slot) => {
            slots[slot].1 += weight;
            slots[slot].2 += 1;
            slot
        }
        None => {
            slots.push((intent, weight, 1));
            slots.len() - 1
        }
    }
}

/// `score` as an integer that sorts best first: the order of
/// `f32::total_cmp`, reversed.
fn descending(score: f32) -> u32 {
    let bits = score.to_bits();
    // Negative floats sort below positive ones and below each other in
    // reverse; flipping makes their bits ascend like the values do.
    let ascending = if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    };
    !ascending
}

/// Summing fired rules into a ranking, with buffers kept from one message
/// to the next.
#[derive(Default)]
pub(crate) struct RankScratch {
    /// Intent, score, number of labels: one slot per intent that fired, in
    /// the order they first fired.
    slots: Vec<(u32, f32, u32)>,
    /// The slot of each fired rule.
    of_rule: Vec<u32>,
    /// Slots best first, after their sort key.
    order: Vec<(u64, u32)>,
    /// Where each slot's next label goes in the result's label list.
    cursor: Vec<u32>,
}

impl RankScratch {
    /// Sums the fired rules per intent and sorts best first, ties to the intent
    /// defined first.
    ///
    /// Two passes over the fired rules, so that the result is allocated once
    /// at its final size: growing vectors rule by rule cost ~700 instructions
    /// per message in reallocations (callgrind). The first pass sums each
    /// intent's score and notes each rule's intent slot; the second writes
    /// every label into its intent's range directly (filtering all rules once
    /// per intent was quadratic: a sixth of the time with the large pack,
    /// where dozens of rules of many intents fire). Scores are summed in the
    /// order the rules fired, so they are the same floats whatever asks.
    ///
    /// `fired` yields each rule's intent, weight and label id.
    pub(crate) fn rank(
        &mut self,
        names: &Arc<Names>,
        fired: impl Iterator<Item = (u32, f32, u32)> + Clone,
    ) -> Ranked {
        let RankScratch {
            slots,
            of_rule,
            order,
            cursor,
        } = self;
        slots.clear();
        of_rule.clear();
        for (intent, weight, _) in fired.clone() {
            of_rule.push(add_to_slot(slots, intent, weight) as u32);
        }
        if slots.is_empty() {
            return Ranked::default();
        }
        // Best score first, ties to the intent defined first, as integer
        // keys (unique, since each intent has one slot): sorting slot
        // indices by comparing their slots' floats was 5% of the time on
        // the large pack.
        order.clear();
        order.extend(slots.iter().enumerate().map(|(slot, &(intent, score, _))| {
            let key = u64::from(descending(score)) << 32 | u64::from(intent);
            (key, slot as u32)
        }));
        order.sort_unstable_by_key(|&(key, _)| key);
        cursor.clear();
        cursor.resize(slots.len(), 0);
        let mut scores = Vec::with_capacity(slots.len());
        let mut start = 0;
        for &(_, slot) in order.iter() {
            let (intent, score, count) = slots[slot as usize];
            cursor[slot as usize] = start;
            scores.push(Scored {
                intent,
                score,
                start,
                end: start + count,
            });
            start += count;
        }
        let mut labels = vec![0; of_rule.len()];
        for ((_, _, label), &slot) in fired.zip(of_rule.iter()) {
            let at = &mut cursor[slot as usize];
            labels[*at as usize] = label;
            *at += 1;
        }
        // Weights are positive (checked at build), so every intent scores
        // above zero; this only keeps the documented meaning.
        if let Some(cut) = scores.iter().position(|s| s.score <= 0.0) {
            labels.truncate(scores[cut].start as usize);
            scores.truncate(cut);
        }
        Ranked {
            names: Some(names.clone()),
            scores,
            labels,
        }
    }

    /// The intent [`rank`](Self::rank) would put first, without building the
    /// ranking: the same sums in the same order, so the same floats and the
    /// same tie-break.
    pub(crate) fn top(&mut self, fired: impl Iterator<Item = (u32, f32, u32)>) -> Option<u32> {
        let slots = &mut self.slots;
        slots.clear();
        for (intent, weight, _) in fired {
            add_to_slot(slots, intent, weight);
        }
        // `rank` sorts by this order and then keeps the positive scores.
        slots
            .iter()
            .filter(|&&(_, score, _)| score > 0.0)
            .min_by_key(|&&(intent, score, _)| (descending(score), intent))
            .map(|&(intent, _, _)| intent)
    }
}

/// What a ranking without intents points into.
static NO_NAMES: Names = Names {
    intents: Vec::new(),
    labels: String::new(),
    spans: Vec::new(),
    patterns: Vec::new(),
};

/// One intent of a ranking: its score and its labels' range in
/// [`Ranked::labels`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scored {
    pub(crate) intent: u32,
    pub(crate) score: f32,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// The stored form of a ranking, as [`Classifier`](super::Classifier) builds it.
#[derive(Clone, Default)]
pub(crate) struct Ranked {
    /// `None` when no intent fired, so that `other` costs no reference count.
    pub(crate) names: Option<Arc<Names>>,
    /// Best first.
    pub(crate) scores: Vec<Scored>,
    /// Label ids of every intent's rules, intent after intent.
    pub(crate) labels: Vec<u32>,
}

impl Ranked {
    pub(crate) fn view(&self) -> Ranking<'_> {
        Ranking {
            names: self.names.as_deref().unwrap_or(&NO_NAMES),
            scores: &self.scores,
            labels: &self.labels,
        }
    }
}

/// Intents with a positive score, best first; empty means `other`.
#[derive(Clone, Copy)]
pub struct Ranking<'a> {
    names: &'a Names,
    scores: &'a [Scored],
    labels: &'a [u32],
}

impl<'a> Ranking<'a> {
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The best intent, `None` for `other`.
    pub fn first(&self) -> Option<IntentScore<'a>> {
        self.iter().next()
    }

    /// The intent ranked `index` (0 is the best).
    pub fn get(&self, index: usize) -> Option<IntentScore<'a>> {
        self.scores.get(index).map(|s| self.score(s))
    }

    pub fn iter(&self) -> Iter<'a> {
        Iter {
            ranking: *self,
            scores: self.scores.iter(),
        }
    }

    fn score(&self, s: &Scored) -> IntentScore<'a> {
        IntentScore {
            name: self.names.intent(s.intent),
            score: s.score,
            matched: Matched {
                names: self.names,
                ids: self.labels[s.start as usize..s.end as usize].iter(),
            },
        }
    }
}

impl<'a> IntoIterator for Ranking<'a> {
    type Item = IntentScore<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The intents of a [`Ranking`], best first.
#[derive(Clone)]
pub struct Iter<'a> {
    ranking: Ranking<'a>,
    scores: std::slice::Iter<'a, Scored>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = IntentScore<'a>;

    fn next(&mut self) -> Option<IntentScore<'a>> {
        self.scores.next().map(|s| self.ranking.score(s))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.scores.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.scores.next_back().map(|s| self.ranking.score(s))
    }
}

/// One intent's result for a message.
#[derive(Clone)]
pub struct IntentScore<'a> {
    pub name: &'a str,
    pub score: f32,
    matched: Matched<'a>,
}

impl<'a> IntentScore<'a> {
    /// The keywords and patterns that fired, in the order they fired, for
    /// explanations (`kefu chat`, `kefu classify`, the console). A keyword
    /// that matched by sound only is shown as `≈keyword`.
    pub fn matched(&self) -> Matched<'a> {
        self.matched.clone()
    }

    /// Whether only patterns fired for it, no keyword: the intent was
    /// guessed from the shape of the message (`这个…吗`), not its words.
    pub fn only_patterns(&self) -> bool {
        let Matched { names, ids } = &self.matched;
        ids.clone().all(|&id| names.patterns[id as usize])
    }
}

/// The labels of what fired for one intent.
#[derive(Clone)]
pub struct Matched<'a> {
    names: &'a Names,
    ids: std::slice::Iter<'a, u32>,
}

impl<'a> Iterator for Matched<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.ids.next().map(|&id| self.names.label(id))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl ExactSizeIterator for Matched<'_> {}

// Views compare, print and serialise as the plain values they stand for.

impl PartialEq for IntentScore<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.score == other.score && self.matched().eq(other.matched())
    }
}

impl PartialEq for Ranking<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.view() == other.view()
    }
}

impl fmt::Debug for IntentScore<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntentScore")
            .field("name", &self.name)
            .field("score", &self.score)
            .field("matched", &self.matched().collect::<Vec<_>>())
            .finish()
    }
}

impl fmt::Debug for Ranking<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl fmt::Debug for Ranked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view().fmt(f)
    }
}

impl Serialize for IntentScore<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("IntentScore", 3)?;
        s.serialize_field("name", self.name)?;
        s.serialize_field("score", &self.score)?;
        s.serialize_field("matched", &self.matched())?;
        s.end()
    }
}

/// The labels as a list.
impl Serialize for Matched<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.clone())
    }
}

impl Serialize for Ranking<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descending_keys_sort_as_total_cmp_reversed() {
        let mut floats = vec![
            0.0f32,
            -0.0,
            1.0,
            0.6,
            1.6,
            1.600_000_1,
            -1.0,
            -2.5,
            f32::MIN_POSITIVE,
            f32::MAX,
            f32::INFINITY,
            f32::NEG_INFINITY,
            1e-40,
            -1e-40,
            f32::NAN,
            -f32::NAN,
        ];
        let mut by_key = floats.clone();
        floats.sort_by(|a, b| b.total_cmp(a));
        by_key.sort_by_key(|&f| descending(f));
        assert_eq!(
            floats.iter().map(|f| f.to_bits()).collect::<Vec<_>>(),
            by_key.iter().map(|f| f.to_bits()).collect::<Vec<_>>()
        );
    }
}
