//! The night-shift rules in the policy, on the shipped pack: what a nudge
//! may quote, when unasked messages wait, the message limit, after-sale and
//! large-order handovers, emoticons as manners.

use super::*;
use crate::dialogue::{on_timer, Timer, TimerKind};

/// 2026-11-23 00:00 Beijing time.
const MIDNIGHT: i64 = 1_795_363_200;

fn at(hh: i64, mm: i64) -> i64 {
    MIDNIGHT + hh * 3600 + mm * 60
}

fn shipped(now: i64) -> Conv {
    let mut c = Conv::shipped();
    c.ctx.now = now;
    c.step = 20;
    c
}

/// Fires `kind` for the conversation at `now`, as the runtime does.
fn fire(c: &Conv, kind: TimerKind, now: i64) -> Decision {
    let timer = Timer::new(c.session(), now, kind);
    let ctx = Context {
        now,
        ..c.ctx.clone()
    };
    on_timer(Some(c.session().clone()), &timer, &c.scripts, &ctx).expect("a session")
}

fn nudge(order: &str) -> TimerKind {
    TimerKind::PaymentNudge {
        order: order.into(),
        sent: 0,
    }
}

#[test]
fn an_order_schedules_one_nudge_after_the_delay() {
    let mut c = shipped(at(20, 0));
    let d = c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let delay = c.scripts.night.nudge_delay_secs;
    assert_eq!(d.timers.len(), 1);
    assert_eq!(d.timers[0].due, at(20, 0) + delay);
    assert_eq!(d.timers[0].kind, nudge("o-1"));
}

#[test]
fn a_nudge_quotes_only_facts_that_hold_now() {
    // 10:00: the 17:00 cut-off still holds today.
    let mut c = shipped(at(10, 0));
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let d = fire(&c, nudge("o-1"), at(10, 30));
    let (text, keys) = reply(&d).expect("a nudge");
    assert_eq!(keys, ["payment_nudge"]);
    assert!(text.contains("17:00"), "{text}");

    // 20:00: the cut-off has passed, so it is not quoted; the coupon's
    // expiry from the shop file is, for an order that reaches the coupon
    // (the orders here come to 129 yuan).
    let mut c = shipped(at(20, 0));
    let deal = crate::script::CouponDeal {
        min_spend: 100,
        off: 10,
    };
    c.scripts.shop.coupons[0].deal = Some(deal);
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let (text, _) = reply(&fire(&c, nudge("o-1"), at(20, 30))).expect("a nudge");
    assert!(!text.contains("17:00"), "{text}");
    assert!(text.contains("本月底"), "{text}");
    // The shipped coupon needs 199: "记得用上" it would tell the buyer of
    // a 129-yuan order to use what the order cannot.
    let mut c = shipped(at(20, 0));
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let (text, _) = reply(&fire(&c, nudge("o-1"), at(20, 30))).expect("a nudge");
    assert!(!text.contains("满199"), "{text}");
    // Nor the expiring 满199减20 to a 699-yuan order, which reaches the
    // larger 满399减50: the nudge steered to the worse deal.
    let mut c = shipped(at(20, 0));
    c.order_of(
        "o-1",
        OrderStatus::Created,
        &[("p-1004", "黑色 M")],
        "699.00",
    );
    let (text, _) = reply(&fire(&c, nudge("o-1"), at(20, 30))).expect("a nudge");
    assert!(!text.contains("满199"), "{text}");
    // A 258-yuan order reaches only the expiring one: it is said.
    let mut c = shipped(at(20, 0));
    c.order_of(
        "o-1",
        OrderStatus::Created,
        &[("p-1001", "黑色 M")],
        "258.00",
    );
    let (text, _) = reply(&fire(&c, nudge("o-1"), at(20, 30))).expect("a nudge");
    assert!(text.contains("满199") && text.contains("本月底"), "{text}");

    // Low stock is mentioned only at or under the shop's threshold:
    // p-1001 XXL has 5 left (threshold 5), M has 30.
    let mut c = shipped(at(20, 0));
    c.scripts.shop.coupons.clear();
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 XXL")]);
    let (text, _) = reply(&fire(&c, nudge("o-1"), at(20, 30))).expect("a nudge");
    assert!(text.contains("只剩5件"), "{text}");
    let mut c = shipped(at(20, 0));
    c.scripts.shop.coupons.clear();
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let (text, _) = reply(&fire(&c, nudge("o-1"), at(20, 30))).expect("a nudge");
    assert!(!text.contains("只剩"), "{text}");
}

