//! `kefu chat`: a terminal sandbox for supervisors.
//!
//! Type as a buyer; see the reply the scripts produce and, under it, the
//! intents, scores and keywords behind it. It runs the very policy the bot
//! runs ([`crate::dialogue::decide`]) on a session kept in memory, so what you
//! see here is what a buyer would get — without a channel or a database.
//!
//! Lines starting with `/` drive the conversation: `/item p-1001` (the buyer
//! came from that product page), `/order created|paid|shipped|closed [amount]`,
//! `/agent TEXT`, `/state`, `/reset`, `/help`, `/quit`.

use crate::channel::protocol::{
    AgentMessage, BuyerMessage, Event, OrderEvent, OrderLine, OrderStatus,
};
use crate::dialogue::{self, Action, Context, Session};
use crate::script::Scripts;
use std::io::{self, BufRead, Write};

const HELP: &str = "\
/item ID                      the buyer came from this product page
/order created|paid|shipped|closed [AMOUNT]
/agent TEXT                   a human agent writes (silences the bot)
/state                        show the session (stage, slots, counters)
/reset                        start a new conversation
/quit                         leave";

/// A conversation held in memory.
pub struct Sandbox<'a> {
    scripts: &'a Scripts,
    ctx: Context,
    session: Option<Session>,
    item: Option<String>,
    events: u64,
    orders: u64,
}

impl<'a> Sandbox<'a> {
    pub fn new(scripts: &'a Scripts) -> Sandbox<'a> {
        Sandbox {
            scripts,
            ctx: Context {
                now: 1_700_000_000,
                ..Context::default()
            },
            session: None,
            item: None,
            events: 0,
            orders: 0,
        }
    }

    fn next_id(&mut self) -> String {
        self.events += 1;
        format!("e-{}", self.events)
    }

    /// Handles one input line and returns what to print.
    pub fn line(&mut self, line: &str) -> String {
        let line = line.trim();
        // The clock moves a minute per line: enough for agent silence to show.
        self.ctx.now += 60;
        if let Some(command) = line.strip_prefix('/') {
            return self.command(command);
        }
        let id = self.next_id();
        let event = Event::Message(BuyerMessage {
            id,
            shop: "shop-1".into(),
            conversation: "c-chat".into(),
            buyer: "tb_买家".into(),
            text: line.into(),
            sent_at: String::new(),
            item: self.item.clone(),
        });
        self.apply(&event)
    }

    fn command(&mut self, command: &str) -> String {
        let mut words = command.split_whitespace();
        match (words.next().unwrap_or(""), words.next()) {
            ("help", _) | ("h", _) => HELP.to_string(),
            ("item", Some(id)) => match self.scripts.catalog.item(id) {
                Some(item) => {
                    self.item = Some(id.to_string());
                    format!("(buyer is on the page of {} {})", item.id, item.name)
                }
                None => format!("(no item {id} in the catalogue)"),
            },
            ("order", Some(status)) => {
                let status = match status {
                    "created" => OrderStatus::Created,
                    "paid" => OrderStatus::Paid,
                    "shipped" => OrderStatus::Shipped,
                    "closed" => OrderStatus::Closed,
                    other => return format!("(unknown order status {other:?}: created, paid, shipped, closed)"),
                };
                if status == OrderStatus::Created {
                    self.orders += 1;
                }
                let amount = words.next().map(str::to_string);
                let slots = self.session.as_ref().map(|s| s.slots.clone()).unwrap_or_default();
                let items = slots
                    .item
                    .or_else(|| self.item.clone())
                    .map(|item| vec![OrderLine { item, sku: slots.size, qty: 1 }])
                    .unwrap_or_default();
                let event = Event::Order(OrderEvent {
                    id: self.next_id(),
                    shop: "shop-1".into(),
                    conversation: "c-chat".into(),
                    buyer: "tb_买家".into(),
                    order: format!("o-{}", self.orders.max(1)),
                    status,
                    amount,
                    items,
                    at: None,
                });
                self.apply(&event)
            }
            ("agent", Some(_)) => {
                let text = command.trim_start_matches("agent").trim().to_string();
                let event = Event::AgentMessage(AgentMessage {
                    id: self.next_id(),
                    shop: "shop-1".into(),
                    conversation: "c-chat".into(),
                    agent: "kf-01".into(),
                    text,
                    sent_at: None,
                });
                self.apply(&event)
            }
            ("state", _) => match &self.session {
                Some(s) => format!(
                    "stage: {}\nslots: {}\nunknown in a row: {}, coupon offered: {}, transferred: {}, silenced: {}",
                    s.stage,
                    serde_json::to_string(&s.slots).unwrap_or_default(),
                    s.unknown_streak,
                    s.coupon_offered,
                    s.transferred,
                    s.is_silenced(self.ctx.now)
                ),
                None => "(no conversation yet)".into(),
            },
            ("reset", _) => {
                self.session = None;
                self.item = None;
                "(new conversation)".into()
            }
            _ => format!("(unknown command /{command})\n{HELP}"),
        }
    }

    fn apply(&mut self, event: &Event) -> String {
        let decision = dialogue::decide_owned(self.session.take(), event, self.scripts, &self.ctx);
        let mut out = String::new();
        for action in &decision.actions {
            match action {
                Action::Reply { text, keys, from } => {
                    out.push_str(&format!("客服> {text}\n        ({})", keys.join(" + ")));
                    if !from.is_empty() {
                        // Where to edit what was said: the set of each part.
                        let from: Vec<String> = from.iter().map(ToString::to_string).collect();
                        out.push_str(&format!("  ← {}", from.join(" + ")));
                    }
                    out.push('\n');
                }
                Action::Transfer { reason } => out.push_str(&format!("[转人工: {reason}]\n")),
                Action::Remark { order, text, .. } => {
                    out.push_str(&format!("[订单备注 {order}: {text}]\n"))
                }
            }
        }
        if decision.actions.is_empty() {
            out.push_str("(no reply)\n");
        }
        if let Some(c) = &decision.understood {
            if c.intents().is_empty() {
                out.push_str("  intent: other\n");
            }
            for i in c.intents() {
                out.push_str(&format!(
                    "  {:<18} {:>5.2}  {}\n",
                    i.name,
                    i.score,
                    i.matched().collect::<Vec<_>>().join(", ")
                ));
            }
            let entities = serde_json::to_string(&c.entities).unwrap_or_default();
            if entities != "{}" {
                out.push_str(&format!("  entities: {entities}\n"));
            }
        }
        out.push_str(&format!("  stage: {}", decision.session.stage));
        self.session = Some(decision.session);
        out
    }
}

/// Runs the sandbox on stdin/stdout.
pub fn run(scripts: &Scripts) -> i32 {
    let mut sandbox = Sandbox::new(scripts);
    let stdin = io::stdin();
    let mut stdout = io::stdout();
    let interactive = std::io::IsTerminal::is_terminal(&stdin);
    if interactive {
        println!("kefu chat — type as a buyer; /help for commands, /quit to leave.");
    }
    loop {
        if interactive {
            print!("买家> ");
            let _ = stdout.flush();
        }
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("cannot read input: {e}");
                return super::EXIT_FAILURE;
            }
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "/quit" || line == "/q" {
            break;
        }
        if !interactive {
            println!("买家> {line}");
        }
        println!("{}\n", sandbox.line(line));
    }
    0
}
