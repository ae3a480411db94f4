//! One batch of inbound events: dedupe → decide → commit → (flush) → release.
//!
//! The order of operations is the delivery guarantee, so here it is exactly:
//!
//! 1. **Dedupe.** An event whose id is in the `seen` tree was processed
//!    before (maybe before a restart): it is only acked again.
//! 2. **Decide.** The policy runs on the stored session. It is a pure
//!    function, so if we crash before step 3 lands, the same event is
//!    decided again after restart with the same result.
//! 3. **Commit.** One sled transaction writes each event's new session, the
//!    outgoing frames (each `send` already carrying its `ref`) into the outbox
//!    and the event id into `seen`. Events of different conversations share
//!    one transaction (all land or none); before a second event of the same
//!    conversation is decided, the group so far is written, so it reads the
//!    committed session.
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
//!
//! In assist mode step 3 stores the decided replies as a suggestion instead
//! of outbox `send`s ([`super::assist`]); everything else is the same.

use super::assist::{self, Delivery, Trigger};
use crate::channel::protocol::{Event, Outbound};
use crate::dialogue::{
    self, Action, Context, Decision, FaqSource, Session, Speaker, Timer, TimerKind,
};
use crate::nlu::Classification;
use crate::script::{Location, Scripts};
use crate::store::{
    Commit, HandoverItem, JournalEntry, OrderNote, OutboxEntry, Settlement, Store, StoreError,
    Suggestion,
};
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// What a processed batch asks the core to do once it is durable.
#[derive(Debug, Default)]
pub struct Batch {
    /// Event ids to ack: processed now, or seen before.
    pub acks: Vec<String>,
    /// Frames to release, in decision order.
    pub release: Vec<OutboxEntry>,
    /// Whether anything was written that needs a flush.
    pub dirty: bool,
}

/// A decision turned into what gets stored and sent.
pub(super) struct Effects {
    pub session: Option<Session>,
    pub frames: Vec<Outbound>,
    pub timers: Vec<Timer>,
    pub journal: JournalEntry,
    pub handover: Option<HandoverItem>,
    /// What a buyer message was understood as (for assist mode's reasons).
    pub understood: Option<Classification>,
    /// Where each reply's parts are written (`replies.toml:41`), one list
    /// per `Send` frame in order, for assist mode's suggestions.
    pub reply_from: Vec<Vec<Location>>,
    /// The shop's own answer each reply gives, if any, one per `Send`
    /// frame in order, for the same.
    pub reply_faq: Vec<Option<FaqSource>>,
    /// Assist mode: suggestions made or updated.
    pub suggestions: Vec<Suggestion>,
    /// Assist mode: pending suggestions decided by this event.
    pub settled: Vec<Settlement>,
}

impl Effects {
    /// Effects that change nothing but the journal.
    fn nothing(journal: JournalEntry) -> Effects {
        Effects {
            session: None,
            frames: Vec::new(),
            timers: Vec::new(),
            journal,
            handover: None,
            understood: None,
            reply_from: Vec::new(),
            reply_faq: Vec::new(),
            suggestions: Vec::new(),
            settled: Vec::new(),
        }
    }

    /// The commit of these effects. The new session goes in as `shared`
    /// (moved out of `self.session` by [`Effects::share_session`]), so the
    /// store's cache keeps it without a copy.
    fn commit<'a>(
        &'a self,
        event_id: Option<&'a str>,
        shared: Option<&'a Arc<Session>>,
    ) -> Commit<'a> {
        Commit {
            event_id,
            session: shared,
            frames: &self.frames,
            timers: &self.timers,
            fired: None,
            journal: Some(&self.journal),
            handover: self.handover.as_ref(),
            suggestions: &self.suggestions,
            settled: &self.settled,
        }
    }

    /// Moves the decided session into an `Arc` (a move, not a deep copy).
    fn share_session(&mut self) -> Option<Arc<Session>> {
        self.session.take().map(Arc::new)
    }
}