#[test]
fn a_paid_order_is_not_nudged_and_the_cap_holds() {
    let mut c = shipped(at(20, 0));
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = fire(&c, nudge("o-1"), at(20, 30));
    assert!(d.actions.is_empty() && d.timers.is_empty());

    let mut c = shipped(at(20, 0));
    c.scripts.night.max_nudges = 2;
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let first = fire(&c, nudge("o-1"), at(20, 30));
    assert!(reply(&first).is_some());
    let again = TimerKind::PaymentNudge {
        order: "o-1".into(),
        sent: 1,
    };
    assert_eq!(
        first.timers.iter().map(|t| &t.kind).collect::<Vec<_>>(),
        [&again]
    );
    let capped = TimerKind::PaymentNudge {
        order: "o-1".into(),
        sent: 2,
    };
    assert!(fire(&c, capped, at(21, 0)).actions.is_empty());
}

#[test]
fn a_buyer_who_said_when_they_will_pay_is_not_nudged_before_another_word() {
    // Found playing a conversation: `我晚上再付 现在没钱` got "没太明白",
    // then the nudge half an hour later.
    let mut c = shipped(at(14, 0));
    c.order("o-1", OrderStatus::Created, &[("p-1003", "黑色 M")]);
    let (text, keys) = reply(&c.buyer("我晚上再付 现在没钱")).expect("a reply");
    assert_eq!(keys, ["payment"]);
    assert!(text.contains("不着急"), "{text}");
    let d = fire(&c, nudge("o-1"), at(14, 30));
    assert!(
        d.actions.is_empty() && d.timers.is_empty(),
        "{:?}",
        d.actions
    );
    // Another message after it lifts the promise: the nudge goes out.
    c.buyer("还有别的颜色吗");
    assert!(reply(&fire(&c, nudge("o-1"), at(15, 0))).is_some());
}

#[test]
fn a_buyer_who_calls_the_order_off_is_told_how_and_not_nudged() {
    // Found playing a conversation: `算了不要了 帮我取消吧` got "取消后重新拍
    // 哦,或者把要改的信息发我", then "您拍下的…还没付款哦" half an hour later.
    let mut c = shipped(at(14, 0));
    c.order("o-1", OrderStatus::Created, &[("p-1004", "黑色 M")]);
    let (text, keys) = reply(&c.buyer("算了不要了 帮我取消吧")).expect("a reply");
    assert_eq!(keys, ["order_change"]);
    assert!(text.contains("取消") && !text.contains("重新拍"), "{text}");
    let d = fire(&c, nudge("o-1"), at(14, 30));
    assert!(
        d.actions.is_empty() && d.timers.is_empty(),
        "{:?}",
        d.actions
    );
    // Changing their mind lifts it.
    c.buyer("还是要吧 有优惠吗");
    assert!(reply(&fire(&c, nudge("o-1"), at(15, 0))).is_some());
}

#[test]
fn a_buyer_who_wants_another_item_is_not_nudged_for_the_unpaid_one() {
    let mut c = shipped(at(14, 0));
    c.order("o-1", OrderStatus::Created, &[("p-1003", "黑色 S")]);
    c.buyer("等等 我想想还是要中长款");
    let d = fire(&c, nudge("o-1"), at(14, 30));
    assert!(
        d.actions.is_empty() && d.timers.is_empty(),
        "{:?}",
        d.actions
    );
    // Back on the ordered item, the nudge goes out.
    c.buyer("算了 还是要短款吧 黑色S");
    assert!(reply(&fire(&c, nudge("o-1"), at(15, 0))).is_some());
}

