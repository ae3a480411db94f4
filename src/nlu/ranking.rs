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
//! [`Ranking`] and [`IntentScore`] are the views callers use; they read like
//! the plain values they replace and serialise to the same JSON.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::fmt;
use std::sync::Arc;

/// The strings a classifier's results refer to: intent names, and the labels
/// of its rules (a keyword as written, its sound-alike label `≈keyword`, a
/// pattern's source).
#[derive(Debug, Default)]
pub(crate) struct Names {
    intents: Vec<Box<str>>,
    labels: Vec<Box<str>>,
}

impl Names {
    /// Adds an intent name; intents are numbered in the order they are added.
    pub(crate) fn add_intent(&mut self, name: &str) -> u32 {
        self.intents.push(name.into());
        (self.intents.len() - 1) as u32
    }

    /// Adds a label and returns its id.
    pub(crate) fn add_label(&mut self, label: impl Into<Box<str>>) -> u32 {
        self.labels.push(label.into());
        (self.labels.len() - 1) as u32
    }

    pub(crate) fn intent(&self, intent: u32) -> &str {
        &self.intents[intent as usize]
    }

    pub(crate) fn label(&self, label: u32) -> &str {
        &self.labels[label as usize]
    }

    pub(crate) fn intents(&self) -> impl Iterator<Item = &str> {
        self.intents.iter().map(|n| &**n)
    }
}

/// What a ranking without intents points into.
static NO_NAMES: Names = Names {
    intents: Vec::new(),
    labels: Vec::new(),
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
        s.serialize_field("matched", &MatchedList(self.matched()))?;
        s.end()
    }
}

/// [`Matched`] as a JSON array.
struct MatchedList<'a>(Matched<'a>);

impl Serialize for MatchedList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.clone())
    }
}

impl Serialize for Ranking<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}