/// Runs steps 1–3 for `events`, appending to `batch`. Decided events are
/// written in groups, one transaction per group of distinct conversations.
pub fn process_events(
    store: &Store,
    scripts: &Scripts,
    ctx: &Context,
    delivery: Delivery,
    events: &[Event],
    batch: &mut Batch,
) -> Result<(), StoreError> {
    let mut in_batch: HashSet<&str> = HashSet::new();
    // Decided events not yet written, and their conversations.
    let mut group: Vec<(&str, Effects)> = Vec::new();
    let mut grouped: HashSet<(&str, &str)> = HashSet::new();
    for event in events {
        let id = event.id();
        if in_batch.contains(id) || store.is_seen(id)? {
            tracing::debug!(event = id, "already processed; acking again");
            batch.acks.push(id.to_string());
            continue;
        }
        in_batch.insert(id);
        // This event reads its conversation's state from the store: a
        // decided but unwritten event of the same conversation goes in first.
        let conversation = (event.shop(), event.conversation());
        if grouped.contains(&conversation) {
            write_group(store, &mut group, ctx.now, batch)?;
            grouped.clear();
        }
        grouped.insert(conversation);
        let previous = store.take_session(event.shop(), event.conversation())?;
        let seen_last = last_seen_text(previous.as_ref(), delivery);
        let decision = match decide_guarded(previous, event, scripts, ctx) {
            Ok(decision) => Ok(decision),
            // The session went down with the policy; the stored one is what
            // it was given (nothing of this conversation was written since).
            Err(_) => Err(store.session_shared(event.shop(), event.conversation())?),
        };
        let mut journal =
            JournalEntry::new(ctx.now, event.shop(), event.conversation(), kind_of(event));
        journal.event_id = Some(id.to_string());
        match event {
            Event::Message(m) => journal.sent_at = Some(m.sent_at.clone()),
            Event::Order(o) => {
                journal.order = Some(OrderNote {
                    order: o.order.clone(),
                    status: format!("{:?}", o.status).to_lowercase(),
                    amount: o.amount.clone(),
                })
            }
            Event::AgentMessage(_) => {}
        }
        let mut effects = effects(decision, journal, ctx.now);
        match event {
            // A person answered in the shop's own tool: what the bot
            // suggested for this conversation is moot now.
            Event::AgentMessage(a) => {
                effects.settled =
                    assist::supersede(store, event.shop(), event.conversation(), &a.agent, ctx.now)?
            }
            // The order moved on: what was suggested about its old state is.
            Event::Order(_) => {
                effects.settled = assist::supersede_order_replies(
                    store,
                    event.shop(),
                    event.conversation(),
                    ctx.now,
                )?
            }
            Event::Message(_) => {}
        }
        if delivery.assist() {
            let trigger = match event {
                Event::Message(_) => Trigger::Message,
                _ => Trigger::Other,
            };
            assist::suggest(
                store,
                scripts,
                &mut effects,
                seen_last.as_deref(),
                trigger,
                delivery,
                ctx.now,
            )?;
        }
        log_effects(&effects);
        group.push((id, effects));
    }
    write_group(store, &mut group, ctx.now, batch)
}

/// Step 3 for a group of decided events, in different conversations: one
/// transaction for all of them (see [`Store::apply_all`]).
fn write_group(
    store: &Store,
    group: &mut Vec<(&str, Effects)>,
    now: i64,
    batch: &mut Batch,
) -> Result<(), StoreError> {
    if group.is_empty() {
        return Ok(());
    }
    let shared: Vec<_> = group.iter_mut().map(|(_, e)| e.share_session()).collect();
    let commits: Vec<_> = group
        .iter()
        .zip(&shared)
        .map(|((id, effects), session)| effects.commit(Some(id), session.as_ref()))
        .collect();
    for entries in store.apply_all(&commits, now)? {
        batch.release.extend(entries);
    }
    for (id, _) in group.drain(..) {
        batch.acks.push(id.to_string());
    }
    batch.dirty = true;
    Ok(())
}

fn kind_of(event: &Event) -> &'static str {
    match event {
        Event::Message(_) => "message",
        Event::Order(_) => "order",
        Event::AgentMessage(_) => "agent_message",
    }
}

