//! Order events, agents silencing the bot, and the shop's last word.

use super::*;
use crate::dialogue::Speaker;
use crate::script::Stage;

#[test]
fn order_events_move_the_stage_and_get_their_replies() {
    let mut c = Conv::new().on_page("p-1");
    c.buyer("在吗");
    let d = c.order("o-77", OrderStatus::Created, &[("p-1", "黑色 M")]);
    let (text, keys) = reply(&d).expect("a reply to the new order");
    assert_eq!(keys, ["order_created"]);
    assert_eq!(
        text,
        "亲,看到您拍下了加绒连帽卫衣(M码),订单o-77共129元,记得尽快付款哦~"
    );
    let s = c.session();
    assert_eq!(s.stage, Stage::OrderedUnpaid);
    assert_eq!(s.orders["o-77"].status, OrderStatus::Created);
    assert_eq!(s.slots.size.as_deref(), Some("M"));
    assert_eq!(s.slots.color.as_deref(), Some("黑色"));

    let d = c.order("o-77", OrderStatus::Paid, &[("p-1", "黑色 M")]);
    let (text, keys) = reply(&d).expect("a reply to the payment");
    assert_eq!(keys, ["order_paid"]);
    assert_eq!(text, "亲,加绒连帽卫衣M码已付款,请核对一下收货地址哦~");
    assert_eq!(c.session().stage, Stage::Paid);

    let d = c.order("o-77", OrderStatus::Shipped, &[]);
    assert_eq!(reply_keys(&d), ["order_shipped"]);
    assert_eq!(c.session().stage, Stage::Paid);
    // Lines missing from a later event are kept from the earlier one.
    assert_eq!(c.session().orders["o-77"].lines.len(), 1);

    let d = c.order("o-77", OrderStatus::Closed, &[]);
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    assert_eq!(c.session().stage, Stage::Closed);
}

#[test]
fn redelivered_or_stale_order_events_change_nothing() {
    let mut c = Conv::new();
    c.order("o-1", OrderStatus::Created, &[("p-1", "L")]);
    let before = c.session().clone();
    let d = c.order("o-1", OrderStatus::Created, &[("p-1", "L")]);
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    assert_eq!(&d.session, &before);

    c.order("o-1", OrderStatus::Paid, &[("p-1", "L")]);
    let paid = c.session().clone();
    // A `created` arriving after `paid` is an old event delivered late.
    let d = c.order("o-1", OrderStatus::Created, &[("p-1", "L")]);
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    assert_eq!(&d.session, &paid);
    assert_eq!(d.session.stage, Stage::Paid);
}

#[test]
fn a_new_order_reopens_a_closed_conversation() {
    let mut c = Conv::new();
    c.order("o-1", OrderStatus::Created, &[("p-1", "S")]);
    c.order("o-1", OrderStatus::Closed, &[]);
    assert_eq!(c.session().stage, Stage::Closed);
    // Buyer messages do not move a closed conversation.
    c.buyer("什么面料");
    assert_eq!(c.session().stage, Stage::Closed);
    let d = c.order("o-2", OrderStatus::Created, &[("p-2", "M")]);
    assert_eq!(reply_keys(&d), ["order_created"]);
    assert_eq!(c.session().stage, Stage::OrderedUnpaid);
    assert_eq!(c.session().slots.item.as_deref(), Some("p-2"));
}

#[test]
fn closing_one_of_two_orders_keeps_the_other_open() {
    let mut c = Conv::new();
    c.order("o-1", OrderStatus::Paid, &[("p-1", "S")]);
    c.order("o-2", OrderStatus::Created, &[("p-1", "M")]);
    assert_eq!(c.session().stage, Stage::OrderedUnpaid);
    c.order("o-2", OrderStatus::Closed, &[]);
    assert_eq!(c.session().stage, Stage::Paid);
}

#[test]
fn after_payment_replies_come_from_the_stage_set() {
    let mut c = Conv::new();
    c.order("o-1", OrderStatus::Paid, &[("p-1", "S")]);
    assert_eq!(
        c.ask("什么时候发货").as_deref(),
        Some("亲,您的宝贝会尽快发出的~")
    );
}

#[test]
fn the_last_word_is_said_once() {
    let mut c = Conv::new();
    c.order("o-1", OrderStatus::Paid, &[("p-1", "S")]);
    let d = c.buyer("谢谢");
    let (text, keys) = reply(&d).expect("the closing");
    assert_eq!(keys, ["closing"]);
    assert_eq!(text, "感谢亲的支持,记得收藏暖阳服饰哦~");
    // A second thanks right after the closing is left unanswered...
    let d = c.buyer("好的谢谢");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    // ...and so is a third.
    assert!(c.buyer("谢谢").actions.is_empty());
    // A real question is answered, and a thanks after it gets a closing again.
    assert!(c.ask("什么时候发货").is_some());
    let d = c.buyer("谢谢");
    assert_eq!(reply_keys(&d), ["closing"]);
}

