//! Scoring a script pack against labelled buyer messages (`kefu eval`).
//!
//! Supervisors label their own chats (`{"text": …, "labels": ["main", "other intents" …]}` per
//! line) and run this to see where the keywords fall short. The figures:
//!
//! - **accuracy**: the top intent equals the main label (`other` when nothing matched);
//! - **any-label hit rate**: the top intent is one of the message's labels;
//! - **wrongly other**: share of all messages that carry a real intent but were classified `other`;
//! - per intent **precision** and **recall** of the top intent against the main label;
//! - the most frequent **confusions** (main label → top intent).

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
        let item: Labelled = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        if item.labels.is_empty() {
            return Err(format!("{}:{}: \"labels\" is empty", path.display(), i + 1));
        }
        out.push(item);
    }
    Ok(out)
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
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub messages: usize,
    pub accuracy: f64,
    pub any_label_hit_rate: f64,
    pub wrongly_other: f64,
    /// Share of messages classified `other` (right or wrong).
    pub other_share: f64,
    pub intents: Vec<IntentFigures>,
    pub confusions: Vec<Confusion>,
    pub misses: Vec<Miss>,
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

pub fn evaluate(scripts: &Scripts, data: &[Labelled]) -> Report {
    let mut figures: BTreeMap<String, IntentFigures> = BTreeMap::new();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    let (mut correct, mut any_hit, mut wrongly_other, mut other) = (0, 0, 0, 0);
    for item in data {
        let top = scripts.classifier.classify(&item.text).top().to_string();
        let main = &item.labels[0];
        figures.entry(main.clone()).or_default().support += 1;
        figures.entry(top.clone()).or_default().predicted += 1;
        if top == "other" {
            other += 1;
            if main != "other" {
                wrongly_other += 1;
            }
        }
        if &top == main {
            correct += 1;
            figures.entry(top.clone()).or_default().correct += 1;
        } else {
            *confusions.entry((main.clone(), top.clone())).or_default() += 1;
            misses.push(Miss {
                id: item.id.clone(),
                text: item.text.clone(),
                labels: item.labels.clone(),
                predicted: top.clone(),
            });
        }
        if item.labels.contains(&top) {
            any_hit += 1;
        }
    }
    let intents = figures
        .into_iter()
        .map(|(intent, mut f)| {
            f.intent = intent;
            f.precision = ratio(f.correct, f.predicted);
            f.recall = ratio(f.correct, f.support);
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
    Report {
        messages: n,
        accuracy: ratio(correct, n),
        any_label_hit_rate: ratio(any_hit, n),
        wrongly_other: ratio(wrongly_other, n),
        other_share: ratio(other, n),
        intents,
        confusions,
        misses,
    }
}

/// The report as a plain-text table.
pub fn render_table(report: &Report, show_misses: usize) -> String {
    let pct = |x: f64| format!("{:5.1}%", x * 100.0);
    let mut out = String::new();
    out.push_str(&format!("messages            {}\n", report.messages));
    out.push_str(&format!("top-intent accuracy {}\n", pct(report.accuracy)));
    out.push_str(&format!("any-label hit rate  {}\n", pct(report.any_label_hit_rate)));
    out.push_str(&format!("wrongly 'other'     {}\n", pct(report.wrongly_other)));
    out.push_str(&format!("classified 'other'  {}\n", pct(report.other_share)));
    if let Some(f) = report.min_precision() {
        out.push_str(&format!("lowest precision    {} ({})\n", pct(f.precision), f.intent));
    }
    out.push_str(&format!(
        "\n{:<18} {:>7} {:>9} {:>9} {:>9}\n",
        "intent", "support", "predicted", "precision", "recall"
    ));
    for f in &report.intents {
        out.push_str(&format!(
            "{:<18} {:>7} {:>9} {:>9} {:>9}\n",
            f.intent,
            f.support,
            f.predicted,
            pct(f.precision),
            pct(f.recall)
        ));
    }
    if !report.confusions.is_empty() {
        out.push_str("\nmost frequent confusions (label → predicted)\n");
        for c in report.confusions.iter().take(15) {
            out.push_str(&format!("{:>4}  {} → {}\n", c.count, c.label, c.predicted));
        }
    }
    if show_misses > 0 && !report.misses.is_empty() {
        out.push_str("\nmisses\n");
        for m in report.misses.iter().take(show_misses) {
            out.push_str(&format!(
                "  [{}] → {}  {}\n",
                m.labels.join(","),
                m.predicted,
                crate::nlu::mask_private(&m.text)
            ));
        }
    }
    out
}