/// The last text the buyer saw in the stored session, kept before the
/// policy takes the session: assist mode puts it back, since suggested
/// replies are not seen until an agent approves them.
fn last_seen_text(previous: Option<&Session>, delivery: Delivery) -> Option<String> {
    previous
        .filter(|_| delivery.assist())
        .and_then(|p| p.last_sent.clone())
}

/// Runs the policy, turning a panic into a handover: a bug must neither
/// crash the bot in a loop on a redelivered event nor leave a buyer unanswered.
fn decide_guarded(
    session: Option<Session>,
    event: &Event,
    scripts: &Scripts,
    ctx: &Context,
) -> Result<Decision, String> {
    catch_unwind(AssertUnwindSafe(|| {
        dialogue::decide_owned(session, event, scripts, ctx)
    }))
    .map_err(
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
    delivery: Delivery,
    batch: &mut Batch,
) -> Result<(), StoreError> {
    for (key, timer) in store.due_timers(ctx.now, MAX_TIMERS_PER_TICK)? {
        let previous = store.take_session(&timer.shop, &timer.conversation)?;
        let seen_last = last_seen_text(previous.as_ref(), delivery);
        // A holding line only while its suggestion still waits, once.
        let holding = match &timer.kind {
            TimerKind::Holding { suggestion } => Some(assist::still_waiting(store, *suggestion)?),
            _ => None,
        };
        if let (Some(Some(waiting)), false) = (&holding, delivery.assist()) {
            // The night shift began while this waited: nobody will decide
            // it before morning, so the bot's best reply goes out now.
            assist::send_unattended(store, ctx, waiting.id, batch)?;
            let fired = Commit {
                fired: Some(key),
                ..Commit::default()
            };
            store.apply(&fired, ctx.now)?;
            batch.dirty = true;
            continue;
        }
        let decision = catch_unwind(AssertUnwindSafe(|| match &holding {
            Some(None) => None,
            _ => dialogue::on_timer(previous, &timer, scripts, ctx),
        }))
        .unwrap_or_else(|_| {
            tracing::error!(conversation = %timer.conversation, "a timer failed; dropping it");
            None
        });
        let kind = format!("timer:{}", timer.kind.name());
        let journal = JournalEntry::new(ctx.now, &timer.shop, &timer.conversation, &kind);
        let mut effects = match decision {
            Some(d) => effects(Ok(d), journal, ctx.now),
            None => Effects::nothing(journal),
        };
        match holding {
            Some(Some(waiting)) if !effects.frames.is_empty() => {
                effects.suggestions = assist::mark_held(store, &waiting)?;
            }
            Some(_) => {}
            // The bot's own later words (the closing line) are suggestions
            // too in assist mode; the holding line never is.
            None if delivery.assist() => {
                assist::suggest(
                    store,
                    scripts,
                    &mut effects,
                    seen_last.as_deref(),
                    Trigger::Other,
                    delivery,
                    ctx.now,
                )?;
            }
            None => {}
        }
        log_effects(&effects);
        let shared = effects.share_session();
        let mut commit = effects.commit(None, shared.as_ref());
        commit.fired = Some(key);
        // A timer that did nothing is not worth a journal line.
        if effects.frames.is_empty() && effects.suggestions.is_empty() {
            commit.journal = None;
        }
        batch.release.extend(store.apply(&commit, ctx.now)?);
        batch.dirty = true;
    }
    Ok(())
}

/// At most this many timers fire in one tick; the rest wait a second.
const MAX_TIMERS_PER_TICK: usize = 256;

/// Assigns refs, turns the decided actions into protocol frames, and notes
/// what happened in the journal and, for a transfer, the handover queue.
/// A failed decision (`Err`) carries the stored session, for the handover.
fn effects(
    decision: Result<Decision, Option<Arc<Session>>>,
    mut journal: JournalEntry,
    now: i64,
) -> Effects {
    let shop = journal.shop.clone();
    let conversation = journal.conversation.clone();
    let mut decision = match decision {
        Ok(d) => d,
        Err(previous) => {
            let reason = "internal_error".to_string();
            journal.transfer = Some(reason.clone());
            let handover = previous.map(|s| handover_item(&s, &reason, now));
            let frame = Outbound::Transfer {
                shop,
                conversation,
                reason,
            };
            return Effects {
                frames: vec![frame],
                handover,
                ..Effects::nothing(journal)
            };
        }
    };
    if let Some(c) = &decision.understood {
        journal.intents = c.intents().iter().map(|i| i.name.to_string()).collect();
        if c.intents().is_empty() && !c.normalized.is_empty() {
            journal.unmatched = Some(crate::nlu::mask_private(&c.normalized));
        }
    }
    let mut frames = Vec::with_capacity(decision.actions.len());
    let mut reply_from = Vec::new();
    let mut reply_faq = Vec::new();
    let mut handover = None;
    for action in decision.actions {
        frames.push(match action {
            Action::Check { reason } => {
                handover = Some(handover_item(&decision.session, &reason, now));
                continue;
            }
            Action::Reply {
                text,
                keys,
                from,
                faq,
            } => {
                journal.replies.push(keys);
                reply_from.push(from);
                reply_faq.push(faq);
                Outbound::Send {
                    reference: decision.session.next_ref(),
                    shop: shop.clone(),
                    conversation: conversation.clone(),
                    text,
                }
            }
            Action::Transfer { reason } => {
                handover = Some(handover_item(&decision.session, &reason, now));
                journal.transfer = Some(reason.clone());
                Outbound::Transfer {
                    shop: shop.clone(),
                    conversation: conversation.clone(),
                    reason,
                }
            }
            Action::Remark { order, text, flag } => Outbound::Remark {
                shop: shop.clone(),
                order,
                text,
                flag,
            },
        });
    }
    // A transfer goes out before the replies of the same decision: the
    // result of the handover line that follows then proves the channel has
    // read the transfer, which has no result frame of its own.
    frames.sort_by_key(|f| !matches!(f, Outbound::Transfer { .. }));
    journal.buyer = decision.session.buyer.clone();
    journal.stage = decision.session.stage.name().to_string();
    Effects {
        session: Some(decision.session),
        frames,
        timers: decision.timers,
        journal,
        handover,
        understood: decision.understood,
        reply_from,
        reply_faq,
        suggestions: Vec::new(),
        settled: Vec::new(),
    }
}

/// How many of the buyer's last messages a handover item carries.
const HANDOVER_MESSAGES: usize = 5;

fn handover_item(session: &Session, reason: &str, now: i64) -> HandoverItem {
    let mut last_messages: Vec<String> = session
        .history
        .iter()
        .rev()
        .filter(|t| t.who == Speaker::Buyer)
        .take(HANDOVER_MESSAGES)
        .map(|t| t.text.clone())
        .collect();
    last_messages.reverse();
    HandoverItem {
        id: 0,
        at: now,
        shop: session.shop.clone(),
        conversation: session.conversation.clone(),
        buyer: session.buyer.clone(),
        reason: reason.to_string(),
        order: session.orders.keys().next_back().cloned(),
        last_messages,
        buyer_messages: Some(session.buyer_messages),
        done: false,
        done_by: None,
    }
}

/// One line per event; never the buyer's text (privacy), only what was decided.
fn log_effects(effects: &Effects) {
    let actions: Vec<&str> = effects
        .frames
        .iter()
        .map(|f| match f {
            Outbound::Send { reference, .. } => reference.as_str(),
            Outbound::Transfer { .. } => "transfer",
            Outbound::Remark { .. } => "remark",
            Outbound::Ack { .. } => "ack",
        })
        .collect();
    let j = &effects.journal;
    let suggested: Vec<u64> = effects.suggestions.iter().map(|s| s.id).collect();
    tracing::info!(
        event = j.event_id.as_deref().unwrap_or("-"),
        conversation = %j.conversation,
        kind = %j.kind,
        intents = ?j.intents,
        ?actions,
        ?suggested,
        "processed"
    );
}
