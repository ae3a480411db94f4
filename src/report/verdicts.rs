//! How agents treated the bot's suggestions (assist mode), reply set by
//! reply set.
//!
//! Every verdict is stored with the reply sets the suggested reply came from
//! (`scripts/replies.toml:385`). Grouped by them, the sets agents keep
//! rewriting or rejecting stand out, with what the agents wrote instead:
//! that is where supervisors should edit the scripts next. Suggestions a
//! person made moot by writing in the workbench, or a new order event
//! replaced, say nothing about the wording and are left out.

use crate::store::{DecisionRecord, Verdict};
use std::collections::BTreeMap;

/// How many reply sets the report lists.
const TOP_SETS: usize = 15;
/// How many of the agents' own texts are shown per set.
const REWRITES_SHOWN: usize = 2;

/// One reply set's verdicts.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictRow {
    /// Where the suggested reply's sets are written, `+` between parts
    /// (`scripts/replies.toml:385`); records of versions before that was
    /// kept have only the keys.
    pub from: String,
    /// The reply keys (`shipping`, `bargain + promotion`).
    pub keys: String,
    pub approved: u64,
    pub edited: u64,
    pub rejected: u64,
    /// What agents sent instead, masked when stored, latest first.
    pub rewrites: Vec<String>,
}

impl VerdictRow {
    /// Suggestions agents did not send as they were.
    pub fn overruled(&self) -> u64 {
        self.edited + self.rejected
    }
}

/// The rows, the most overruled sets first.
pub fn rows(records: &[DecisionRecord]) -> Vec<VerdictRow> {
    let mut sets: BTreeMap<(String, String), VerdictRow> = BTreeMap::new();
    for r in records.iter().rev() {
        if r.verdict == Verdict::Superseded {
            continue;
        }
        let keys = r.keys.join(" + ");
        let from = r.from.join(" + ");
        let row = sets
            .entry((from.clone(), keys.clone()))
            .or_insert_with(|| VerdictRow {
                from,
                keys,
                approved: 0,
                edited: 0,
                rejected: 0,
                rewrites: Vec::new(),
            });
        match r.verdict {
            Verdict::Approved => row.approved += 1,
            Verdict::Edited => {
                row.edited += 1;
                if row.rewrites.len() < REWRITES_SHOWN {
                    row.rewrites.extend(r.final_text.clone());
                }
            }
            Verdict::Rejected => row.rejected += 1,
            Verdict::Superseded => {}
        }
    }
    let mut rows: Vec<VerdictRow> = sets.into_values().collect();
    rows.sort_by(|a, b| {
        let total = |r: &VerdictRow| r.approved + r.overruled();
        b.overruled()
            .cmp(&a.overruled())
            .then(total(b).cmp(&total(a)))
    });
    rows.truncate(TOP_SETS);
    rows
}