#[test]
fn thanks_before_payment_gets_the_thanks_reply_once() {
    let mut c = Conv::new();
    assert_eq!(c.ask("谢谢").as_deref(), Some("不客气亲,有需要随时找我哦~"));
    assert_eq!(c.ask("好的"), None);
    // Combined with a question after it, the thanks part is the short one.
    let d = c.buyer("什么时候发货,谢谢");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["shipping", "thanks_bye"]);
    assert_eq!(text, "亲,17:00前付款当天发货,默认中通、韵达~\n不客气亲~");
    // An "ok" opening a question only leads into it: no 不客气 for it.
    let d = c.buyer("好的,快递发哪家");
    assert_eq!(reply_keys(&d), ["shipping"]);
}

#[test]
fn an_agent_message_silences_the_bot_for_a_while() {
    let mut c = Conv::new();
    c.buyer("在吗");
    c.ctx.now = 10_000;
    let d = c.agent("亲,我是客服小美,请问有什么可以帮您?");
    assert!(d.actions.is_empty());
    assert_eq!(d.session.silenced_until, Some(10_600));

    c.ctx.now = 10_300;
    let d = c.buyer("卫衣M码有货吗");
    assert!(d.actions.is_empty(), "{:?}", d.actions);
    // Silenced, the bot still listens: slots and history are kept.
    assert!(d.understood.is_some());
    let s = c.session();
    assert_eq!(s.slots.size.as_deref(), Some("M"));
    let who: Vec<Speaker> = s.history.iter().map(|t| t.who).collect();
    assert_eq!(
        who,
        [Speaker::Buyer, Speaker::Bot, Speaker::Agent, Speaker::Buyer]
    );
    // Order replies wait as well: the agent is talking.
    assert!(c
        .order("o-1", OrderStatus::Created, &[("p-1", "M")])
        .actions
        .is_empty());

    c.ctx.now = 10_600;
    assert!(c.ask("什么时候发货").is_some(), "silence is over");
}

#[test]
fn an_agent_message_can_open_a_conversation() {
    let mut c = Conv::new();
    let d = c.agent("亲,您的包裹已经到驿站了");
    let s = &d.session;
    assert_eq!(s.buyer, "");
    assert_eq!(s.conversation, "c-1");
    assert_eq!(s.history.len(), 1);
    assert_eq!(s.silenced_until, Some(1_600));
    // The buyer's first message names them.
    c.ctx.now = 2_000;
    c.buyer("好的");
    assert_eq!(c.session().buyer, "tb_lily");
}

/// The shipped pack through a whole sale: every step gets a filled reply
/// and the coupon is quoted once. Structural on purpose, so supervisors can
/// reword the pack without breaking it.
#[test]
fn the_default_pack_carries_a_whole_sale() {
    let mut c = on_the_shipped_pack();
    let coupon = c.scripts.shop.coupons.first().map(|k| k.text.clone());
    let mut texts = Vec::new();
    let mut expect = |d: Decision, key: Option<&str>| {
        let (text, keys) = reply(&d).unwrap_or_else(|| panic!("no reply: {:?}", d.actions));
        assert!(
            !text.contains('{') && !text.contains('}'),
            "unfilled: {text}"
        );
        if let Some(key) = key {
            assert_eq!(keys, [key], "{text}");
        }
        texts.push(text);
    };
    expect(c.buyer("在吗"), Some("greeting"));
    expect(c.buyer("这款卫衣有M码吗"), None);
    expect(c.buyer("身高165体重110斤穿什么码"), Some("size_result"));
    expect(c.buyer("太贵了"), None);
    expect(c.buyer("能便宜点吗"), None);
    expect(c.buyer("什么时候发货"), None);
    expect(
        c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]),
        Some("order_created"),
    );
    expect(
        c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]),
        Some("order_paid"),
    );
    expect(c.buyer("谢谢"), Some("closing"));
    assert!(c.buyer("好的").actions.is_empty());
    if let Some(coupon) = coupon {
        let quoted = texts.iter().filter(|t| t.contains(&coupon)).count();
        assert!(quoted <= 1, "coupon quoted {quoted} times: {texts:#?}");
    }
    assert_eq!(c.session().slots.size.as_deref(), Some("M"));
}

