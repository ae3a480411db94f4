//! A conversation held in memory, for trying scripts out before buyers see
//! them.
//!
//! Supervisors try replies in two places: `kefu chat` in a terminal and the
//! try page of the agents' console. Both are this sandbox. It runs the very
//! policy the bot runs ([`super::decide_owned`], [`super::on_timer`]) on a
//! session kept in memory, so what it shows is what a buyer would get, with
//! no channel and no database, and it reports each step as data
//! ([`Step`]) that the terminal prints and the console sends as JSON.
//!
//! A sandbox reads lines. A line is a buyer's message, or a command:
//! `/item ID` (the buyer is on that product page), `/order
//! created|paid|shipped|closed [AMOUNT]`, `/agent TEXT` (a person writes in
//! the workbench), `/wait MINUTES`, `/time HH:MM` (on to that time of the
//! shop's day) and `/reset`. The clock moves a minute per line, and timers
//! the policy set (a payment nudge, the closing line, replies held back by
//! the message limit) fire when the clock passes them, as they would in the
//! running bot; `/wait 30` is how to see a 催付, `/time 23:30` the night
//! shift.
//!
//! The same lines always give the same steps: the clock starts where the
//! caller says and nothing is random. The console relies on that: it keeps
//! no sandbox between requests, and replays the lines of a trial each time.

use super::night;
use super::{Action, Context, Decision, Session, Slots, Timer, TimerKind};
use crate::channel::protocol::{
    AgentMessage, BuyerMessage, Event, OrderEvent, OrderLine, OrderStatus,
};
use crate::nlu::{Classification, Entities};
use crate::script::{Scripts, Stage};
use serde::Serialize;

/// The conversation the sandbox plays (ids as the channel would send them).
const SHOP: &str = "shop-1";
const CONVERSATION: &str = "c-try";
const BUYER: &str = "tb_买家";

/// How far one line moves the clock: enough for an agent's silence, or the
/// message limit's minute, to show.
const SECS_PER_LINE: i64 = 60;

/// At most this many timers fire for one line, so that a timer that keeps
/// setting itself again cannot hold the sandbox.
const MAX_TIMERS_PER_LINE: usize = 50;

/// The longest `/wait`: a week, past every nudge and closing line.
pub const MAX_WAIT_MINUTES: i64 = 7 * 24 * 60;

/// What one line, or one timer falling due, came to.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// A buyer message, an order event or an agent's message went through
    /// the policy.
    Event {
        /// The line as typed.
        input: String,
        /// Minutes since the trial began.
        minute: i64,
        outcome: Outcome,
    },
    /// A timer the policy set fell due and fired.
    Timer {
        /// `payment_nudge`, `closing` or `deferred`.
        timer: String,
        minute: i64,
        outcome: Outcome,
    },
    /// `/item ID`: the buyer is on the page of this item from now on.
    Item { id: String, name: String },
    /// `/wait MINUTES` or `/time HH:MM`: the clock moved on, to `clock`
    /// (`23:30`, the shop's local time).
    Waited { minutes: i64, clock: String },
    /// `/done`: a person marked the handover done; `given_back`: the
    /// conversation was waiting for a person and is the bot's again.
    HandoverDone { given_back: bool },
    /// `/reset`: a new conversation.
    Reset,
    /// A command that could not be carried out; `code` says which way
    /// (`unknown_command`, `no_such_item`, `bad_order_status`, `bad_wait`,
    /// `bad_time`, `missing_argument`), `reason` says it in words.
    Refused {
        input: String,
        code: &'static str,
        reason: String,
    },
}

/// What the bot did and understood at one step.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// In the order the bot would carry them out.
    pub actions: Vec<Done>,
    /// For a buyer message: what it was understood as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub understood: Option<Understood>,
    /// The conversation after the step.
    pub stage: Stage,
    pub slots: Slots,
    /// The bot keeps quiet in this conversation (a person wrote lately).
    pub silenced: bool,
    /// The conversation was handed to a person: the bot answers no more.
    pub transferred: bool,
    /// Timers this step set, by what they will do and how many minutes on.
    pub later: Vec<Later>,
}

