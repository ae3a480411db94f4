//! Assist mode in the runtime: replies become suggestions, agents decide.
//!
//! The policy decides as always; in assist mode the pipeline hands the
//! decided replies to [`suggest`], which stores them as one [`Suggestion`]
//! (best reply plus alternatives, with the intents and keywords behind
//! them) in the decision's own transaction, instead of outbox `send`s. A
//! decision that hands the conversation to a person goes out as in auto mode,
//! handover line included: the buyer should hear at once that a person comes.
//!
//! Agents' verdicts arrive at the core as [`Command`]s, so the core stays the
//! one writer: an approval or an edit is one transaction that checks the
//! suggestion is still pending, removes it, records the verdict, and puts the
//! `send` (with the `ref` reserved when the suggestion was made) in the
//! outbox. A second approval finds nothing pending and sends nothing.

use super::mode::{Effective, ModeSettings};
use super::pipeline::{Batch, Effects};
use crate::channel::protocol::Outbound;
use crate::dialogue::{self, Context, FaqSource, Speaker, Timer, TimerKind};
use crate::nlu::{mask_private, Classification};
use crate::script::Scripts;
use crate::store::{
    Commit, DecisionRecord, FaqOrigin, JournalEntry, Settlement, Store, StoreError, SuggestedReply,
    Suggestion, Verdict,
};
use std::sync::Arc;

/// How replies go out in one batch.
#[derive(Debug, Clone, Copy)]
pub struct Delivery {
    pub mode: Effective,
    pub holding_after_secs: i64,
}

impl Delivery {
    pub fn at(settings: &ModeSettings, now: i64) -> Delivery {
        Delivery {
            mode: settings.effective(now),
            holding_after_secs: settings.holding_after_secs,
        }
    }

    pub fn assist(&self) -> bool {
        self.mode == Effective::Assist
    }
}

/// What made the bot speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// A buyer message: the buyer waits, so a holding line may follow.
    Message,
    /// An order event or a timer: nobody is waiting on an answer.
    Other,
}

/// The longest text an agent may send (the platforms cut longer messages).
pub const MAX_TEXT_CHARS: usize = 500;

/// An agent's verdict on a suggestion, or on a handover item.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Send option `option` (0 = the bot's best) as it is.
    Approve {
        id: u64,
        agent: String,
        option: usize,
    },
    /// Send the agent's own text instead.
    Edit {
        id: u64,
        agent: String,
        text: String,
    },
    /// Send nothing.
    Reject { id: u64, agent: String },
    /// A handed-over conversation has been dealt with.
    HandoverDone { id: u64, agent: String },
}

/// What a command did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A reply is on its way with this `ref`.
    Sent { reference: String },
    /// The suggestion was discarded.
    Rejected,
    /// The handover item is marked done; `given_back`: its conversation
    /// is the bot's again (see `Store::mark_handover_done`).
    Done { given_back: bool },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandError {
    #[error("suggestion {0} is not pending: it was already decided, superseded, or never existed")]
    NotPending(u64),
    #[error("handover item {0} does not exist")]
    NoHandoverItem(u64),
    #[error("suggestion {id} has no option {option} (it has {count})")]
    NoOption {
        id: u64,
        option: usize,
        count: usize,
    },
    #[error("the text to send is empty")]
    EmptyText,
    #[error("the text is {0} characters; at most {MAX_TEXT_CHARS} can be sent")]
    TextTooLong(usize),
    #[error("the agent's name is missing")]
    NoAgent,
    #[error("the bot is not running, or did not answer in time; try again")]
    Unavailable,
    #[error("storage error: {0}")]
    Storage(String),
}

/// An agent message settles every pending suggestion of its conversation.
pub fn supersede(
    store: &Store,
    shop: &str,
    conversation: &str,
    agent: &str,
    now: i64,
) -> Result<Vec<Settlement>, StoreError> {
    let by = if agent.is_empty() { "workbench" } else { agent };
    Ok(store
        .pending_for(shop, conversation)?
        .iter()
        .map(|s| settlement(s, by, Verdict::Superseded, None, None, now))
        .collect())
}

/// Triggers of suggestions that speak of an order's state: the order reply
/// itself and the payment nudge.
const ORDER_TRIGGERS: &[&str] = &["order", "timer:payment_nudge"];

