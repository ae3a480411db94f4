//! The figures of a run, as `kefu sim` prints them.

use super::{FaultChannel, FaultCounts};
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// What a run amounted to, from the channel's side.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub events: usize,
    pub acked: usize,
    /// Distinct reply refs the bot sent.
    pub refs: usize,
    /// Replies posted to buyers (each ref at most once).
    pub posted: usize,
    /// Retries of a ref already sent, deduplicated by the channel.
    pub resends: u64,
    /// Refs sent with more than one text (must be none).
    pub refs_with_two_texts: Vec<String>,
    pub transfers: usize,
    pub connections: u32,
    pub faults: FaultCounts,
    pub seconds: f64,
}

impl Summary {
    pub fn of(channel: &FaultChannel, elapsed: Duration) -> Summary {
        let ledger = channel.ledger();
        let progress = channel.progress();
        Summary {
            events: progress.total,
            acked: progress.acked,
            refs: ledger.refs.len(),
            posted: ledger.posted().count(),
            resends: ledger.resends(),
            refs_with_two_texts: ledger
                .refs_with_two_texts()
                .into_iter()
                .map(String::from)
                .collect(),
            transfers: ledger.transfers.len(),
            connections: ledger.connections,
            faults: ledger.faults.clone(),
            seconds: elapsed.as_secs_f64(),
        }
    }

    /// Whether the guarantees the channel can judge alone held: every event
    /// acked, no ref with two texts.
    pub fn holds(&self) -> bool {
        self.acked == self.events && self.refs_with_two_texts.is_empty()
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = &self.faults;
        writeln!(f, "events acked        {}/{}", self.acked, self.events)?;
        writeln!(
            f,
            "replies             {} refs, {} posted, {} refused by the channel, {} retries deduplicated",
            self.refs, self.posted, x.refused_sends, self.resends
        )?;
        writeln!(f, "refs with 2 texts   {}", self.refs_with_two_texts.len())?;
        writeln!(f, "transferred convs   {}", self.transfers)?;
        writeln!(f, "connections         {}", self.connections)?;
        writeln!(
            f,
            "faults              {} drops, {} closes, {} stalls, {} refused upgrades, {} redelivered acked, {} redelivered unacked, {} reorders, {} delays",
            x.drops,
            x.closes,
            x.stalls,
            x.refused_upgrades,
            x.redelivered_acked,
            x.redelivered_unacked,
            x.reorders,
            x.delays
        )?;
        write!(f, "duration            {:.1}s", self.seconds)
    }
}