/// One thing the bot would do.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Done {
    /// Says `text` to the buyer: the reply keys it answers and where each
    /// part's reply set is written (`scripts/replies.toml:41`); `faq`: the
    /// shop's own answer a part gave, when one did.
    Reply {
        text: String,
        keys: Vec<String>,
        from: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        faq: Option<FaqShown>,
    },
    /// Hands the conversation to a person, for `reason`.
    Transfer { reason: String },
    /// Writes a note on an order.
    Remark { order: String, text: String },
    /// Asks a person to look at something, for `reason`, and keeps
    /// answering.
    Check { reason: String },
}

/// The `[[item.faq]]` or `[[faq]]` entry that answered: the part's key
/// (`item_faq`), the entry's words the message held and where they are
/// written (`scripts/faq.toml:27`, empty for an entry made in code).
#[derive(Debug, Clone, Serialize)]
pub struct FaqShown {
    pub key: String,
    pub ask: String,
    pub at: String,
}

impl FaqShown {
    /// `item_faq: scripts/faq.toml:27 ask "有实体店吗"`, the reply key as
    /// the trace shows it.
    pub fn key_shown(&self) -> String {
        match self.at.as_str() {
            "" => format!("{}: ask \"{}\"", self.key, self.ask),
            at => format!("{}: {at} ask \"{}\"", self.key, self.ask),
        }
    }
}

/// The intents of a buyer message, best first, with the keywords behind
/// each, and the facts read out of it.
#[derive(Debug, Clone, Serialize)]
pub struct Understood {
    pub intents: Vec<Scored>,
    pub entities: Entities,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    pub name: String,
    pub score: f32,
    pub matched: Vec<String>,
}

/// A timer set by a step.
#[derive(Debug, Clone, Serialize)]
pub struct Later {
    pub timer: String,
    pub in_minutes: i64,
}

/// See the module documentation.
pub struct Sandbox<'a> {
    scripts: &'a Scripts,
    ctx: Context,
    started: i64,
    session: Option<Session>,
    timers: Vec<Timer>,
    item: Option<String>,
    events: u64,
    orders: u64,
}