/// A new order event settles the pending suggestions that spoke of the
/// order's state before it: once the buyer has paid, "您拍下的宝贝还没付款哦"
/// waiting for approval is wrong, and the new event brings its own reply.
/// Answers to the buyer's messages stay: the buyer still waits for them.
pub fn supersede_order_replies(
    store: &Store,
    shop: &str,
    conversation: &str,
    now: i64,
) -> Result<Vec<Settlement>, StoreError> {
    Ok(store
        .pending_for(shop, conversation)?
        .iter()
        .filter(|s| ORDER_TRIGGERS.contains(&s.trigger.as_str()))
        .map(|s| settlement(s, "order_event", Verdict::Superseded, None, None, now))
        .collect())
}

fn settlement(
    s: &Suggestion,
    by: &str,
    verdict: Verdict,
    option: Option<usize>,
    final_text: Option<&str>,
    now: i64,
) -> Settlement {
    let best = s.options.first();
    Settlement {
        id: s.id,
        record: DecisionRecord {
            at: now,
            suggestion: s.id,
            shop: s.shop.clone(),
            conversation: s.conversation.clone(),
            by: by.to_string(),
            verdict,
            original: s.best_text().to_string(),
            keys: best.map(|o| o.keys.clone()).unwrap_or_default(),
            from: best.map(|o| o.from.clone()).unwrap_or_default(),
            faq: best.and_then(|o| o.faq.clone()),
            option,
            final_text: final_text.map(mask_private),
            reference: final_text.map(|_| s.reference.clone()),
            waited_secs: now.saturating_sub(s.created_at),
        },
    }
}

/// The intents of `c` a reply answering `answered` answers, and their keywords.
fn reasons(answered: &[&str], c: Option<&Classification>) -> (Vec<String>, Vec<String>) {
    let Some(c) = c else {
        return (Vec::new(), Vec::new());
    };
    let mut intents = Vec::new();
    let mut keywords = Vec::new();
    for i in c.intents().iter().filter(|i| answered.contains(&i.name)) {
        intents.push(i.name.to_string());
        keywords.extend(i.matched().map(str::to_string));
    }
    (intents, keywords)
}

/// The shop's answer `f` as a suggestion keeps it, with its item's name
/// as the catalogue has it now: the agent knows the item by name.
fn faq_origin(f: &FaqSource, scripts: &Scripts) -> FaqOrigin {
    let item = f.item.as_deref().and_then(|id| scripts.catalog.item(id));
    FaqOrigin {
        at: f.at.as_ref().map(ToString::to_string),
        item: f.item.clone(),
        item_name: item.map(|i| i.name.clone()),
        ask: f.ask.clone(),
        key: f.key.clone(),
    }
}

