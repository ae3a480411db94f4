//! Scoring a script pack against labelled buyer messages (`kefu eval`).
//!
//! Supervisors label their own chats (`{"text": …, "labels": ["main", "other intents" …]}` per
//! line) and run this to see where the keywords fall short. The figures:
//!
//! - **accuracy**: the top intent equals the main label (`other` when nothing matched);
//! - **any-label recall**: at least one of the message's labels is among the intents the reply
//!   answers (the policy's choice with the default dialogue settings: at most three, each
//!   scoring at least 0.4 of the best; see `dialogue::answered_intents`), so this is what the
//!   buyer sees answered; `other` counts as found when nothing scored;
//! - **also answered**: how many second and third intents the replies answer beside the top
//!   one, and the share of them the message is labelled with: the rest are sentences the buyer
//!   did not ask for;
//! - **top in labels**: the stricter reading, the top intent is one of the message's labels;
//! - **wrongly other**: share of all messages that carry a real intent but were classified `other`;
//! - per intent **precision** and **recall** of the top intent against the main label, and
//!   the **hit precision**: of the messages where the intent scored at all (at any rank), the
//!   share labelled with it. The bot acts on every hit (a complaint anywhere in the list hands
//!   the chat over, a strong enough one gets a part of the reply), so a low hit precision is a
//!   cost even when the top intent is right;
//! - the most frequent **confusions** (main label → top intent);
//! - what **pinyin** matching changed: every message whose top intent differs between
//!   matching by sound and by exact spelling only, counted as fixed, broken or neither,
//!   so a supervisor can see whether homophone tolerance earns its keep on their chats;
//! - **handed to a person**: how many messages the policy itself hands over as the first
//!   message of a conversation (`handover.rs`), whatever their top intent: a handover
//!   intent's keyword acts wherever it ranks;
//! - with `--misses`, each miss with the keywords and patterns behind its top intent and
//!   where they are written.
//!
//! With `--against DIR`, the same for two packs: every message whose top intent an edit
//! changes, fixed or broken, and the messages it newly hands over (`compare.rs`).
//!
//! A label that is no intent of the pack is an error with its line: it would count as an
//! intent the pack never finds (see [`check_labels`]).

mod compare;
mod handover;
mod table;

pub use compare::{compare, compare_packs, render as render_comparison, Change, Comparison};
pub use handover::{compare_handovers, handover_rate, HandoverChange, HandoverRate, NewHandover};
pub use table::render_table;

use crate::dialogue::{answered_intents, Context};
use crate::nlu::Classifier;
use crate::script::Scripts;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// One labelled message.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    #[serde(default)]
    pub id: Option<String>,
    pub text: String,
    pub labels: Vec<String>,
    /// Its line in the file (1 for the first), for errors; 0 when it was
    /// not read from a file.
    #[serde(skip)]
    pub line: usize,
}

/// Reads a JSONL file of labelled messages; errors name file:line.
pub fn read_labelled(path: &Path) -> Result<Vec<Labelled>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut item: Labelled =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        item.line = i + 1;
        if item.labels.is_empty() {
            return Err(format!("{}:{}: \"labels\" is empty", path.display(), i + 1));
        }
        out.push(item);
    }
    Ok(out)
}

