//! How agents treated the bot's suggestions (assist mode), reply set by
//! reply set.
//!
//! Every verdict is stored with the reply sets the suggested reply came from
//! (`scripts/replies.toml:385`). Grouped by them, the sets agents keep
//! rewriting or rejecting stand out, with what the agents wrote instead:
//! that is where supervisors should edit the scripts next. A reply giving
//! the shop's own answer to a question (`[[item.faq]]`, `[[faq]]`) is
//! grouped by that entry as well: its words are written there, and the
//! `item_faq` set framing every such answer would otherwise lump the
//! answers of all items into one row. Suggestions a person made moot by
//! writing in the workbench, or a new order event replaced, say nothing
//! about the wording and are left out.

use crate::store::{DecisionRecord, FaqOrigin, Verdict};
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
    /// The shop's own answer the reply gave, where its words are written
    /// (`scripts/catalog.toml:512(复古厚底老爹鞋)`); empty when none did.
    pub faq: String,
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

    /// Everything a supervisor may edit for it: the reply sets, then the
    /// shop's answer (`scripts/replies.toml:1215 · 店铺答案:scripts/catalog.toml:512(…)`).
    pub fn written_in(&self) -> String {
        match (self.from.as_str(), self.faq.as_str()) {
            (from, "") => from.to_string(),
            ("", faq) => format!("店铺答案:{faq}"),
            (from, faq) => format!("{from} · 店铺答案:{faq}"),
        }
    }
}

/// The shop's answer `faq` as a row shows it: the entry, with its item.
fn faq_shown(faq: &FaqOrigin) -> String {
    match faq.item_name.as_ref().or(faq.item.as_ref()) {
        Some(item) if faq.at.is_some() => format!("{}({item})", faq.entry()),
        _ => faq.entry(),
    }
}

/// The rows, the most overruled sets first.
pub fn rows(records: &[DecisionRecord]) -> Vec<VerdictRow> {
    let mut sets: BTreeMap<(String, String, String), VerdictRow> = BTreeMap::new();
    for r in records.iter().rev() {
        if r.verdict == Verdict::Superseded {
            continue;
        }
        let keys = r.keys.join(" + ");
        let from = r.from.join(" + ");
        // By the entry, not by how it is shown: the item's name may change.
        let entry = r.faq.as_ref().map(FaqOrigin::entry).unwrap_or_default();
        let row = sets
            .entry((from.clone(), keys.clone(), entry))
            .or_insert_with(|| VerdictRow {
                from,
                faq: r.faq.as_ref().map(faq_shown).unwrap_or_default(),
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