/// Turns the decided `send`s of `effects` into one suggestion each, unless
/// the decision hands the conversation over (then everything goes out).
/// `seen_last` is the stored session's `last_sent`: the last text the buyer
/// saw, which stays the last while the suggestions wait.
pub fn suggest(
    store: &Store,
    scripts: &Scripts,
    effects: &mut Effects,
    seen_last: Option<&str>,
    trigger: Trigger,
    delivery: Delivery,
    now: i64,
) -> Result<(), StoreError> {
    let hands_over = effects
        .frames
        .iter()
        .any(|f| matches!(f, Outbound::Transfer { .. }));
    let Some(session) = effects.session.as_mut() else {
        return Ok(());
    };
    if hands_over
        || !effects
            .frames
            .iter()
            .any(|f| matches!(f, Outbound::Send { .. }))
    {
        return Ok(());
    }
    let buyer_text = match trigger {
        Trigger::Message => session.last_buyer_text().map(str::to_string),
        Trigger::Other => None,
    };
    let mut replies = effects.journal.replies.iter();
    let mut from_each = std::mem::take(&mut effects.reply_from).into_iter();
    let mut faq_each = std::mem::take(&mut effects.reply_faq).into_iter();
    let mut kept = Vec::with_capacity(effects.frames.len());
    for frame in effects.frames.drain(..) {
        let Outbound::Send {
            reference, text, ..
        } = frame
        else {
            kept.push(frame);
            continue;
        };
        let keys = replies.next().cloned().unwrap_or_default();
        let from = from_each.next().unwrap_or_default();
        let faq = faq_each.next().flatten();
        let understood = effects.understood.as_ref();
        let answered = dialogue::intents_of(&keys, session, understood, scripts);
        let (intents, keywords) = reasons(&answered, understood);
        let mut options = vec![SuggestedReply {
            text: text.clone(),
            keys: keys.clone(),
            intents,
            keywords,
            note: String::new(),
            from: from.iter().map(ToString::to_string).collect(),
            faq: faq.as_ref().map(|f| faq_origin(f, scripts)),
        }];
        let alternatives =
            dialogue::alternatives(session, &text, &keys, faq.as_ref(), understood, scripts);
        for alt in alternatives {
            let answered = dialogue::intents_of(&alt.keys, session, understood, scripts);
            let (_, keywords) = reasons(&answered, understood);
            options.push(SuggestedReply {
                text: alt.text,
                keys: alt.keys,
                intents: alt.intents,
                keywords,
                note: alt.note,
                from: alt.from.iter().map(ToString::to_string).collect(),
                faq: alt.faq.as_ref().map(|f| faq_origin(f, scripts)),
            });
        }
        let id = store.next_suggestion_id()?;
        if trigger == Trigger::Message {
            let due = now.saturating_add(delivery.holding_after_secs.max(1));
            effects.timers.push(Timer::new(
                session,
                due,
                TimerKind::Holding { suggestion: id },
            ));
        }
        effects.suggestions.push(Suggestion {
            id,
            shop: session.shop.clone(),
            conversation: session.conversation.clone(),
            buyer: session.buyer.clone(),
            created_at: now,
            trigger: effects.journal.kind.clone(),
            event_id: effects.journal.event_id.clone(),
            buyer_text: buyer_text.clone(),
            reference,
            options,
            held: false,
        });
    }
    effects.frames = kept;
    // Nothing was said yet: the history and the last-sent text are what
    // the buyer has seen. The verdict adds what is actually sent.
    let suggested: Vec<String> = effects
        .suggestions
        .iter()
        .map(|s| mask_private(s.best_text()))
        .collect();
    while session
        .history
        .back()
        .is_some_and(|t| t.who == Speaker::Bot && suggested.contains(&t.text))
    {
        session.history.pop_back();
    }
    session.last_sent = seen_last.map(str::to_string);
    // Reports count replies when they are sent: at the verdict.
    effects.journal.replies.clear();
    Ok(())
}

/// For a holding timer: the suggestion when it still waits and no holding
/// line was sent for it yet.
pub fn still_waiting(store: &Store, id: u64) -> Result<Option<Suggestion>, StoreError> {
    Ok(store.suggestion(id)?.filter(|s| !s.held))
}

/// After a holding line: every suggestion of that conversation counts as
/// held, so a buyer who sent three quick messages hears it once.
pub fn mark_held(store: &Store, waiting: &Suggestion) -> Result<Vec<Suggestion>, StoreError> {
    let mut all = store.pending_for(&waiting.shop, &waiting.conversation)?;
    all.retain(|s| !s.held);
    for s in &mut all {
        s.held = true;
    }
    Ok(all)
}

/// Who approved a suggestion the schedule sent on its own.
pub const UNATTENDED: &str = "kefu (schedule: auto)";

/// Sends a pending suggestion's best reply without an agent (the schedule
/// switched to auto while it waited), recorded as approved by
/// [`UNATTENDED`]. A suggestion decided meanwhile is left alone.
pub fn send_unattended(
    store: &Store,
    ctx: &Context,
    id: u64,
    batch: &mut Batch,
) -> Result<(), StoreError> {
    let command = Command::Approve {
        id,
        agent: UNATTENDED.to_string(),
        option: 0,
    };
    if let Err(e) = execute(store, ctx, command, batch)? {
        tracing::debug!(suggestion = id, "not sent unattended: {e}");
    }
    Ok(())
}

fn check_text(text: &str) -> Result<String, CommandError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CommandError::EmptyText);
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(CommandError::TextTooLong(chars));
    }
    Ok(text.to_string())
}

