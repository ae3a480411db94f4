//! `kefu chat`: a terminal sandbox for supervisors.
//!
//! Type as a buyer; see the reply the scripts produce and, under it, the
//! intents, scores and keywords behind it. The conversation is a
//! [`Sandbox`]: the very policy the bot runs, on a session kept in memory, so
//! what you see here is what a buyer would get — without a channel or a
//! database. This module only reads lines and prints steps.
//!
//! Lines starting with `/` drive the conversation: `/item p-1001` (the buyer
//! came from that product page), `/order created|paid|shipped|closed [amount]`,
//! `/agent TEXT`, `/done`, `/wait MINUTES`, `/time HH:MM`, `/reset`; and the terminal's own `/state`,
//! `/help`, `/quit`.

use crate::dialogue::sandbox::{Done, Outcome, Sandbox, Step};
use crate::dialogue::Context;
use crate::script::Scripts;
use std::io::{self, BufRead, Write};

const HELP: &str = "\
/item ID                      the buyer came from this product page
/order created|paid|shipped|closed [AMOUNT]
/agent TEXT                   a human agent writes (silences the bot)
/done                         a person marks the handover done: the bot answers again
/wait MINUTES                 let time pass: payment nudges, the closing line
/time HH:MM                   on to that time of the shop's day (23:30: the night shift)
/state                        show the session (stage, slots, counters)
/reset                        start a new conversation
/quit                         leave";

/// Where the terminal's clock starts: a fixed time (2023-11-15 14:00 in
/// Shanghai, inside working hours), so that a transcript can be compared
/// from one run to the next.
const START: i64 = 1_700_028_000;

/// Handles one input line of the terminal and returns what to print.
pub fn line(sandbox: &mut Sandbox<'_>, line: &str) -> String {
    let line = line.trim();
    match line {
        "/help" | "/h" => return HELP.to_string(),
        "/state" => return state(sandbox),
        _ => {}
    }
    let steps = sandbox.line(line);
    let mut out = Vec::new();
    for step in &steps {
        out.push(match step {
            Step::Event { outcome, .. } => outcome_text(outcome),
            Step::Timer {
                timer,
                minute,
                outcome,
            } => format!("(minute {minute}: {timer})\n{}", outcome_text(outcome)),
            Step::Item { id, name } => format!("(buyer is on the page of {id} {name})"),
            Step::Waited { minutes, clock } => {
                format!("({minutes} minutes later, {clock} shop time)")
            }
            Step::HandoverDone { given_back: true } => {
                "(handover marked done: the bot answers this conversation again)".into()
            }
            Step::HandoverDone { given_back: false } => {
                "(nothing to mark done: the conversation was not handed over)".into()
            }
            Step::Reset => "(new conversation)".into(),
            Step::Refused { code, reason, .. } if *code == "unknown_command" => {
                format!("({reason})\n{HELP}")
            }
            Step::Refused { reason, .. } => format!("({reason})"),
        });
    }
    out.join("\n")
}

fn state(sandbox: &Sandbox<'_>) -> String {
    match sandbox.session() {
        Some(s) => format!(
            "stage: {}\nslots: {}\nunknown in a row: {}, coupon offered: {}, transferred: {}, silenced: {}",
            s.stage,
            serde_json::to_string(&s.slots).unwrap_or_default(),
            s.unknown_streak,
            s.coupon_offered,
            s.transferred,
            s.is_silenced(sandbox.now())
        ),
        None => "(no conversation yet)".into(),
    }
}

/// What the bot did and understood, the way the terminal shows it.
fn outcome_text(outcome: &Outcome) -> String {
    let mut out = String::new();
    for done in &outcome.actions {
        match done {
            Done::Reply {
                text,
                keys,
                from,
                faq,
            } => {
                // The shop's own answer is named beside its key: `from`
                // only has the set that frames it.
                let keys: Vec<String> = (keys.iter())
                    .map(|k| match faq {
                        Some(faq) if faq.key == *k => faq.key_shown(),
                        _ => k.clone(),
                    })
                    .collect();
                out.push_str(&format!("客服> {text}\n        ({})", keys.join(" + ")));
                if !from.is_empty() {
                    // Where to edit what was said: the set of each part.
                    out.push_str(&format!("  ← {}", from.join(" + ")));
                }
                out.push('\n');
            }
            Done::Transfer { reason } => out.push_str(&format!("[转人工: {reason}]\n")),
            Done::Remark { order, text } => out.push_str(&format!("[订单备注 {order}: {text}]\n")),
            Done::Check { reason } => out.push_str(&format!("[待人工核对: {reason}]\n")),
        }
    }
    if outcome.actions.is_empty() {
        out.push_str(if outcome.transferred {
            "(no reply: the conversation was handed to a person)\n"
        } else if outcome.silenced {
            "(no reply: a person wrote lately)\n"
        } else {
            "(no reply)\n"
        });
    }
    if let Some(understood) = &outcome.understood {
        if understood.intents.is_empty() {
            out.push_str("  intent: other\n");
        }
        for i in &understood.intents {
            out.push_str(&format!(
                "  {:<18} {:>5.2}  {}\n",
                i.name,
                i.score,
                i.matched.join(", ")
            ));
        }
        let entities = serde_json::to_string(&understood.entities).unwrap_or_default();
        if entities != "{}" {
            out.push_str(&format!("  entities: {entities}\n"));
        }
    }
    for later in &outcome.later {
        out.push_str(&format!(
            "  later: {} in {} min\n",
            later.timer, later.in_minutes
        ));
    }
    out.push_str(&format!("  stage: {}", outcome.stage));
    out
}

/// Runs the sandbox on stdin/stdout.
pub fn run(scripts: &Scripts) -> i32 {
    let ctx = Context {
        now: START,
        ..Context::default()
    };
    let mut sandbox = Sandbox::new(scripts, ctx);
    match converse(&mut sandbox, io::stdin().lock(), io::stdout().lock()) {
        Ok(()) => 0,
        // `kefu chat < script.txt | head`: the reader has seen enough.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("kefu chat: {e}");
            super::EXIT_FAILURE
        }
    }
}

/// Reads buyer lines until `/quit` or the end of input, writing each step.
fn converse(
    sandbox: &mut Sandbox<'_>,
    mut input: impl BufRead,
    mut out: impl Write,
) -> io::Result<()> {
    let interactive = std::io::IsTerminal::is_terminal(&io::stdin());
    if interactive {
        writeln!(
            out,
            "kefu chat — type as a buyer; /help for commands, /quit to leave."
        )?;
    }
    loop {
        if interactive {
            write!(out, "买家> ")?;
            out.flush()?;
        }
        let mut line = String::new();
        let read = input
            .read_line(&mut line)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot read input: {e}")))?;
        if read == 0 {
            return Ok(());
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "/quit" || line == "/q" {
            return Ok(());
        }
        if !interactive {
            writeln!(out, "买家> {line}")?;
        }
        writeln!(out, "{}\n", self::line(sandbox, line))?;
    }
}