#[test]
fn unasked_messages_wait_for_the_end_of_quiet_hours() {
    let mut c = shipped(at(22, 0));
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let d = fire(&c, nudge("o-1"), at(23, 30));
    assert!(d.actions.is_empty());
    assert_eq!(d.timers[0].due, at(24 + 8, 0));
    assert_eq!(d.timers[0].kind, nudge("o-1"));
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let closing = TimerKind::Closing {
        order: "o-1".into(),
    };
    let d = fire(&c, closing.clone(), at(23, 30));
    assert!(d.actions.is_empty());
    assert_eq!(d.timers[0].due, at(24 + 8, 0));
    assert!(reply(&fire(&c, closing, at(24 + 8, 0))).is_some());
}

#[test]
fn no_conversation_gets_more_than_the_limit_in_a_minute() {
    let mut c = shipped(at(20, 0));
    c.scripts.night.max_messages_per_minute = 3;
    c.step = 1;
    let answered = ["包邮吗", "发什么快递", "包邮吗", "有优惠券吗", "包邮吗"]
        .iter()
        .filter(|t| c.ask(t).is_some())
        .count();
    assert_eq!(answered, 3);
    c.ctx.now += 60;
    assert!(c.ask("包邮吗").is_some(), "a minute later");
}

#[test]
fn after_sale_matters_goes_to_people_and_large_orders_are_checked() {
    let mut c = shipped(at(12, 0));
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    assert_eq!(
        transfer(&c.buyer("我要退款")).as_deref(),
        Some("return_refund")
    );

    let mut c = shipped(at(12, 0));
    let d = c.buyer("快递到哪了");
    assert_eq!(transfer(&d).as_deref(), Some("logistics"));
    let (text, keys) = reply(&d).unwrap();
    assert_eq!(
        keys,
        ["handover_logistics"],
        "business hours: a person now: {text}"
    );

    let mut c = shipped(at(12, 0)).on_page("p-1001");
    let d = c.buyer("支持七天无理由退换吗");
    assert_eq!(transfer(&d), None, "a pre-sale policy question is answered");
    assert!(reply(&d).is_some());

    let mut c = shipped(at(23, 30));
    let small = c.order("o-8", OrderStatus::Created, &[("p-1004", "M")]);
    assert_eq!(transfer(&small), None, "129 yuan is not large");
    let mut c = shipped(at(23, 30));
    c.scripts.night.large_order_amount = 100.0;
    let big = c.order("o-9", OrderStatus::Created, &[("p-1004", "M")]);
    assert_eq!(reply_keys(&big), ["order_created"]);
    assert!(!big.timers.is_empty(), "nudged like any order");
    assert_large_order_checked(&big, "o-9");
    assert!(!c.session().transferred);
}

