//! A conversation in the human queue: what the waiting buyer hears, when
//! the bot stays out, and the conversation coming back to the bot.

use super::*;

/// 2026-11-23 00:00 Beijing time; the shipped pack's people work 09:00-23:00.
const MIDNIGHT: i64 = 1_795_363_200;

fn at(hh: i64, mm: i64) -> i64 {
    MIDNIGHT + hh * 3600 + mm * 60
}

/// A conversation on the shipped pack, handed over with a complaint at `now`.
fn handed_over(now: i64) -> Conv {
    let mut c = Conv::shipped().on_page("p-1001");
    c.ctx.now = now;
    c.step = 0;
    let d = c.buyer("我要投诉");
    assert_eq!(transfer(&d).as_deref(), Some("complaint"));
    c
}

fn buyer_at(c: &mut Conv, now: i64, text: &str) -> Decision {
    c.ctx.now = now;
    c.buyer(text)
}

#[test]
fn a_buyer_writing_again_at_night_is_told_once_more_when_people_are_back() {
    let mut c = handed_over(at(23, 30));
    // The first words after the handover are acknowledged: before, the
    // order number and photos asked for got silence until the morning.
    let d = buyer_at(&mut c, at(23, 35), "订单号1234567890123 图片发你了");
    let (text, keys) = reply(&d).expect("an acknowledgement");
    assert_eq!(keys, ["handover_received_later"]);
    assert!(text.contains("09:00"), "says when people are back: {text}");
    assert_eq!(transfer(&d), None, "already in the queue");
    // Just told: nothing new to say.
    let d = buyer_at(&mut c, at(23, 40), "人呢");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    // Half an hour on, the buyer hears the question is still in the queue.
    let d = buyer_at(&mut c, at(24, 6), "有人吗");
    let (text, keys) = reply(&d).expect("a reminder");
    assert_eq!(keys, ["handover_waiting_later"]);
    assert!(text.contains("09:00"), "says when people are back: {text}");
    // And not again at once, however often they write.
    for minute in [7, 10, 35] {
        let d = buyer_at(&mut c, at(24, minute), "有人吗???");
        assert!(d.actions.is_empty(), "at 00:{minute:02}: {:?}", d.actions);
    }
    let d = buyer_at(&mut c, at(24, 36), "还在吗");
    assert_eq!(reply_keys(&d), ["handover_waiting_later"]);
}

#[test]
fn in_business_hours_the_first_words_after_a_handover_are_not_acknowledged() {
    // A person answers soon: the bot keeps out.
    let mut c = handed_over(at(14, 0));
    let d = buyer_at(&mut c, at(14, 1), "订单号1234567890123");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
}

#[test]
fn in_business_hours_the_reminder_says_a_person_is_coming() {
    let mut c = handed_over(at(14, 0));
    let d = buyer_at(&mut c, at(14, 40), "怎么还没人回复");
    let (text, keys) = reply(&d).expect("a reminder");
    assert_eq!(keys, ["handover_waiting"]);
    assert!(!text.contains("{"), "{text}");
}