#[test]
fn a_change_to_a_paid_order_is_remarked_and_handed_to_a_person() {
    let mut c = on_the_shipped_pack();
    c.order("o-5", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c.order("o-5", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("地址写错了,改成杭州市西湖区文三路100号 13812345678");
    let remarks = remarks(&d);
    assert_eq!(remarks.len(), 1, "{:?}", d.actions);
    let (order, text, flag) = &remarks[0];
    assert_eq!(order, "o-5");
    assert_eq!(flag.as_deref(), Some("red"));
    assert!(
        text.contains("地址写错了,改成[地址]"),
        "the change is readable: {text}"
    );
    // The remark quotes the buyer as stored: masked, like the history.
    assert!(
        !text.contains("13812345678") && text.contains("138****5678"),
        "{text}"
    );
    assert!(!text.contains("文三路"), "{text}");
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));
    assert!(c.session().transferred);
    // The remark comes first, then the line telling the buyer, then the transfer.
    assert!(matches!(d.actions.first(), Some(Action::Remark { .. })));
    assert!(reply(&d).is_some());
}

#[test]
fn a_change_asked_while_not_yet_shipped_is_remarked_not_taken_for_logistics() {
    // `…还没发货的话帮我换一下` went to a person as logistics, without the
    // note that stops the warehouse shipping the wrong colour.
    for ask in [
        "我拍错了 本来要雾霾蓝的 拍成黑色了 还没发货的话帮我换一下",
        "不想要了 能取消吗 还没发货吧",
    ] {
        let mut c = on_the_shipped_pack();
        c.order("o-7", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
        let d = c.buyer(ask);
        assert_eq!(remarks(&d).len(), 1, "{ask}: {:?}", d.actions);
        assert_eq!(transfer(&d).as_deref(), Some("order_change"), "{ask}");
    }
    // Where the parcel is, asked alone, is still logistics.
    let mut c = on_the_shipped_pack();
    c.order("o-7", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("怎么还没发货");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
}

#[test]
fn another_item_added_after_paying_is_a_new_purchase_not_a_change() {
    // `我还想再加一条卫裤 黑色M 有货吗` after paying for a hoodie put a
    // red-flag note on the hoodie's order and handed the buyer over.
    let mut c = on_the_shipped_pack();
    c.order("o-8", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("我还想再加一条卫裤 黑色M 有货吗");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(transfer(&d), None, "{:?}", d.actions);
    assert!(
        reply_keys(&d).contains(&"stock_yes".to_string()),
        "{:?}",
        d.actions
    );
    // Adding to the order itself is still a change for a person.
    let mut c = on_the_shipped_pack();
    c.order("o-8", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("能再加一件吗");
    assert_eq!(remarks(&d).len(), 1, "{:?}", d.actions);
}

#[test]
fn a_change_before_payment_is_answered_and_after_shipping_handed_over_unremarked() {
    let mut c = on_the_shipped_pack();
    c.order("o-6", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    // Unpaid: the buyer can cancel and order again, as the scripts say.
    let d = c.buyer("我想改地址");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(transfer(&d), None);
    assert_eq!(reply_keys(&d), ["order_change"]);

    // Shipped: too late for a remark, the courier must be asked, by a person.
    c.order("o-6", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    c.order("o-6", OrderStatus::Shipped, &[]);
    let d = c.buyer("我想改地址");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));
}

#[test]
fn new_delivery_details_for_an_unpaid_order_are_remarked_and_handed_to_a_person() {
    let mut c = on_the_shipped_pack();
    c.order("o-9", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    // Asking is answered: cancel and order again, or send the new details.
    let d = c.buyer("能改个地址吗");
    assert_eq!(reply_keys(&d), ["order_change"]);
    assert_eq!(transfer(&d), None);
    // Sending them, on their own, is a change a person puts on the order.
    let d = c.buyer("杭州市西湖区文三路100号 13812345678");
    let written = remarks(&d);
    assert_eq!(written.len(), 1, "{:?}", d.actions);
    let (order, text, flag) = &written[0];
    assert_eq!(order, "o-9");
    assert_eq!(flag.as_deref(), Some("red"));
    assert!(text.starts_with("买家要求修改收货信息"), "{text}");
    assert!(text.contains("[地址] 138****5678"), "masked: {text}");
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));

    // A size is no delivery detail: cancelling and ordering again it is.
    let mut c = on_the_shipped_pack();
    c.order("o-10", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let d = c.buyer("帮我改成XL码");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(transfer(&d), None);
}

#[test]
fn an_address_alone_is_read_next_to_the_orders() {
    // Paid: the address sent after "请核对收货地址" may be a correction,
    // and only a person can compare it with the order.
    let mut c = on_the_shipped_pack();
    c.order("o-11", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c.order("o-11", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("浙江省杭州市西湖区文三路100号 张三");
    assert_eq!(remarks(&d).len(), 1, "{:?}", d.actions);
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));

    // No order yet: it goes into the order, as the pack says; not "没太明白".
    let mut c = on_the_shipped_pack();
    let d = c.buyer("杭州市西湖区文三路100号");
    assert_eq!(reply_keys(&d), ["order_change"]);
    assert_eq!(transfer(&d), None);
    assert_eq!(c.session().unknown_streak, 0);
}

#[test]
fn confirming_the_address_after_payment_is_no_change() {
    let mut c = on_the_shipped_pack();
    c.order("o-7", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c.order("o-7", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    for confirm in ["地址没错", "地址是对的,谢谢", "地址没写错"] {
        let d = c.buyer(confirm);
        assert!(remarks(&d).is_empty(), "{confirm}: {:?}", d.actions);
        assert_eq!(transfer(&d), None, "{confirm}");
        assert!(!c.session().transferred, "{confirm}");
    }
}

#[test]
fn asking_whether_the_address_is_right_after_payment_is_answered_not_handed_over() {
    let mut c = on_the_shipped_pack();
    c.order("o-8", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c.order("o-8", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    for ask in ["地址没问题吧", "收货信息对吗", "地址对不对", "地址不用改吧"]
    {
        let d = c.buyer(ask);
        assert!(remarks(&d).is_empty(), "{ask}: {:?}", d.actions);
        assert_eq!(transfer(&d), None, "{ask}");
        assert_eq!(reply_keys(&d), ["order_change"], "{ask}: {:?}", d.actions);
        let (text, _) = reply(&d).expect("a reply");
        assert!(text.contains("订单"), "{ask}: {text}");
    }
    // A change beside the question is still a change: remarked, handed over.
    let d = c.buyer("地址对吗?改成杭州市西湖区文三路100号");
    assert_eq!(remarks(&d).len(), 1, "{:?}", d.actions);
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));
}

#[test]
fn after_sale_questions_before_payment_are_answered_after_it_handed_over() {
    // "Why hasn't it shipped" with the order not paid has nothing for a
    // person to look up: the shipped pack's ordered_unpaid sets answer it.
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Created, &[("p-1001", "M")]);
    for ask in ["怎么还没发货", "不想要了能退款吗"] {
        let d = c.buyer(ask);
        assert!(!transferred(&d), "{ask}: {:?}", d.actions);
        let (text, _) = reply(&d).expect("a reply");
        assert!(text.contains("付款"), "{ask}: {text}");
    }
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "M")]);
    let d = c.buyer("怎么还没发货");
    assert!(transferred(&d), "{:?}", d.actions);
}

fn transferred(d: &Decision) -> bool {
    d.actions
        .iter()
        .any(|a| matches!(a, Action::Transfer { .. }))
}

#[test]
fn never_mind_after_payment_is_not_talked_into_buying() {
    let mut c = on_the_shipped_pack();
    c.order("o-12", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c.order("o-12", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    c.buyer("可以发顺丰吗");
    let (text, keys) = reply(&c.buyer("算了")).expect("a reply");
    assert_eq!(keys, ["hesitation"]);
    for pitch in ["考虑", "库存", "券", "收藏宝贝"] {
        assert!(!text.contains(pitch), "{pitch}: {text}");
    }
}

#[test]
fn the_order_line_does_not_say_again_what_the_last_message_said() {
    // "我拍了" is answered with the day an order paid now ships; the order
    // event right after used to say the same sentence again.
    let mut c = Conv::shipped().on_page("p-1001");
    let first = c.ask("我拍了").unwrap();
    let d = c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let (second, keys) = reply(&d).expect("the order line");
    assert_eq!(keys, ["order_created"]);
    let shared: Vec<&str> = first
        .split(['~', ','])
        .filter(|clause| clause.chars().count() >= 8 && second.contains(clause))
        .collect();
    assert!(shared.is_empty(), "{first} / {second}: {shared:?}");
}

#[test]
fn a_change_asked_before_payment_is_noted_when_the_order_is_paid_as_it_was() {
    // `算了不要黑色了 换成燕麦色` on an unpaid order got "取消后重新拍…或者把
    // 要改的信息发我"; the buyer then paid the black order, and no note
    // told the warehouse.
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let d = c.buyer("算了不要黑色了 换成燕麦色");
    assert!(remarks(&d).is_empty(), "nothing to note while unpaid");
    assert!(transfer(&d).is_none());
    let d = c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let notes = remarks(&d);
    assert_eq!(notes.len(), 1, "{:?}", d.actions);
    assert_eq!(notes[0].0, "o-1");
    assert!(notes[0].1.contains("换成燕麦色"), "{:?}", notes[0]);
    assert!(notes[0].2.is_some(), "red-flagged");
    assert_eq!(reply_keys(&d), ["order_paid_noted"]);
    // Ordered again as wanted and paid: nothing to note.
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c.buyer("算了不要黑色了 换成燕麦色");
    c.order("o-1", OrderStatus::Closed, &[("p-1001", "黑色 M")]);
    c.order("o-2", OrderStatus::Created, &[("p-1001", "燕麦色 M")]);
    let d = c.order("o-2", OrderStatus::Paid, &[("p-1001", "燕麦色 M")]);
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(reply_keys(&d), ["order_paid"]);
}

#[test]
fn not_come_yet_said_beside_a_question_of_a_paid_order_is_context() {
    // `这个卫衣会不会起球 我还没收到` and `我还没收到 什么时候发货` on a
    // paid order not shipped yet went to a person as logistics.
    for (ask, said) in [
        ("对了 这个卫衣会不会起球 我还没收到", "起球"),
        ("我还没收到 什么时候发货", "发出"),
    ] {
        let mut c = Conv::shipped().on_page("p-1001");
        c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
        let d = c.buyer(ask);
        assert_eq!(transfer(&d), None, "{ask}: {:?}", d.actions);
        let (text, _) = reply(&d).expect("an answer");
        assert!(text.contains(said), "{ask}: {text}");
    }
    // Shipped, or said alone, it is a parcel a person looks up.
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("我还没收到 会不会起球");
    assert_eq!(transfer(&d).as_deref(), Some("logistics"));
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    assert_eq!(
        transfer(&c.buyer("付款两天了还没收到")).as_deref(),
        Some("logistics")
    );
}

#[test]
fn ordered_the_wrong_thing_before_the_order_is_seen_is_told_what_to_do() {
    // `拍错了怎么办` with no order seen yet got "拍下时在收货地址里填写正确的
    // 地址就可以啦", as if it were about the address.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("拍错了怎么办");
    assert_eq!(reply_keys(&d), ["order_change"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("取消订单重新拍"), "{text}");
    assert!(!text.contains("收货地址"), "{text}");
    // Said with the new address, the address is the news: it goes on the
    // order when there is one, and is not asked for again.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("拍错了 改成北京市朝阳区建国路88号 李四 13912345678");
    let text = reply(&d).unwrap().0;
    assert!(!text.contains("取消订单重新拍"), "{text}");
}

#[test]
fn a_change_written_on_the_order_is_told_as_noted_and_asks_for_what_is_missing() {
    // Found playing a sale: `能改地址吗` after paying, and a new address sent
    // for an unpaid order, were remarked but the buyer heard only the
    // generic "马上为您转接人工客服", neither that the change was noted nor
    // that the new address was still needed.
    let day = || {
        let mut c = on_the_shipped_pack();
        c.ctx.now = 1_795_363_200 + 12 * 3600;
        c
    };
    let paid = || {
        let mut c = day();
        c.order("o-12", OrderStatus::Created, &[("p-1001", "黑色 M")]);
        c.order("o-12", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
        c
    };
    let d = paid().buyer("能改地址吗");
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_change"]);
    assert!(
        text.contains("备注") && text.contains("新的收货地址"),
        "{text}"
    );

    // With the change said in full, it is not asked for again.
    for change in ["帮我改成L码", "地址改成杭州市西湖区文三路100号 13812345678"]
    {
        let d = paid().buyer(change);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["handover_change"], "{change}");
        assert!(
            text.contains("备注") && !text.contains("发我"),
            "{change}: {text}"
        );
    }
    let mut c = day();
    c.order("o-13", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let d = c.buyer("杭州市西湖区文三路100号 13812345678");
    assert_eq!(reply(&d).expect("a reply").1, ["handover_change"]);

    // Shipped: nothing is written on the order, so nothing is said of it.
    let mut c = paid();
    c.order("o-12", OrderStatus::Shipped, &[]);
    let d = c.buyer("能改地址吗");
    assert_eq!(reply(&d).expect("a reply").1, ["handover"]);

    // After hours: noted, and when a person follows up.
    let mut c = paid();
    c.ctx.now = 1_795_363_200 + 23 * 3600 + 40 * 60;
    let d = c.buyer("能改地址吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_change_later"]);
    assert!(
        text.contains("明天09:00") && text.contains("新的收货地址"),
        "{text}"
    );
}