/// A large order's check: a red-flag remark and an item for a person,
/// no transfer.
fn assert_large_order_checked(d: &Decision, order: &str) {
    assert_eq!(transfer(d), None, "{:?}", d.actions);
    let checks: Vec<_> = (d.actions.iter())
        .filter_map(|a| match a {
            Action::Check { reason } => Some(reason.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(checks, ["large_order"], "{:?}", d.actions);
    let flagged = d.actions.iter().any(|a| {
        matches!(a, Action::Remark { order: o, text, flag }
            if o == order && text.contains("大额订单") && flag.as_deref() == Some("red"))
    });
    assert!(flagged, "{:?}", d.actions);
}

#[test]
fn a_large_paid_order_is_checked_by_a_person_and_the_buyer_still_answered() {
    // Found playing a buyer: a 2097-yuan order got "马上为您转接人工客服"
    // for nothing she asked, then no answer to `什么时候发货`.
    let mut c = shipped(at(14, 30)).on_page("p-1004");
    let d = c.order_of("o-1", OrderStatus::Paid, &[("p-1004", "黑色 M")], "2097.00");
    assert_eq!(reply_keys(&d), ["order_paid_large"]);
    let (text, _) = reply(&d).unwrap();
    assert!(text.contains("核对") && text.contains("2097"), "{text}");
    assert_large_order_checked(&d, "o-1");
    let d = c.buyer("什么时候发货");
    assert!(reply(&d).is_some(), "{:?}", d.actions);
    assert_eq!(transfer(&d), None);
    // Placed then paid: checked once.
    let mut c = shipped(at(14, 30)).on_page("p-1004");
    let placed = c.order_of(
        "o-2",
        OrderStatus::Created,
        &[("p-1004", "黑色 M")],
        "2097.00",
    );
    assert_large_order_checked(&placed, "o-2");
    let paid = c.order_of("o-2", OrderStatus::Paid, &[("p-1004", "黑色 M")], "2097.00");
    assert!(!paid
        .actions
        .iter()
        .any(|a| matches!(a, Action::Check { .. })));
    assert_eq!(reply_keys(&paid), ["order_paid_large"]);
}

#[test]
fn emoticons_are_manners_not_misunderstandings() {
    let mut c = shipped(at(20, 0));
    assert_eq!(reply_keys(&c.buyer("[微笑]")), ["greeting"]);
    c.ask("有L码吗");
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    assert_eq!(reply_keys(&c.buyer("👍")), ["closing"]);
    assert!(
        c.buyer("[微笑]").actions.is_empty(),
        "the last word is the shop's"
    );
    assert_eq!(c.session().unknown_streak, 0);
    // Punctuation alone is a puzzled buyer: asked what is unclear, never
    // handed over, however often (the second `？` went to a person).
    for puzzled in ["???", "。", "……", "[疑问]", "？？"] {
        let d = c.buyer(puzzled);
        assert_eq!(reply_keys(&d), ["puzzled"], "{puzzled}");
        assert_eq!(transfer(&d), None, "{puzzled}");
    }
    assert_eq!(c.session().unknown_streak, 0);
}

#[test]
fn an_angry_or_crying_emoticon_is_asked_about_not_thanked() {
    // Found playing whole flows: `😡😡😡` after the parcel was shipped got
    // "感谢您的信任亲~记得收藏店铺哦", and before payment a nudge to pay.
    let mut c = shipped(at(20, 0));
    c.ask("有L码吗");
    c.order("o-1", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    for upset in ["😡😡😡", "[流泪]", "😭😭", "[怒]"] {
        let d = c.buyer(upset);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["upset"], "{upset}");
        assert!(!text.contains("收藏"), "{upset}: {text}");
        assert_eq!(transfer(&d), None, "{upset}");
    }
    assert_eq!(c.session().unknown_streak, 0);
    // A smile is still manners.
    let mut c = shipped(at(20, 0));
    assert_eq!(reply_keys(&c.buyer("[微笑]")), ["greeting"]);
}

#[test]
fn a_complaint_at_night_is_apologised_for_and_goods_photos_asked_for() {
    // Found playing whole flows: at 23:30 `收到的卫衣有个洞 太失望了` got
    // the night's bare "您的问题已经登记好了", no apology and no request for
    // photos, where the same words without 失望 got both.
    let mut c = shipped(at(23, 30));
    c.order("o-1", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("收到的卫衣有个洞 太失望了");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_problem_later"]);
    assert!(text.contains("抱歉") && text.contains("拍"), "{text}");
    assert!(transfer(&d).is_some());
    // A complaint of its own: the apology, and when people are back.
    let mut c = shipped(at(23, 30));
    let d = c.buyer("你们客服态度太差了");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_complaint_later"]);
    assert!(text.contains("抱歉") && text.contains("09:00"), "{text}");
    assert_eq!(transfer(&d).as_deref(), Some("complaint"));
}

#[test]
fn when_people_answer_is_told_from_the_shops_hours_not_handed_over() {
    // `你们客服几点上班` got "没太明白", and `人工几点上班` a handover, at
    // night too, where the answer matters most.
    for (now, question) in [
        (at(23, 30), "你们客服几点上班"),
        (at(10, 0), "人工几点上班"),
        (at(2, 0), "几点有人"),
    ] {
        let mut c = shipped(now);
        let d = c.buyer(question);
        let (text, _) = reply(&d).expect("a reply");
        let hours = c
            .scripts
            .shop
            .business_hours
            .clone()
            .expect("the shop states hours");
        assert!(text.contains(&hours), "{question}: {text}");
        assert!(transfer(&d).is_none(), "{question}: {:?}", d.actions);
    }
    // Asking for a person still gets one.
    let mut c = shipped(at(10, 0));
    assert!(transfer(&c.buyer("转人工")).is_some());
}