impl<'a> Sandbox<'a> {
    /// A sandbox on `scripts`, with the dialogue settings of `ctx` and its
    /// clock starting at `ctx.now`.
    pub fn new(scripts: &'a Scripts, ctx: Context) -> Sandbox<'a> {
        Sandbox {
            scripts,
            started: ctx.now,
            ctx,
            session: None,
            timers: Vec::new(),
            item: None,
            events: 0,
            orders: 0,
        }
    }

    /// The conversation so far, if anything happened in it.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Now, by the sandbox's clock.
    pub fn now(&self) -> i64 {
        self.ctx.now
    }

    /// Handles one line: the timers that fall due while the clock moves
    /// first, then the line itself. A blank line only moves the clock.
    pub fn line(&mut self, line: &str) -> Vec<Step> {
        let line = line.trim();
        if let Some(wait) = line.strip_prefix("/wait") {
            return self.wait(line, wait.trim());
        }
        if let Some(time) = line.strip_prefix("/time") {
            return self.time(line, time.trim());
        }
        let mut steps = self.advance(self.ctx.now + SECS_PER_LINE);
        if line.is_empty() {
            return steps;
        }
        steps.push(match line.strip_prefix('/') {
            Some(command) => self.command(line, command),
            None => {
                let event = Event::Message(BuyerMessage {
                    id: self.next_id(),
                    shop: SHOP.into(),
                    conversation: CONVERSATION.into(),
                    buyer: BUYER.into(),
                    text: line.into(),
                    sent_at: String::new(),
                    item: self.item.clone(),
                });
                self.event(line, &event)
            }
        });
        steps
    }

    fn next_id(&mut self) -> String {
        self.events += 1;
        format!("e-{}", self.events)
    }

    fn minute(&self) -> i64 {
        (self.ctx.now - self.started) / 60
    }

    fn wait(&mut self, line: &str, minutes: &str) -> Vec<Step> {
        let minutes = match minutes.parse::<i64>() {
            Ok(m) if (1..=MAX_WAIT_MINUTES).contains(&m) => m,
            _ => {
                return vec![refused(
                    line,
                    "bad_wait",
                    format!("/wait takes minutes, 1 to {MAX_WAIT_MINUTES}"),
                )]
            }
        };
        self.wait_until(self.ctx.now + minutes * 60)
    }

    /// `/time 23:30`: on to the next time the shop's clock reads that, to
    /// try the night shift (quiet hours, handing over after hours).
    fn time(&mut self, line: &str, clock: &str) -> Vec<Step> {
        let minutes = clock.split_once(':').and_then(|(h, m)| {
            let (h, m): (u16, u16) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
            (h < 24 && m < 60).then_some(h * 60 + m)
        });
        let Some(minutes) = minutes else {
            return vec![refused(
                line,
                "bad_time",
                "/time takes the shop's local time as HH:MM, such as 23:30".into(),
            )];
        };
        let until = night::next_clock(self.ctx.now, minutes, &self.zone());
        self.wait_until(until)
    }

    fn wait_until(&mut self, until: i64) -> Vec<Step> {
        let from = self.ctx.now;
        let mut steps = self.advance(until);
        steps.push(Step::Waited {
            minutes: (until - from) / 60,
            clock: self.clock(),
        });
        steps
    }

    fn zone(&self) -> jiff::tz::TimeZone {
        night::shop_zone(&self.scripts.shop.time_zone)
    }

    /// The shop's local time now, `HH:MM`.
    pub fn clock(&self) -> String {
        night::local(self.ctx.now, &self.zone())
            .strftime("%H:%M")
            .to_string()
    }

    /// Moves the clock to `until`, firing every timer due by then in the
    /// order they fall due, each at its own time.
    fn advance(&mut self, until: i64) -> Vec<Step> {
        let mut steps = Vec::new();
        while steps.len() < MAX_TIMERS_PER_LINE {
            let Some(next) = (0..self.timers.len())
                .filter(|&i| self.timers[i].due <= until)
                .min_by_key(|&i| self.timers[i].due)
            else {
                break;
            };
            let timer = self.timers.remove(next);
            self.ctx.now = self.ctx.now.max(timer.due);
            let Some(decision) =
                super::on_timer(self.session.take(), &timer, self.scripts, &self.ctx)
            else {
                continue;
            };
            let outcome = self.settle(decision);
            // A timer that did nothing (a nudge for an order paid meanwhile)
            // is not worth a step; one put off (quiet hours) says until when.
            if !outcome.actions.is_empty() || !outcome.later.is_empty() {
                steps.push(Step::Timer {
                    timer: timer.kind.name().to_string(),
                    minute: self.minute(),
                    outcome,
                });
            }
        }
        self.ctx.now = self.ctx.now.max(until);
        steps
    }

    fn command(&mut self, line: &str, command: &str) -> Step {
        let mut words = command.split_whitespace();
        let name = words.next().unwrap_or("");
        let argument = words.next();
        match (name, argument) {
            ("item", Some(id)) => match self.scripts.catalog.item(id) {
                Some(item) => {
                    self.item = Some(id.to_string());
                    Step::Item {
                        id: item.id.clone(),
                        name: item.name.clone(),
                    }
                }
                None => refused(
                    line,
                    "no_such_item",
                    format!("no item {id} in the catalogue"),
                ),
            },
            ("order", Some(status)) => {
                let status = match status {
                    "created" => OrderStatus::Created,
                    "paid" => OrderStatus::Paid,
                    "shipped" => OrderStatus::Shipped,
                    "closed" => OrderStatus::Closed,
                    other => {
                        return refused(
                            line,
                            "bad_order_status",
                            format!(
                                "unknown order status {other:?}: created, paid, shipped, closed"
                            ),
                        )
                    }
                };
                if status == OrderStatus::Created {
                    self.orders += 1;
                }
                let amount = words.next().map(str::to_string);
                let slots = self
                    .session
                    .as_ref()
                    .map(|s| s.slots.clone())
                    .unwrap_or_default();
                let items = slots
                    .item
                    .or_else(|| self.item.clone())
                    .map(|item| {
                        vec![OrderLine {
                            item,
                            sku: slots.size,
                            qty: 1,
                        }]
                    })
                    .unwrap_or_default();
                let event = Event::Order(OrderEvent {
                    id: self.next_id(),
                    shop: SHOP.into(),
                    conversation: CONVERSATION.into(),
                    buyer: BUYER.into(),
                    order: format!("o-{}", self.orders.max(1)),
                    status,
                    amount,
                    items,
                    at: None,
                });
                self.event(line, &event)
            }
            ("agent", Some(_)) => {
                // The first word is `agent`: the rest, as typed, is the text.
                let text = command.trim_start()["agent".len()..].trim().to_string();
                let event = Event::AgentMessage(AgentMessage {
                    id: self.next_id(),
                    shop: SHOP.into(),
                    conversation: CONVERSATION.into(),
                    agent: "kf-01".into(),
                    text,
                    sent_at: None,
                });
                self.event(line, &event)
            }
            ("done", _) => {
                let session = self.session.as_mut().filter(|s| s.transferred);
                let given_back = session.is_some();
                if let Some(s) = session {
                    s.give_back();
                }
                Step::HandoverDone { given_back }
            }
            ("reset", _) => {
                self.session = None;
                self.timers.clear();
                self.item = None;
                Step::Reset
            }
            ("item" | "order" | "agent", None) => refused(
                line,
                "missing_argument",
                format!("/{name} needs an argument"),
            ),
            _ => refused(line, "unknown_command", format!("unknown command /{name}")),
        }
    }

    fn event(&mut self, input: &str, event: &Event) -> Step {
        let decision = super::decide_owned(self.session.take(), event, self.scripts, &self.ctx);
        let outcome = self.settle(decision);
        Step::Event {
            input: input.to_string(),
            minute: self.minute(),
            outcome,
        }
    }

    /// Takes a decision in (its session and timers become the sandbox's)
    /// and says what it came to.
    fn settle(&mut self, decision: Decision) -> Outcome {
        let Decision {
            session,
            actions,
            understood,
            timers,
        } = decision;
        let outcome = Outcome {
            actions: actions.iter().map(done).collect(),
            understood: understood.as_ref().map(understood_as),
            stage: session.stage,
            slots: session.slots.clone(),
            silenced: session.is_silenced(self.ctx.now),
            transferred: session.transferred,
            later: timers
                .iter()
                .filter(|t| !matches!(t.kind, TimerKind::Holding { .. }))
                .map(|t| Later {
                    timer: t.kind.name().to_string(),
                    in_minutes: ((t.due - self.ctx.now).max(0) as u64).div_ceil(60) as i64,
                })
                .collect(),
        };
        self.session = Some(session);
        self.timers.extend(timers);
        outcome
    }
}

fn done(action: &Action) -> Done {
    match action {
        Action::Reply {
            text,
            keys,
            from,
            faq,
        } => Done::Reply {
            text: text.clone(),
            keys: keys.clone(),
            from: from.iter().map(ToString::to_string).collect(),
            faq: faq.as_ref().map(|f| FaqShown {
                key: f.key.clone(),
                ask: f.ask.clone(),
                at: f.at.as_ref().map(ToString::to_string).unwrap_or_default(),
            }),
        },
        Action::Transfer { reason } => Done::Transfer {
            reason: reason.clone(),
        },
        Action::Check { reason } => Done::Check {
            reason: reason.clone(),
        },
        Action::Remark { order, text, .. } => Done::Remark {
            order: order.clone(),
            text: text.clone(),
        },
    }
}

fn understood_as(c: &Classification) -> Understood {
    Understood {
        intents: c
            .intents()
            .into_iter()
            .map(|i| Scored {
                name: i.name.to_string(),
                score: i.score,
                matched: i.matched().map(str::to_string).collect(),
            })
            .collect(),
        entities: c.entities.clone(),
    }
}

impl Step {
    /// The outcome of a step that went through the policy.
    pub fn outcome(&self) -> Option<&Outcome> {
        match self {
            Step::Event { outcome, .. } | Step::Timer { outcome, .. } => Some(outcome),
            _ => None,
        }
    }
}

fn refused(input: &str, code: &'static str, reason: String) -> Step {
    Step::Refused {
        input: input.to_string(),
        code,
        reason,
    }
}
