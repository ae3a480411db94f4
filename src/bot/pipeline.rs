//! One batch of inbound events: dedupe → decide → commit → (flush) → release.
//!
//! The order of operations is the delivery guarantee, so here it is exactly:
//!
//! 1. **Dedupe.** An event whose id is in the `seen` tree was processed
//!    before (maybe before a restart): it is only acked again.
//! 2. **Decide.** The policy runs on the stored session. It is a pure
//!    function, so if we crash before step 3 lands, the same event is
//!    decided again after restart with the same result.
//! 3. **Commit.** One sled transaction per event writes the new session, the
//!    outgoing frames (each `send` already carrying its `ref`) into the outbox
//!    and the event id into `seen`. Later events of the same conversation in
//!    the same batch read this committed session.
//! 4. **Flush** (by the caller, once per batch: group commit). Only now is
//!    anything durable.
//! 5. **Ack** the batch's ids, then **release** its frames from the outbox to
//!    the socket. A `send` stays in the outbox until its `send_result`; after
//!    a reconnect or restart every outbox entry is sent again with the same
//!    `ref`, which the channel deduplicates.
//!
//! A crash before 4 replays from 1 with nothing sent; a crash after 4 finds
//! the id seen and the frames in the outbox. Either way: no lost message, no
//! second or different reply.

use crate::channel::protocol::{Event, Outbound};
use crate::dialogue::{self, Action, Context, Decision, Timer};
use crate::script::Scripts;
use crate::store::{Commit, OutboxEntry, Store, StoreError, TimerKey};
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a processed batch asks the connection to do once it is durable.
#[derive(Debug, Default)]
pub struct Batch {
    /// Event ids to ack: processed now, or seen before.
    pub acks: Vec<String>,
    /// Frames to release, in decision order.
    pub release: Vec<OutboxEntry>,
    /// Whether anything was written that needs a flush.
    pub dirty: bool,
}

/// Runs steps 1–3 for `events`, appending to `batch`.
pub fn process_events(
    store: &Store,
    scripts: &Scripts,
    ctx: &Context,
    events: &[Event],
    batch: &mut Batch,
) -> Result<(), StoreError> {
    let mut in_batch: HashSet<&str> = HashSet::new();
    for event in events {
        let id = event.id();
        if in_batch.contains(id) || store.is_seen(id)? {
            tracing::debug!(event = id, "already processed; acking again");
            batch.acks.push(id.to_string());
            continue;
        }
        in_batch.insert(id);
        let session = store.session(event.shop(), event.conversation())?;
        let decision = decide_guarded(session.as_ref(), event, scripts, ctx);
        let (session, frames, timers) = into_frames(decision, event.shop(), event.conversation());
        log_decision(event, &frames);
        let commit = Commit {
            event_id: Some(id),
            session: session.as_ref(),
            frames: &frames,
            timers: &timers,
            fired: None,
        };
        let entries = store.apply(&commit, ctx.now)?;
        batch.release.extend(entries);
        batch.acks.push(id.to_string());
        batch.dirty = true;
    }
    Ok(())
}

/// Runs the policy, turning a panic into a handover: a bug must neither
/// crash the bot in a loop on a redelivered event nor leave a buyer unanswered.
fn decide_guarded(
    session: Option<&dialogue::Session>,
    event: &Event,
    scripts: &Scripts,
    ctx: &Context,
) -> Result<Decision, String> {
    catch_unwind(AssertUnwindSafe(|| dialogue::decide(session, event, scripts, ctx))).map_err(
        |panic| {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            tracing::error!(
                event = event.id(),
                conversation = event.conversation(),
                "the reply policy failed on this event ({reason}); handing the conversation to a person"
            );
            reason
        },
    )
}

/// Fires the timers due at `ctx.now`: each one's effects and its removal
/// land in one transaction, so a timer fires once even across a crash (an
/// unflushed firing is simply redone, with the same refs).
pub fn fire_timers(
    store: &Store,
    scripts: &Scripts,
    ctx: &Context,
    batch: &mut Batch,
) -> Result<(), StoreError> {
    for (key, timer) in store.due_timers(ctx.now, MAX_TIMERS_PER_TICK)? {
        let session = store.session(&timer.shop, &timer.conversation)?;
        let decision = catch_unwind(AssertUnwindSafe(|| {
            dialogue::on_timer(session.as_ref(), &timer, scripts, ctx)
        }))
        .unwrap_or_else(|_| {
            tracing::error!(conversation = %timer.conversation, "a timer failed; dropping it");
            None
        });
        let (session, frames, timers) = match decision {
            Some(d) => into_frames(Ok(d), &timer.shop, &timer.conversation),
            None => (None, Vec::new(), Vec::new()),
        };
        tracing::info!(conversation = %timer.conversation, kind = ?timer.kind, frames = frames.len(), "timer fired");
        batch.release.extend(fire(store, ctx.now, key, session.as_ref(), &frames, &timers)?);
        batch.dirty = true;
    }
    Ok(())
}

/// At most this many timers fire in one tick; the rest wait a second.
const MAX_TIMERS_PER_TICK: usize = 256;

fn fire(
    store: &Store,
    now: i64,
    key: TimerKey,
    session: Option<&dialogue::Session>,
    frames: &[Outbound],
    timers: &[Timer],
) -> Result<Vec<OutboxEntry>, StoreError> {
    let commit = Commit {
        event_id: None,
        session,
        frames,
        timers,
        fired: Some(key),
    };
    store.apply(&commit, now)
}

/// Assigns refs and turns the decided actions into protocol frames.
fn into_frames(
    decision: Result<Decision, String>,
    shop: &str,
    conversation: &str,
) -> (Option<dialogue::Session>, Vec<Outbound>, Vec<Timer>) {
    let shop = shop.to_string();
    let conversation = conversation.to_string();
    let mut decision = match decision {
        Ok(d) => d,
        Err(_) => {
            let frame = Outbound::Transfer {
                shop,
                conversation,
                reason: "internal_error".into(),
            };
            return (None, vec![frame], Vec::new());
        }
    };
    let mut frames = Vec::with_capacity(decision.actions.len());
    for action in decision.actions {
        frames.push(match action {
            Action::Reply { text, .. } => Outbound::Send {
                reference: decision.session.next_ref(),
                shop: shop.clone(),
                conversation: conversation.clone(),
                text,
            },
            Action::Transfer { reason } => Outbound::Transfer {
                shop: shop.clone(),
                conversation: conversation.clone(),
                reason,
            },
            Action::Remark { order, text, flag } => Outbound::Remark {
                shop: shop.clone(),
                order,
                text,
                flag,
            },
        });
    }
    (Some(decision.session), frames, decision.timers)
}

/// One line per event; never the buyer's text (privacy), only what was decided.
fn log_decision(event: &Event, frames: &[Outbound]) {
    let kind = match event {
        Event::Message(_) => "message",
        Event::Order(_) => "order",
        Event::AgentMessage(_) => "agent_message",
    };
    let actions: Vec<&str> = frames
        .iter()
        .map(|f| match f {
            Outbound::Send { reference, .. } => reference.as_str(),
            Outbound::Transfer { .. } => "transfer",
            Outbound::Remark { .. } => "remark",
            Outbound::Ack { .. } => "ack",
        })
        .collect();
    tracing::info!(
        event = event.id(),
        conversation = event.conversation(),
        kind,
        ?actions,
        "processed"
    );
}
