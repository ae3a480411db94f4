//! What the console shows, as JSON: the mode, the channel, script problems,
//! the conversations (waiting ones first, oldest wait first) and the
//! handover queue. Built from the store on each request; with the bot
//! writing through one core, a read is always a consistent picture of some
//! committed moment per tree.

use crate::bot::{Agents, Effective};
use crate::config::Mode;
use crate::dialogue::{Session, Slots, Turn};
use crate::report::handover;
use crate::store::{HandoverItem, Store, StoreError, Suggestion};
use serde::Serialize;
use std::collections::BTreeMap;

/// Conversations without a waiting suggestion are listed when active within this long.
const RECENT_SECS: i64 = 24 * 3600;

/// At most this many conversations in one state (waiting ones always first).
const MAX_CONVERSATIONS: usize = 200;

#[derive(Serialize)]
pub struct State {
    /// The bot's clock, Unix seconds.
    pub now: i64,
    pub mode: ModeView,
    pub channel: ChannelView,
    /// Problems of the last refused script reload (`file:line: reason`).
    pub script_errors: Vec<String>,
    pub conversations: Vec<ConversationView>,
    pub handover: Vec<HandoverView>,
}

/// A handover item with its reason in words, as the morning shift's list
/// names it, so the page needs no table of its own.
#[derive(Serialize)]
pub struct HandoverView {
    #[serde(flatten)]
    pub item: HandoverItem,
    pub reason_label: String,
    /// What the buyer wrote while waiting, masked, oldest first.
    pub since: Vec<String>,
}

/// The open handover queue, each item with its reason in words and what
/// the buyer wrote since.
pub fn open_handover(store: &Store) -> Result<Vec<HandoverView>, StoreError> {
    store
        .handover_items(false)?
        .into_iter()
        .map(|item| {
            let session = store.session_shared(&item.shop, &item.conversation)?;
            Ok(HandoverView {
                reason_label: handover::reason_label(&item.reason).to_string(),
                since: handover::written_since(&item, session.as_deref()),
                item,
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct ModeView {
    /// `auto`, `assist` or `schedule`, as configured.
    pub configured: &'static str,
    /// `auto` or `assist`: what happens to a reply right now.
    pub effective: Effective,
    pub schedule: ScheduleView,
    pub holding_after_secs: i64,
}

#[derive(Serialize)]
pub struct ScheduleView {
    pub auto_from: String,
    pub auto_until: String,
    pub timezone: String,
    /// The shop's wall-clock time now, `HH:MM`.
    pub local_time: String,
}

#[derive(Serialize)]
pub struct ChannelView {
    pub connected: bool,
}

#[derive(Serialize)]
pub struct ConversationView {
    pub shop: String,
    pub conversation: String,
    pub buyer: String,
    pub stage: String,
    pub slots: Slots,
    /// Masked, oldest first.
    pub history: Vec<Turn>,
    /// When the oldest pending suggestion was made; none when nothing waits.
    pub waiting_since: Option<i64>,
    pub transferred: bool,
    pub silenced_until: Option<i64>,
    pub updated_at: i64,
    /// Pending suggestions, oldest first: the first is the one to decide.
    pub suggestions: Vec<Suggestion>,
}

impl ConversationView {
    pub fn new(
        session: Option<Session>,
        suggestions: Vec<Suggestion>,
        shop: &str,
        conversation: &str,
    ) -> Self {
        let waiting_since = suggestions.first().map(|s| s.created_at);
        match session {
            Some(s) => ConversationView {
                shop: s.shop,
                conversation: s.conversation,
                buyer: s.buyer,
                stage: s.stage.name().to_string(),
                slots: s.slots,
                history: s.history.into_iter().collect(),
                waiting_since,
                transferred: s.transferred,
                silenced_until: s.silenced_until,
                updated_at: s.updated_at,
                suggestions,
            },
            None => ConversationView {
                shop: shop.to_string(),
                conversation: conversation.to_string(),
                buyer: suggestions
                    .first()
                    .map(|s| s.buyer.clone())
                    .unwrap_or_default(),
                stage: String::new(),
                slots: Slots::default(),
                history: Vec::new(),
                waiting_since,
                transferred: false,
                silenced_until: None,
                updated_at: waiting_since.unwrap_or(0),
                suggestions,
            },
        }
    }
}

pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Auto => "auto",
        Mode::Assist => "assist",
        Mode::Schedule => "schedule",
    }
}

pub fn state(agents: &Agents) -> Result<State, StoreError> {
    let now = agents.now();
    let settings = agents.mode();
    let store = agents.store();

    // Waiting conversations, by their oldest pending suggestion.
    let mut waiting: BTreeMap<(String, String), Vec<Suggestion>> = BTreeMap::new();
    for s in store.pending_suggestions()? {
        waiting
            .entry((s.shop.clone(), s.conversation.clone()))
            .or_default()
            .push(s);
    }
    let mut conversations: Vec<ConversationView> = Vec::new();
    for ((shop, conversation), suggestions) in waiting.iter() {
        let session = store.session(shop, conversation)?;
        conversations.push(ConversationView::new(
            session,
            suggestions.clone(),
            shop,
            conversation,
        ));
    }
    conversations.sort_by_key(|c| (c.waiting_since, c.suggestions.first().map(|s| s.id)));

    // Then the other recent conversations, latest first.
    let mut recent: Vec<Session> = Vec::new();
    for session in store.sessions() {
        let s = session?;
        let key = (s.shop.clone(), s.conversation.clone());
        if s.updated_at >= now - RECENT_SECS && !waiting.contains_key(&key) {
            recent.push(s);
        }
    }
    recent.sort_by_key(|s| std::cmp::Reverse(s.updated_at));
    for s in recent {
        if conversations.len() >= MAX_CONVERSATIONS {
            break;
        }
        let (shop, conversation) = (s.shop.clone(), s.conversation.clone());
        conversations.push(ConversationView::new(
            Some(s),
            Vec::new(),
            &shop,
            &conversation,
        ));
    }

    Ok(State {
        now,
        mode: ModeView {
            configured: mode_name(settings.mode),
            effective: settings.effective(now),
            schedule: ScheduleView {
                auto_from: settings.schedule.auto_from.clone(),
                auto_until: settings.schedule.auto_until.clone(),
                timezone: settings.schedule.timezone.clone(),
                local_time: settings.schedule.local_time(now),
            },
            holding_after_secs: settings.holding_after_secs,
        },
        channel: ChannelView {
            connected: agents.status().connected(),
        },
        script_errors: agents.status().script_errors(),
        conversations,
        handover: open_handover(store)?,
    })
}
