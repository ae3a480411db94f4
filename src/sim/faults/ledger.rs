//! What the fault-injecting channel saw the bot do, kept for the checks.
//!
//! The channel is the only party that sees every frame of every connection,
//! across bot restarts, so it is where "answered exactly once", "no ref with
//! two texts" and "every event acked" can be judged from outside the bot.

use serde::Serialize;
use std::collections::BTreeMap;

/// What became of one reply `ref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefOutcome {
    /// Posted to the buyer (the first `send` with this ref was accepted).
    Posted,
    /// Answered `ok:false` (an injected refusal); the same answer on every retry.
    Refused,
}

/// Every `send` seen for one ref.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefRecord {
    pub conversation: String,
    /// The distinct texts sent under this ref, first first. More than one is a bug.
    pub texts: Vec<String>,
    /// How many `send` frames carried it (retries after reconnects included).
    pub sends: u32,
    pub outcome: RefOutcome,
}

/// Counts of faults injected, by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FaultCounts {
    /// Connections ended abruptly (no close frame).
    pub drops: u32,
    /// Connections closed with a close frame at a random moment.
    pub closes: u32,
    /// Connections that went silent, answering no ping.
    pub stalls: u32,
    /// Upgrades refused with HTTP 401.
    pub refused_upgrades: u32,
    /// Events delivered again after they were acked.
    pub redelivered_acked: u32,
    /// Events delivered again on the same connection before their ack.
    pub redelivered_unacked: u32,
    /// Replies answered `ok:false`.
    pub refused_sends: u32,
    /// Pauses inserted between frames.
    pub delays: u32,
    /// Frames delivered ahead of an earlier frame of another conversation.
    pub reorders: u32,
}

/// The channel's record of one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ledger {
    pub refs: BTreeMap<String, RefRecord>,
    /// Transfer frames per conversation.
    pub transfers: BTreeMap<String, u32>,
    pub remarks: u32,
    /// Ack frames received, and ids in them that name no event of this run.
    pub ack_frames: u32,
    pub unknown_acked_ids: u32,
    /// Connections accepted (upgrades that succeeded).
    pub connections: u32,
    pub faults: FaultCounts,
}

impl Ledger {
    /// Records a `send`; returns the outcome to answer with. `refuse` says
    /// whether a ref seen for the first time is to be refused.
    pub fn on_send(
        &mut self,
        reference: &str,
        conversation: &str,
        text: &str,
        refuse: bool,
    ) -> RefOutcome {
        let record = self
            .refs
            .entry(reference.to_string())
            .or_insert_with(|| RefRecord {
                conversation: conversation.to_string(),
                texts: Vec::new(),
                sends: 0,
                outcome: if refuse {
                    RefOutcome::Refused
                } else {
                    RefOutcome::Posted
                },
            });
        record.sends += 1;
        if !record.texts.iter().any(|t| t == text) {
            record.texts.push(text.to_string());
        }
        if record.outcome == RefOutcome::Refused && record.sends == 1 {
            self.faults.refused_sends += 1;
        }
        record.outcome
    }

    /// Refs that were sent with more than one text.
    pub fn refs_with_two_texts(&self) -> Vec<&str> {
        self.refs
            .iter()
            .filter(|(_, r)| r.texts.len() > 1)
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// Texts posted to buyers, by ref: what a buyer actually saw.
    pub fn posted(&self) -> impl Iterator<Item = (&str, &RefRecord)> {
        self.refs
            .iter()
            .filter(|(_, r)| r.outcome == RefOutcome::Posted)
            .map(|(k, r)| (k.as_str(), r))
    }

    /// `send` frames that repeated a ref already sent: retries the channel
    /// deduplicated (never posted twice).
    pub fn resends(&self) -> u64 {
        self.refs
            .values()
            .map(|r| u64::from(r.sends.saturating_sub(1)))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ref_keeps_its_first_outcome_and_collects_differing_texts() {
        let mut ledger = Ledger::default();
        assert_eq!(
            ledger.on_send("r-c-1", "c", "hi", true),
            RefOutcome::Refused
        );
        assert_eq!(
            ledger.on_send("r-c-1", "c", "hi", false),
            RefOutcome::Refused
        );
        assert_eq!(ledger.faults.refused_sends, 1);
        assert_eq!(ledger.on_send("r-c-2", "c", "a", false), RefOutcome::Posted);
        assert!(ledger.refs_with_two_texts().is_empty());
        ledger.on_send("r-c-2", "c", "b", true);
        assert_eq!(ledger.refs_with_two_texts(), ["r-c-2"]);
        assert_eq!(ledger.resends(), 2);
        assert_eq!(ledger.posted().count(), 1);
    }
}