/// Carries out one command, appending what to release to `batch`. Storage
/// errors other than a stale suggestion are returned as `Err` (fatal, as for
/// events); the command's own result is the `Ok` value.
pub fn execute(
    store: &Store,
    ctx: &Context,
    command: Command,
    batch: &mut Batch,
) -> Result<Result<Outcome, CommandError>, StoreError> {
    let now = ctx.now;
    let (id, agent) = match &command {
        Command::Approve { id, agent, .. }
        | Command::Edit { id, agent, .. }
        | Command::Reject { id, agent }
        | Command::HandoverDone { id, agent } => (*id, agent.trim().to_string()),
    };
    if agent.is_empty() {
        return Ok(Err(CommandError::NoAgent));
    }
    if let Command::HandoverDone { .. } = command {
        return Ok(match store.mark_handover_done(id, &agent)? {
            Some(done) => {
                tracing::info!(
                    handover = id,
                    conversation = %done.item.conversation,
                    agent = %agent,
                    given_back = done.given_back,
                    "handover done"
                );
                Ok(Outcome::Done {
                    given_back: done.given_back,
                })
            }
            None => Err(CommandError::NoHandoverItem(id)),
        });
    }
    let Some(suggestion) = store.suggestion(id)? else {
        return Ok(Err(CommandError::NotPending(id)));
    };
    let (verdict, option, text) = match command {
        Command::Approve { option, .. } => match suggestion.options.get(option) {
            Some(o) => (Verdict::Approved, Some(option), Some(o.text.clone())),
            None => {
                return Ok(Err(CommandError::NoOption {
                    id,
                    option,
                    count: suggestion.options.len(),
                }))
            }
        },
        Command::Edit { text, .. } => match check_text(&text) {
            // An "edit" that changes nothing is an approval, for the record.
            Ok(t) if t == suggestion.best_text() => (Verdict::Approved, Some(0), Some(t)),
            Ok(t) => (Verdict::Edited, None, Some(t)),
            Err(e) => return Ok(Err(e)),
        },
        _ => (Verdict::Rejected, None, None),
    };
    let settled = [settlement(
        &suggestion,
        &agent,
        verdict,
        option,
        text.as_deref(),
        now,
    )];
    let mut frames = Vec::new();
    let mut session = None;
    if let Some(text) = &text {
        frames.push(Outbound::Send {
            reference: suggestion.reference.clone(),
            shop: suggestion.shop.clone(),
            conversation: suggestion.conversation.clone(),
            text: text.clone(),
        });
        // One copy of the cached session (the cache holds it until this
        // commit lands), handed to the cache as it is written.
        let stored = store.session_shared(&suggestion.shop, &suggestion.conversation)?;
        if let Some(mut s) = stored.map(Arc::unwrap_or_clone) {
            let who = if verdict == Verdict::Edited {
                Speaker::Agent
            } else {
                Speaker::Bot
            };
            s.push_turn(who, text, now);
            s.last_sent = Some(text.clone());
            s.updated_at = now;
            session = Some(Arc::new(s));
        }
    }
    let journal = JournalEntry {
        at: now,
        shop: suggestion.shop.clone(),
        conversation: suggestion.conversation.clone(),
        buyer: suggestion.buyer.clone(),
        kind: format!("assist:{}", verdict_name(verdict)),
        event_id: suggestion.event_id.clone(),
        intents: suggestion
            .options
            .first()
            .map(|o| o.intents.clone())
            .unwrap_or_default(),
        unmatched: None,
        sent_at: None,
        replies: match verdict {
            Verdict::Approved => vec![suggestion.options[option.unwrap_or(0)].keys.clone()],
            _ => Vec::new(),
        },
        transfer: None,
        order: None,
        stage: session
            .as_ref()
            .map(|s| s.stage.name().to_string())
            .unwrap_or_default(),
    };
    let commit = Commit {
        session: session.as_ref(),
        frames: &frames,
        journal: Some(&journal),
        settled: &settled,
        ..Commit::default()
    };
    match store.apply(&commit, now) {
        Ok(entries) => batch.release.extend(entries),
        Err(StoreError::NotPending(id)) => return Ok(Err(CommandError::NotPending(id))),
        Err(e) => return Err(e),
    }
    batch.dirty = true;
    tracing::info!(
        suggestion = id,
        conversation = %suggestion.conversation,
        agent = %agent,
        verdict = verdict_name(verdict),
        "agent decided"
    );
    Ok(Ok(match text {
        Some(_) => Outcome::Sent {
            reference: suggestion.reference,
        },
        None => Outcome::Rejected,
    }))
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Approved => "approved",
        Verdict::Edited => "edited",
        Verdict::Rejected => "rejected",
        Verdict::Superseded => "superseded",
    }
}
