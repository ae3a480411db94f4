//! The sandbox supervisors try scripts in (`kefu chat`, the console's try
//! page): lines in, steps out, timers fired as the clock passes them.

use crate::dialogue::sandbox::{Done, Sandbox, Step};
use crate::dialogue::Context;
use crate::script::{load_embedded, Scripts};

/// 2023-11-15 14:00 in Shanghai: working hours, before the cut-off.
const AFTERNOON: i64 = 1_700_028_000;
/// The same day, 22:50: the 30-minute nudge would fall in quiet hours.
const LATE: i64 = AFTERNOON + 8 * 3600 + 50 * 60;

fn sandbox(scripts: &Scripts, at: i64) -> Sandbox<'_> {
    Sandbox::new(
        scripts,
        Context {
            now: at,
            ..Context::default()
        },
    )
}

/// The replies said at the steps, in order: their keys and text.
fn replies(steps: &[Step]) -> Vec<(Vec<String>, String)> {
    steps
        .iter()
        .filter_map(Step::outcome)
        .flat_map(|o| &o.actions)
        .filter_map(|d| match d {
            Done::Reply { keys, text, .. } => Some((keys.clone(), text.clone())),
            _ => None,
        })
        .collect()
}

/// The reply keys said at the steps, in order.
fn said(steps: &[Step]) -> Vec<Vec<String>> {
    replies(steps).into_iter().map(|(keys, _)| keys).collect()
}

#[test]
fn waiting_fires_the_payment_nudge_then_the_closing_line_after_payment() {
    let scripts = load_embedded();
    let mut s = sandbox(&scripts, AFTERNOON);
    s.line("/item p-1001");
    let created = s.line("/order created 129");
    let later = &created[0].outcome().unwrap().later;
    assert_eq!(later.len(), 1, "{later:?}");
    assert_eq!(
        (later[0].timer.as_str(), later[0].in_minutes),
        ("payment_nudge", 30)
    );
    let waited = s.line("/wait 40");
    assert!(
        matches!(&waited[0], Step::Timer { timer, minute: 32, .. } if timer == "payment_nudge"),
        "{waited:?}"
    );
    assert!(
        matches!(&waited[1], Step::Waited { minutes: 40, clock } if clock == "14:42"),
        "{waited:?}"
    );
    assert_eq!(said(&waited), [["payment_nudge"]]);

    let paid = s.line("/order paid");
    assert_eq!(said(&paid), [["order_paid"]]);
    // One nudge per order (the shipped max_nudges), and the order is paid:
    // two hours on, only the closing line.
    assert_eq!(said(&s.line("/wait 130")), [["closing"]]);
    assert_eq!(said(&s.line("/wait 600")), Vec::<Vec<String>>::new());
}

#[test]
fn a_nudge_due_in_quiet_hours_shows_as_put_off() {
    let scripts = load_embedded();
    let mut s = sandbox(&scripts, LATE);
    s.line("/order created 129");
    let waited = s.line("/wait 40");
    let Step::Timer { timer, outcome, .. } = &waited[0] else {
        panic!("{waited:?}")
    };
    assert_eq!(timer, "payment_nudge");
    assert!(outcome.actions.is_empty(), "{outcome:?}");
    // Put off to 08:00: 23:21 + 8 h 39 min.
    assert_eq!(outcome.later[0].timer, "payment_nudge");
    assert_eq!(outcome.later[0].in_minutes, 8 * 60 + 39);
    assert_eq!(said(&s.line("/wait 600")), [["payment_nudge"]]);
}

#[test]
fn the_same_lines_give_the_same_steps() {
    let scripts = load_embedded();
    let lines = [
        "/item p-1001",
        "在吗",
        "我170 120斤穿什么码",
        "能便宜点吗",
        "/order created",
        "/wait 45",
        "/agent 亲,我来帮您看看",
        "还在吗",
    ];
    let run = || {
        let mut s = sandbox(&scripts, AFTERNOON);
        let steps: Vec<Vec<Step>> = lines.iter().map(|l| s.line(l)).collect();
        serde_json::to_string(&steps).unwrap()
    };
    let first = run();
    assert_eq!(first, run());
    // Each reply says where its set is written; the agent silenced the bot.
    assert!(first.contains("replies.toml:"), "{first}");
    assert!(first.contains("\"silenced\":true"), "{first}");
}