/// Checks that every label of `data` (read from `path`) is one of
/// `intents` or `other`: a typo (`shiping`) would otherwise be counted as
/// an intent of its own that the pack never finds, and lower every figure
/// without a word why. The error names each such line, with the intent
/// closest to the label.
pub fn check_labels<'a>(
    data: &[Labelled],
    path: &Path,
    intents: impl IntoIterator<Item = &'a str> + Clone,
) -> Result<(), String> {
    let known = |label: &str| label == "other" || intents.clone().into_iter().any(|i| i == label);
    let mut problems = Vec::new();
    for item in data {
        for label in item.labels.iter().filter(|l| !known(l)) {
            let hint = match crate::script::closest(label, intents.clone()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "use one of the pack's intents, or `other`".to_string(),
            };
            problems.push(format!(
                "{}:{}: label `{label}` is no intent of the scripts: {hint}",
                path.display(),
                item.line
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct IntentFigures {
    pub intent: String,
    /// Messages whose main label is this intent.
    pub support: usize,
    /// Messages whose top intent is this intent.
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    /// Messages where this intent scored at any rank.
    pub hits: usize,
    /// Share of those hits whose labels include this intent.
    pub hit_precision: f64,
    hits_right: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Confusion {
    pub label: String,
    pub predicted: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Miss {
    pub id: Option<String>,
    pub text: String,
    pub labels: Vec<String>,
    pub predicted: String,
    /// The keywords and patterns of the top intent the message matched.
    pub matched: Vec<MatchedWord>,
}

/// A keyword or pattern that fired, as written (`≈` first when by sound),
/// and where it is written when known (`scripts/intents.toml:301`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MatchedWord {
    pub word: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

impl std::fmt::Display for MatchedWord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{} ← {at}", self.word),
            None => f.write_str(&self.word),
        }
    }
}

/// A message whose top intent is different with pinyin matching than without.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SoundChange {
    pub id: Option<String>,
    pub text: String,
    pub labels: Vec<String>,
    /// Top intent by exact spelling only.
    pub exact: String,
    /// Top intent with sound-alikes.
    pub with_pinyin: String,
}

/// What pinyin matching did to the top intents of the whole file.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SoundEffect {
    /// Messages whose top intent changed.
    pub changed: usize,
    /// Wrong by spelling, right with pinyin.
    pub fixed: usize,
    /// Right by spelling, wrong with pinyin: the false positives.
    pub broken: usize,
    /// Wrong both ways.
    pub still_wrong: usize,
    /// Accuracy with exact spelling only, to compare with the report's.
    pub exact_accuracy: f64,
    pub changes: Vec<SoundChange>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub messages: usize,
    pub accuracy: f64,
    pub any_label_recall: f64,
    pub top_in_labels: f64,
    /// Second and third intents the replies answer beside the top one.
    pub also_answered: usize,
    /// Share of those the message is labelled with.
    pub also_answered_labelled: f64,
    pub wrongly_other: f64,
    /// Share of messages classified `other` (right or wrong).
    pub other_share: f64,
    pub intents: Vec<IntentFigures>,
    pub confusions: Vec<Confusion>,
    pub pinyin: SoundEffect,
    pub misses: Vec<Miss>,
    /// How many messages the policy hands to a person; measured by
    /// [`evaluate_pack`], which has the whole pack.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handover: Option<HandoverRate>,
}

impl Report {
    /// The lowest precision among intents that were predicted at least once.
    pub fn min_precision(&self) -> Option<&IntentFigures> {
        self.intents
            .iter()
            .filter(|f| f.intent != "other" && f.predicted > 0)
            .min_by(|a, b| a.precision.total_cmp(&b.precision))
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores `scripts` on `data`: [`evaluate`] with the pack's classifier,
/// the handover rate, and where each miss's keywords are written.
pub fn evaluate_pack(scripts: &Scripts, data: &[Labelled]) -> Report {
    let mut report = evaluate(&scripts.classifier, data);
    for miss in &mut report.misses {
        for word in &mut miss.matched {
            word.at = (scripts.rule_lines)
                .of(&miss.predicted, &word.word)
                .map(ToString::to_string);
        }
    }
    report.handover = Some(handover_rate(scripts, data));
    report
}

/// Scores `classifier` on `data`.
pub fn evaluate(classifier: &Classifier, data: &[Labelled]) -> Report {
    let mut figures: BTreeMap<String, IntentFigures> = BTreeMap::new();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut sound = SoundEffect::default();
    let (mut correct, mut exact_correct) = (0, 0);
    let (mut any_found, mut top_in_labels, mut wrongly_other, mut other) = (0, 0, 0, 0);
    let (mut also, mut also_labelled) = (0, 0);
    let settings = Context::default();
    for item in data {
        let result = classifier.classify(&item.text);
        let top = result.top().to_string();
        let exact = classifier.classify_exact(&item.text).top().to_string();
        let main = &item.labels[0];
        figures.entry(main.clone()).or_default().support += 1;
        figures.entry(top.clone()).or_default().predicted += 1;
        if top == "other" {
            other += 1;
            if main != "other" {
                wrongly_other += 1;
            }
        }
        if &exact == main {
            exact_correct += 1;
        }
        if exact != top {
            sound.changed += 1;
            match (&exact == main, &top == main) {
                (false, true) => sound.fixed += 1,
                (true, false) => sound.broken += 1,
                _ => sound.still_wrong += 1,
            }
            sound.changes.push(SoundChange {
                id: item.id.clone(),
                text: item.text.clone(),
                labels: item.labels.clone(),
                exact,
                with_pinyin: top.clone(),
            });
        }
        if &top == main {
            correct += 1;
            figures.entry(top.clone()).or_default().correct += 1;
        } else {
            *confusions.entry((main.clone(), top.clone())).or_default() += 1;
            let matched = (result.intent(&top).into_iter())
                .flat_map(|i| i.matched())
                .map(|word| MatchedWord {
                    word: word.to_string(),
                    at: None,
                })
                .collect();
            misses.push(Miss {
                id: item.id.clone(),
                text: item.text.clone(),
                labels: item.labels.clone(),
                predicted: top.clone(),
                matched,
            });
        }
        if item.labels.contains(&top) {
            top_in_labels += 1;
        }
        for hit in result.intents() {
            let f = figures.entry(hit.name.to_string()).or_default();
            f.hits += 1;
            if item.labels.iter().any(|l| l == hit.name) {
                f.hits_right += 1;
            }
        }
        let answered = answered_intents(&result, &settings);
        let labelled = |intent: &str| item.labels.iter().any(|l| l == intent);
        also += answered.len().saturating_sub(1);
        also_labelled += answered.iter().skip(1).filter(|i| labelled(i)).count();
        let found = |label: &String| match label.as_str() {
            "other" => result.intents().is_empty(),
            name => answered.contains(&name),
        };
        if item.labels.iter().any(found) {
            any_found += 1;
        }
    }
    let intents = figures
        .into_iter()
        .map(|(intent, mut f)| {
            f.intent = intent;
            f.precision = ratio(f.correct, f.predicted);
            f.recall = ratio(f.correct, f.support);
            f.hit_precision = ratio(f.hits_right, f.hits);
            f
        })
        .collect();
    let mut confusions: Vec<Confusion> = confusions
        .into_iter()
        .map(|((label, predicted), count)| Confusion {
            label,
            predicted,
            count,
        })
        .collect();
    confusions.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let n = data.len();
    sound.exact_accuracy = ratio(exact_correct, n);
    Report {
        messages: n,
        accuracy: ratio(correct, n),
        any_label_recall: ratio(any_found, n),
        top_in_labels: ratio(top_in_labels, n),
        also_answered: also,
        also_answered_labelled: ratio(also_labelled, also),
        wrongly_other: ratio(wrongly_other, n),
        other_share: ratio(other, n),
        intents,
        confusions,
        pinyin: sound,
        misses,
        handover: None,
    }
}

#[cfg(test)]
mod pack_tests;
#[cfg(test)]
mod tests;
