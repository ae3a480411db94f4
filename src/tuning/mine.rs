//! Proposing keywords from messages the scripts did not understand (`kefu mine`).
//!
//! Chinese has no spaces, so "words" here are character n-grams (2 to 4
//! characters) of the normalised text. An n-gram shared by several unmatched
//! messages is a candidate keyword; it is reported with the number of
//! messages it appears in and an example. A shorter n-gram that only ever
//! appears inside one longer candidate is dropped, so `包油吗` does not also
//! show up as `包油` and `油吗` with the same count.

use crate::nlu::{normalize, Classifier};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    pub ngram: String,
    /// Unmatched messages containing it.
    pub count: usize,
    /// When the messages were labelled: the label most of them carry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub example: String,
}

/// A message to mine, with its main label when known.
pub struct Sample<'a> {
    pub text: &'a str,
    pub label: Option<&'a str>,
}

fn is_content(c: char) -> bool {
    c.is_alphanumeric()
}

/// Candidates from the messages the scripts classify as `other` (or, for
/// labelled samples, classify wrongly), most frequent first.
pub fn mine(
    classifier: &Classifier,
    samples: &[Sample],
    min_count: usize,
    limit: usize,
) -> Vec<Candidate> {
    let mut docs: HashMap<String, (usize, BTreeMap<String, usize>, String)> = HashMap::new();
    for sample in samples {
        let top = classifier.classify(sample.text).top().to_string();
        let missed = match sample.label {
            Some(label) => label != top && label != "other",
            None => top == "other",
        };
        if !missed {
            continue;
        }
        let text = normalize(sample.text).text;
        let chars: Vec<char> = text.chars().collect();
        let mut grams = HashSet::new();
        for n in 2..=4 {
            for window in chars.windows(n) {
                if window.iter().all(|&c| is_content(c))
                    && !window.iter().all(|c| c.is_ascii_digit())
                {
                    grams.insert(window.iter().collect::<String>());
                }
            }
        }
        for gram in grams {
            let entry = docs
                .entry(gram)
                .or_insert_with(|| (0, BTreeMap::new(), sample.text.to_string()));
            entry.0 += 1;
            if let Some(label) = sample.label {
                *entry.1.entry(label.to_string()).or_default() += 1;
            }
        }
    }
    let mut candidates: Vec<Candidate> = docs
        .iter()
        .filter(|(_, (count, _, _))| *count >= min_count)
        .map(|(gram, (count, labels, example))| Candidate {
            ngram: gram.clone(),
            count: *count,
            label: labels
                .iter()
                .max_by_key(|(_, n)| **n)
                .map(|(l, _)| l.clone()),
            example: crate::nlu::mask_private(example),
        })
        .collect();
    // Drop an n-gram subsumed by a longer candidate with the same count.
    let snapshot = candidates.clone();
    candidates.retain(|c| {
        !snapshot.iter().any(|longer| {
            longer.ngram.chars().count() > c.ngram.chars().count()
                && longer.count == c.count
                && longer.ngram.contains(&c.ngram)
        })
    });
    candidates.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.ngram.chars().count().cmp(&a.ngram.chars().count()))
            .then(a.ngram.cmp(&b.ngram))
    });
    candidates.truncate(limit);
    candidates
}