#[test]
fn commands_that_cannot_be_carried_out_are_refused_and_change_nothing() {
    let scripts = load_embedded();
    let mut s = sandbox(&scripts, AFTERNOON);
    for (line, code) in [
        ("/item p-9999", "no_such_item"),
        ("/item", "missing_argument"),
        ("/order lost", "bad_order_status"),
        ("/wait 0", "bad_wait"),
        ("/wait soon", "bad_wait"),
        ("/wait 99999", "bad_wait"),
        ("/time 25:00", "bad_time"),
        ("/time soon", "bad_time"),
        ("/dance", "unknown_command"),
    ] {
        let steps = s.line(line);
        assert!(
            matches!(steps.as_slice(), [Step::Refused { code: c, .. }] if *c == code),
            "{line}: {steps:?}"
        );
    }
    assert!(s.session().is_none());
    // An agent's text is what follows the command word, however spaced.
    s.line("/  agent   亲,我来看看");
    let said = &s.session().expect("a conversation").history[0].text;
    assert_eq!(said, "亲,我来看看");
    s.line("/reset");
    // /reset forgets the item and the timers with the conversation.
    s.line("/item p-1001");
    s.line("/order created");
    assert!(matches!(s.line("/reset").last(), Some(Step::Reset)));
    assert!(s.line("/wait 60").iter().all(|s| s.outcome().is_none()));
}

#[test]
fn time_moves_on_to_the_shop_clock_and_the_night_shift_answers_as_at_night() {
    let scripts = load_embedded();
    let mut s = sandbox(&scripts, AFTERNOON);
    let steps = s.line("/time 23:30");
    assert!(
        matches!(&steps[..], [Step::Waited { minutes: 570, clock }] if clock == "23:30"),
        "{steps:?}"
    );
    // After business hours a person is promised for the morning.
    let steps = s.line("我要投诉");
    let text: Vec<String> = replies(&steps).into_iter().map(|(_, t)| t).collect();
    let text = text.join("\n");
    assert!(text.contains("明天"), "{text}");
    // Handed over: the buyer's next words are acknowledged once, then the
    // bot says no more, and says why.
    let steps = s.line("在吗");
    let outcome = steps.last().and_then(Step::outcome).expect("an event");
    assert!(outcome.transferred, "{outcome:?}");
    assert_eq!(outcome.actions.len(), 1, "{outcome:?}");
    let steps = s.line("在吗?");
    let outcome = steps.last().and_then(Step::outcome).expect("an event");
    assert!(
        outcome.actions.is_empty() && outcome.transferred,
        "{outcome:?}"
    );
    // 23:33 → 09:00 is the next morning, not a day later.
    let steps = s.line("/time 09:00");
    assert!(
        matches!(&steps.last(), Some(Step::Waited { minutes: 567, clock }) if clock == "09:00"),
        "{steps:?}"
    );
}

#[test]
fn done_gives_a_handed_over_conversation_back_to_the_bot() {
    let scripts = load_embedded();
    let mut sb = sandbox(&scripts, AFTERNOON);
    sb.line("/item p-1001");
    assert_eq!(said(&sb.line("我要投诉")), [vec!["complaint".to_string()]]);
    assert!(
        said(&sb.line("有XL吗")).is_empty(),
        "a person's conversation"
    );
    let steps = sb.line("/done");
    assert!(
        matches!(steps.last(), Some(Step::HandoverDone { given_back: true })),
        "{steps:?}"
    );
    assert_eq!(said(&sb.line("有XL吗")), [vec!["stock_yes".to_string()]]);
    let steps = sb.line("/done");
    assert!(
        matches!(steps.last(), Some(Step::HandoverDone { given_back: false })),
        "nothing waits: {steps:?}"
    );
}

/// The shop's answer each reply at the steps gave, as the trace names it.
fn faqs_named(steps: &[Step]) -> Vec<Option<String>> {
    steps
        .iter()
        .filter_map(Step::outcome)
        .flat_map(|o| &o.actions)
        .filter_map(|d| match d {
            Done::Reply { faq, .. } => Some(faq.as_ref().map(|f| f.key_shown())),
            _ => None,
        })
        .collect()
}

#[test]
fn an_answer_of_the_shop_names_its_entry_and_the_words_asked() {
    let scripts = load_embedded();
    let mut s = sandbox(&scripts, AFTERNOON);
    s.line("/item p-1001");
    // The item's own answer: catalog.toml's `[[item.faq]]` of the hoodie.
    let pilling = s.line("会起球吗");
    let named = faqs_named(&pilling);
    assert_eq!(named.len(), 1, "{pilling:?}");
    let named = named[0].as_deref().expect("the item's answer is named");
    assert!(
        named.starts_with("item_faq: <built-in>/catalog.toml:") && named.ends_with(r#"ask "起球""#),
        "{named}"
    );
    let line: usize = named["item_faq: <built-in>/catalog.toml:".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let catalog = include_str!("../../../scripts/catalog.toml");
    let written = catalog.lines().nth(line - 1).unwrap();
    assert!(written.starts_with("ask = [\"起球\""), "{written}");
    // The shop's own: faq.toml's `[[faq]]`.
    let shop = faqs_named(&s.line("有实体店吗"));
    let shop = shop[0].as_deref().expect("the shop's answer is named");
    assert!(shop.starts_with("item_faq: <built-in>/faq.toml:"), "{shop}");
    assert!(shop.ends_with(r#"ask "有实体店吗""#), "{shop}");
    // A reply the shop's answers did not give names none.
    assert_eq!(faqs_named(&s.line("在吗")), [None]);
}