#[test]
fn once_a_person_has_written_the_bot_stays_out_for_good() {
    let mut c = handed_over(at(14, 0));
    c.ctx.now = at(14, 5);
    c.agent("亲,我是客服小王,您遇到什么问题了?");
    // Long after the agent's silence ran out: still the person's conversation.
    let d = buyer_at(&mut c, at(16, 0), "你好在吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
}

#[test]
fn reminders_can_be_switched_off() {
    let mut c = handed_over(at(23, 30));
    c.scripts.night.waiting_reminder_secs = 0;
    let d = buyer_at(&mut c, at(26, 0), "有人吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
}

#[test]
fn a_conversation_handed_over_before_reminders_existed_gets_none() {
    let mut c = handed_over(at(23, 30));
    // What a session stored by an older kefu looks like: transferred, and
    // nothing known of what the buyer was told.
    c.session.as_mut().unwrap().waiting = None;
    let d = buyer_at(&mut c, at(26, 0), "有人吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
}

#[test]
fn a_pack_without_the_reminder_sets_says_its_handover_lines() {
    // The small test pack, with business hours and an after-hours handover
    // set, but neither reminder set.
    let pack = PACK.replace(
        "name = \"暖阳服饰\"",
        "name = \"暖阳服饰\"\nbusiness_hours = \"09:00-23:00\"",
    ) + r#"
[[reply]]
intent = "handover_later"
texts = ["亲,问题已登记,{follow_up}人工客服联系您~", "亲,{follow_up}有专人跟进,请放心~"]
"#;
    let scripts = load_sources(&[("t.toml".into(), pack)]).expect("the pack loads");
    let mut c = Conv::on(scripts);
    c.ctx.now = at(23, 30);
    c.step = 0;
    assert_eq!(reply_keys(&c.buyer("我要投诉")), ["handover_later"]);
    let d = buyer_at(&mut c, at(24, 30), "有人吗");
    let (text, keys) = reply(&d).expect("a reminder");
    assert_eq!(keys, ["handover_later"]);
    assert!(text.contains("今天09:00"), "{text}");
}

#[test]
fn given_back_the_bot_answers_again_and_forgets_the_misunderstandings() {
    let mut c = Conv::shipped().on_page("p-1001");
    c.ctx.now = at(14, 0);
    c.buyer("asdfgh");
    let d = c.buyer("qwerty");
    assert_eq!(transfer(&d).as_deref(), Some("unknown"));
    let session = c.session.as_mut().unwrap();
    session.give_back();
    assert!(!session.transferred && session.waiting.is_none());
    assert_eq!(session.unknown_streak, 0);
    // One message not understood is a question again, not a handover.
    let d = c.buyer("zxcvb");
    assert_eq!(reply_keys(&d), ["clarify"]);
    let d = c.buyer("有XL吗");
    assert_eq!(reply_keys(&d), ["stock_yes"]);
}

#[test]
fn a_complaint_is_handed_over_with_the_packs_apology_in_hours_and_the_hours_at_night() {
    let mut c = Conv::shipped().on_page("p-1001");
    c.ctx.now = at(14, 0);
    let d = c.buyer("我要投诉");
    let (text, keys) = reply(&d).expect("words for the buyer");
    assert_eq!(keys, ["complaint"], "the pack's own set for a complaint");
    assert!(text.contains("抱歉") || text.contains("理解"), "{text}");
    assert_eq!(transfer(&d).as_deref(), Some("complaint"));

    let mut c = Conv::shipped().on_page("p-1001");
    c.ctx.now = at(14, 0);
    let d = c.buyer("转人工");
    assert_eq!(reply_keys(&d), ["human"]);

    // At night "马上为您转接" would be untrue: when people are back instead.
    let mut c = Conv::shipped().on_page("p-1001");
    c.ctx.now = at(23, 30);
    let d = c.buyer("我要投诉");
    let (text, keys) = reply(&d).expect("words for the buyer");
    assert_eq!(keys, ["handover_complaint_later"]);
    assert!(text.contains("09:00") && text.contains("抱歉"), "{text}");
}

#[test]
fn a_conversation_a_person_answered_comes_back_to_the_bot_after_a_long_quiet() {
    let mut c = handed_over(at(14, 0));
    c.ctx.now = at(14, 5);
    c.agent("亲,我是客服小王,您遇到什么问题了?");
    // While they talk, it stays the person's.
    assert!(buyer_at(&mut c, at(14, 10), "衣服破了个洞")
        .actions
        .is_empty());
    assert!(buyer_at(&mut c, at(18, 9), "好的谢谢").actions.is_empty());
    // Four hours after the last line, a new question is the bot's again.
    let d = buyer_at(&mut c, at(22, 10), "有XL吗");
    assert_eq!(reply_keys(&d), ["stock_yes"], "{:?}", d.actions);
    let s = c.session();
    assert!(!s.transferred && s.waiting.is_none());
}

#[test]
fn a_handover_nobody_answered_stays_in_the_queue_however_long_ago() {
    let mut c = handed_over(at(14, 0));
    // Two days on, nobody has written: the buyer still waits for the answer.
    let d = buyer_at(&mut c, at(24 * 2 + 14, 0), "有XL吗");
    assert_eq!(reply_keys(&d), ["handover_waiting"]);
    assert!(c.session().transferred);
}

#[test]
fn giving_back_after_a_quiet_can_be_switched_off() {
    let mut c = handed_over(at(14, 0));
    c.scripts.night.give_back_after_secs = 0;
    c.ctx.now = at(14, 5);
    c.agent("亲,您好");
    let d = buyer_at(&mut c, at(24 * 3, 0), "有XL吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    assert!(c.session().transferred);
}

#[test]
fn at_night_a_waiting_buyer_still_hears_the_catalogues_facts() {
    // Handed over at 23:30, `那我先问下 卫衣M码黑色有货吗` got only "人工
    // 09:00上线", and a question the shop answers nothing at all.
    let mut c = handed_over(at(23, 30));
    let d = buyer_at(&mut c, at(23, 40), "那我先问下 M码黑色有货吗");
    let (text, keys) = reply(&d).expect("the stock");
    assert_eq!(keys, ["stock_yes"], "{text}");
    assert_eq!(transfer(&d), None, "already in the queue");
    assert!(c.session().transferred, "still waiting for the person");
    let d = buyer_at(&mut c, at(23, 45), "会起球吗");
    assert!(
        reply(&d).is_some_and(|(t, _)| t.contains("起球")),
        "{:?}",
        d.actions
    );
    // What is a person's waits for one (acknowledged, the first thing
    // not answered); so does everything in hours.
    let d = buyer_at(&mut c, at(23, 50), "我要退货");
    assert_eq!(reply_keys(&d), ["handover_received_later"]);
    assert_eq!(transfer(&d), None, "already in the queue");
    let d = buyer_at(&mut c, at(23, 51), "我要退货 质量太差了");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    let mut c = handed_over(at(14, 0));
    let d = buyer_at(&mut c, at(14, 5), "M码黑色有货吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    // Not once a person has written.
    let mut c = handed_over(at(23, 30));
    c.ctx.now = at(23, 31);
    c.agent("亲,我是值班的小王");
    let d = buyer_at(&mut c, at(23, 40), "M码黑色有货吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
}
