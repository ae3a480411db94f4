//! How many labelled messages a pack hands to a person (`kefu eval`), and
//! with `--against`, which ones an edit newly hands over.
//!
//! Accuracy counts the top intent only, but a keyword of `complaint` or
//! `human` hands the conversation over wherever it ranks: a `的` added to
//! complaint with a small weight leaves most top intents as they were and
//! hands a third of all chats to a person. So each message also goes
//! through the policy itself, as a conversation's first message (see
//! [`crate::dialogue::open_with`]), and whatever it hands over is counted.

use super::{ratio, Labelled};
use crate::dialogue::{open_with, Opening};
use crate::script::Scripts;
use serde::Serialize;
use std::collections::BTreeMap;

/// The share of messages a pack hands to a person.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct HandoverRate {
    pub messages: usize,
    pub handed_over: usize,
    pub rate: f64,
    /// How many were handed over for each reason (`complaint`, `human`,
    /// `return_refund` …).
    pub by_reason: BTreeMap<String, usize>,
}

impl HandoverRate {
    fn of(openings: &[Opening]) -> HandoverRate {
        let mut by_reason = BTreeMap::new();
        for reason in openings.iter().filter_map(|o| o.handed_over.as_ref()) {
            *by_reason.entry(reason.clone()).or_default() += 1;
        }
        let handed_over = by_reason.values().sum();
        HandoverRate {
            messages: openings.len(),
            handed_over,
            rate: ratio(handed_over, openings.len()),
            by_reason,
        }
    }

    /// `6.2% (35 of 565)`.
    pub fn shown(&self) -> String {
        format!(
            "{:.1}% ({} of {})",
            self.rate * 100.0,
            self.handed_over,
            self.messages
        )
    }
}

/// A message the pack evaluated hands over and the one compared against
/// did not.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NewHandover {
    pub text: String,
    pub labels: Vec<String>,
    /// The transfer reason.
    pub reason: String,
    /// The reason intent's keywords and patterns the message matched, each
    /// with where it is written (`的 ← scripts/intents.toml:79`).
    pub words: Vec<String>,
}

/// Both packs' handover rates on the same messages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HandoverChange {
    /// With the pack compared against (the live one).
    pub before: HandoverRate,
    /// With the pack evaluated (the draft).
    pub after: HandoverRate,
    /// Messages the draft hands over and the live pack did not, in file
    /// order.
    pub newly: Vec<NewHandover>,
    /// How many the live pack handed over and the draft keeps.
    pub no_longer: usize,
}

/// Every message of `data` through the policy of `scripts`.
fn open_all(scripts: &Scripts, data: &[Labelled]) -> Vec<Opening> {
    data.iter().map(|l| open_with(scripts, &l.text)).collect()
}

/// The handover rate of `scripts` on `data`.
pub fn handover_rate(scripts: &Scripts, data: &[Labelled]) -> HandoverRate {
    HandoverRate::of(&open_all(scripts, data))
}

/// What an edit from `before` to `after` changes in what goes to a person.
pub fn compare_handovers(before: &Scripts, after: &Scripts, data: &[Labelled]) -> HandoverChange {
    let (was, is) = (open_all(before, data), open_all(after, data));
    let mut newly = Vec::new();
    let mut no_longer = 0;
    for ((item, was), is) in data.iter().zip(&was).zip(&is) {
        match (&was.handed_over, &is.handed_over) {
            (None, Some(reason)) => newly.push(NewHandover {
                text: item.text.clone(),
                labels: item.labels.clone(),
                reason: reason.clone(),
                words: is
                    .handover_words()
                    .into_iter()
                    .map(|word| match after.rule_lines.of(reason, word) {
                        Some(at) => format!("{word} ← {at}"),
                        None => word.to_string(),
                    })
                    .collect(),
            }),
            (Some(_), None) => no_longer += 1,
            _ => {}
        }
    }
    HandoverChange {
        before: HandoverRate::of(&was),
        after: HandoverRate::of(&is),
        newly,
        no_longer,
    }
}
