//! Two packs on the same labelled messages (`kefu eval --against DIR`):
//! what an edit of the keywords changes before it goes live.
//!
//! A supervisor edits a copy of the scripts (the draft the console's try
//! page also runs) and wants to know, before copying it over the live ones,
//! which buyer messages it reads differently and whether for better or
//! worse. Every message whose top intent differs between the two packs is
//! listed as fixed (right only with the new pack), broken (right only with
//! the old one) or neither, with both packs' accuracy; and, since an edit
//! can hand chats to a person without changing a single top intent, both
//! packs' handover rates and the messages the edit newly hands over.

use super::handover::{compare_handovers, HandoverChange};
use super::{ratio, Labelled};
use crate::nlu::{mask_private, Classifier};
use crate::script::Scripts;
use serde::Serialize;

/// One message the two packs read differently.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub text: String,
    pub labels: Vec<String>,
    /// Top intent with the pack compared against (the live one).
    pub before: String,
    /// Top intent with the pack evaluated (the draft).
    pub after: String,
    /// `fixed`, `broken` or `changed` (wrong, or right, both ways): in the
    /// JSON too, so that readers (the try page) need not work it out again.
    pub verdict: &'static str,
}

impl Change {
    fn new(text: String, labels: Vec<String>, before: String, after: String) -> Change {
        let main = &labels[0];
        let verdict = match (&before == main, &after == main) {
            (false, true) => "fixed",
            (true, false) => "broken",
            _ => "changed",
        };
        Change {
            text,
            labels,
            before,
            after,
            verdict,
        }
    }

    pub fn verdict(&self) -> &'static str {
        self.verdict
    }
}

/// The comparison of a whole file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    pub messages: usize,
    pub accuracy_before: f64,
    pub accuracy_after: f64,
    pub fixed: usize,
    pub broken: usize,
    /// Changed top intent, right or wrong both ways.
    pub other_changes: usize,
    /// Broken first, then fixed, then the rest, each in file order.
    pub changes: Vec<Change>,
    /// What goes to a person with each pack; measured by
    /// [`compare_packs`], which has the whole packs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handover: Option<HandoverChange>,
}

/// [`compare`] with the packs' classifiers, and their handover rates.
pub fn compare_packs(before: &Scripts, after: &Scripts, data: &[Labelled]) -> Comparison {
    let mut comparison = compare(&before.classifier, &after.classifier, data);
    comparison.handover = Some(compare_handovers(before, after, data));
    comparison
}

/// Compares the top intents of `before` and `after` on `data`.
pub fn compare(before: &Classifier, after: &Classifier, data: &[Labelled]) -> Comparison {
    let (mut right_before, mut right_after) = (0, 0);
    let mut changes = Vec::new();
    for item in data {
        let main = &item.labels[0];
        let b = before.classify(&item.text).top().to_string();
        let a = after.classify(&item.text).top().to_string();
        right_before += usize::from(&b == main);
        right_after += usize::from(&a == main);
        if a != b {
            changes.push(Change::new(item.text.clone(), item.labels.clone(), b, a));
        }
    }
    let order = |c: &Change| match c.verdict() {
        "broken" => 0,
        "fixed" => 1,
        _ => 2,
    };
    changes.sort_by_key(order);
    let count = |v: &str| changes.iter().filter(|c| c.verdict() == v).count();
    Comparison {
        messages: data.len(),
        accuracy_before: ratio(right_before, data.len()),
        accuracy_after: ratio(right_after, data.len()),
        fixed: count("fixed"),
        broken: count("broken"),
        other_changes: count("changed"),
        changes,
        handover: None,
    }
}

/// The comparison as the terminal shows it.
pub fn render(c: &Comparison, against: &str) -> String {
    let mut out = format!(
        "against {against}: top-intent accuracy {:.1}% → {:.1}% on {} messages\n\
         {} top intents changed: {} fixed, {} broken, {} wrong (or right) both ways\n",
        c.accuracy_before * 100.0,
        c.accuracy_after * 100.0,
        c.messages,
        c.changes.len(),
        c.fixed,
        c.broken,
        c.other_changes
    );
    for change in &c.changes {
        out.push_str(&format!(
            "  {:<7} [{}] {} → {}  {}\n",
            change.verdict(),
            change.labels.join(","),
            change.before,
            change.after,
            change.text
        ));
    }
    if let Some(h) = &c.handover {
        out.push_str(&format!(
            "handed to a person {} → {}: {} newly, {} no longer\n",
            h.before.shown(),
            h.after.shown(),
            h.newly.len(),
            h.no_longer
        ));
        for new in &h.newly {
            out.push_str(&format!(
                "  to a person [{}] {}: {}  {}\n",
                new.labels.join(","),
                new.reason,
                if new.words.is_empty() {
                    "-".to_string()
                } else {
                    new.words.join(", ")
                },
                mask_private(&new.text)
            ));
        }
    }
    out
}
