//! Goods received wrong, short or damaged, and pictures the bot cannot see:
//! both need a person, and the buyer is told what the person will need.

use super::*;

/// 2026-11-23 12:00 Beijing time, in the shipped pack's business hours.
const NOON: i64 = 1_795_363_200 + 12 * 3600;

fn shipped_at(now: i64) -> Conv {
    let mut c = Conv::shipped();
    c.ctx.now = now;
    c
}

#[test]
fn a_report_of_goods_received_wrong_goes_to_a_person_with_a_request_for_photos() {
    // Found playing a conversation: "发错了" from a product page, with no
    // order in the conversation, got "支持七天无理由退换哦".
    // `买了两件 只收到一件` got the T-shirt's selling points.
    for report in [
        "发错了",
        "衣服破了个洞",
        "收到少了一件",
        "买了两件 只收到一件 另一件呢",
    ] {
        let mut c = shipped_at(NOON).on_page("p-1001");
        let d = c.buyer(report);
        assert_eq!(
            transfer(&d).as_deref(),
            Some("received_problem"),
            "{report}"
        );
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["handover_problem"], "{report}");
        assert!(text.contains("拍") && text.contains("抱歉"), "{text}");
    }
    // The same with a paid order: the reason says what the person will find.
    let mut c = shipped_at(NOON);
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("衣服破了个洞,我要退款");
    assert_eq!(transfer(&d).as_deref(), Some("received_problem"));
}

#[test]
fn a_question_about_what_would_happen_is_still_answered_before_buying() {
    for question in [
        "如果有质量问题能退吗",
        "洗了会掉色吗",
        "支持七天无理由退换吗",
    ] {
        let mut c = shipped_at(NOON).on_page("p-1001");
        let d = c.buyer(question);
        assert_eq!(transfer(&d), None, "{question}");
        assert!(reply(&d).is_some(), "{question}");
    }
}

#[test]
fn with_no_item_in_talk_a_return_question_the_shop_answers_is_answered() {
    // Found trying the shipped pack: the shop's own answer to `退货运费谁
    // 出` was never said from the shop's front page (no item in talk), and
    // `支持七天无理由吗` went to a person: a buyer deciding whether to buy
    // waited for one.
    for (question, says) in [
        ("退货运费谁出", "运费险"),
        ("支持七天无理由退货吗", "支持七天无理由退换"),
        ("不合适可以换吗", "支持七天无理由退换"),
    ] {
        let mut c = shipped_at(NOON);
        let d = c.buyer(question);
        assert_eq!(transfer(&d), None, "{question}");
        let (text, _) = reply(&d).expect("a reply");
        assert!(text.contains(says), "{question}: {text}");
    }
    // A return the shop wrote no answer for still goes to a person, and so
    // does every return question once the conversation has an order.
    let mut c = shipped_at(NOON);
    assert_eq!(
        transfer(&c.buyer("我要退货")).as_deref(),
        Some("return_refund")
    );
    let mut c = shipped_at(NOON);
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    assert_eq!(
        transfer(&c.buyer("支持七天无理由退货吗")).as_deref(),
        Some("return_refund")
    );
}

#[test]
fn a_price_drop_asked_before_buying_gets_the_price_protection_not_returns() {
    // `现在买了降价能退差价吗` got "支持七天无理由退换", which answers
    // another question. After buying, a price difference is checked by a
    // person.
    for page in [None, Some("p-1001")] {
        for question in ["现在买了降价能退差价吗", "有价保吗"] {
            let mut c = shipped_at(NOON);
            if let Some(item) = page {
                c = c.on_page(item);
            }
            let d = c.buyer(question);
            assert_eq!(transfer(&d), None, "{question}");
            let (text, _) = reply(&d).expect("a reply");
            assert!(
                text.contains("价保") && !text.contains("七天"),
                "{question}: {text}"
            );
        }
    }
    let mut c = shipped_at(NOON);
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    assert_eq!(
        transfer(&c.buyer("刚买就降价了 能退差价吗")).as_deref(),
        Some("return_refund")
    );
}

#[test]
fn a_return_after_the_tag_is_cut_or_the_goods_worn_is_not_promised() {
    // `剪了吊牌还能退吗` got "支持七天无理由退换", which the shop's own
    // terms (吊牌完好、不影响二次销售) deny.
    for question in ["剪了吊牌还能退吗", "穿过一次能退吗", "洗过还能退吗"] {
        let mut c = shipped_at(NOON).on_page("p-1005");
        let d = c.buyer(question);
        assert_eq!(transfer(&d), None, "{question}");
        let (text, _) = reply(&d).expect("a reply");
        assert!(text.contains("不支持七天无理由"), "{question}: {text}");
    }
}

#[test]
fn after_delivery_goods_that_do_not_suit_go_to_a_person_with_the_return_terms() {
    // Found playing conversations: after the jeans shipped, `衣服小了` got
    // "没太明白", `颜色不喜欢` the selling points and `裤子太长了` the
    // pre-sale answer about rolling up the legs.
    for report in ["衣服小了", "码数拍小了 怎么办", "颜色不喜欢", "裤子太长了"]
    {
        let mut c = shipped_at(NOON).on_page("p-1005");
        c.order("o-1", OrderStatus::Shipped, &[("p-1005", "深蓝色 28")]);
        let d = c.buyer(report);
        assert_eq!(transfer(&d).as_deref(), Some("exchange"), "{report}");
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["handover_exchange"], "{report}");
        assert!(text.contains("七天无理由") || text.contains("换"), "{text}");
    }
    // With no order in the conversation, the message says the goods came.
    let d = shipped_at(NOON).buyer("收到了 不太合适");
    assert_eq!(transfer(&d).as_deref(), Some("exchange"));
    // After hours the buyer hears when a person follows up.
    let mut c = shipped_at(NOON + 11 * 3600 + 40 * 60);
    let d = c.buyer("收到了 不太合适");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_exchange_later"]);
    assert!(text.contains("明天09:00"), "{text}");
}

#[test]
fn after_delivery_goods_not_as_shown_go_to_a_person_who_asks_for_photos() {
    // `跑绒很严重` got the pre-sale answer that a little down is normal, and
    // `颜色跟图片差好多` "正品放心".
    for report in [
        "收到了 颜色跟图片差好多啊",
        "羽绒服跑绒很严重 到处都是毛",
        "衣服一股怪味 能穿吗",
    ] {
        let mut c = shipped_at(NOON).on_page("p-1003");
        c.order("o-1", OrderStatus::Shipped, &[("p-1003", "黑色 M")]);
        let d = c.buyer(report);
        assert_eq!(
            transfer(&d).as_deref(),
            Some("received_problem"),
            "{report}"
        );
        assert_eq!(reply(&d).expect("a reply").1, ["handover_problem"]);
    }
}

#[test]
fn before_the_goods_can_have_come_the_same_words_are_questions() {
    // No order shipped, nothing says the goods came: questions before
    // buying, answered by the pre-sale flow.
    for question in [
        "裤子太长了吗",
        "色差大吗",
        "跟图片不一样能退吗",
        "不合适可以退吗",
    ] {
        let mut c = shipped_at(NOON).on_page("p-1005");
        let d = c.buyer(question);
        assert_eq!(transfer(&d), None, "{question}");
        assert!(reply(&d).is_some(), "{question}");
    }
    // Paid, not shipped: `拍小了` is not a return.
    let mut c = shipped_at(NOON).on_page("p-1005");
    c.order("o-1", OrderStatus::Paid, &[("p-1005", "深蓝色 28")]);
    let d = c.buyer("码数拍小了");
    assert_ne!(transfer(&d).as_deref(), Some("exchange"));
}

#[test]
fn after_hours_the_request_for_photos_says_when_a_person_follows_up() {
    let mut c = shipped_at(NOON + 11 * 3600 + 40 * 60).on_page("p-1001");
    let d = c.buyer("发错了");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_problem_later"]);
    assert!(text.contains("明天09:00") && text.contains("拍"), "{text}");
}

#[test]
fn a_pack_without_the_problem_lines_hands_over_with_its_own() {
    let mut c = Conv::shipped_without("handover_problem").on_page("p-1001");
    c.ctx.now = NOON;
    let d = c.buyer("发错了");
    assert_eq!(transfer(&d).as_deref(), Some("received_problem"));
    assert_eq!(reply_keys(&d), ["handover"]);
}

#[test]
fn a_picture_is_not_manners_and_a_second_goes_to_a_person() {
    // Found playing a conversation: "[图片]" got "祝您购物愉快", as if it
    // were a smile.
    let mut c = shipped_at(NOON).on_page("p-1001");
    c.ask("有L码吗");
    let d = c.buyer("[图片]");
    assert_eq!(reply_keys(&d), ["media"]);
    assert_eq!(transfer(&d), None);
    let d = c.buyer("[语音]");
    assert_eq!(transfer(&d).as_deref(), Some("media"));
    // A face is still manners.
    let mut c = shipped_at(NOON).on_page("p-1001");
    c.ask("有L码吗");
    assert_ne!(reply_keys(&c.buyer("[微笑]")), ["media"]);
    assert_eq!(c.session().unknown_streak, 0);
}

#[test]
fn a_pack_without_the_media_set_asks_to_say_more() {
    let mut c = Conv::shipped_without("media");
    c.ctx.now = NOON;
    assert_eq!(reply_keys(&c.buyer("[图片]")), ["clarify"]);
}

#[test]
fn a_question_beside_a_story_of_another_purchase_is_answered() {
    // The story has a complaint's or a report's words; the buyer has
    // bought nothing here and asks before buying. It was handed over with
    // an apology for a complaint nobody made.
    for (page, message) in [
        ("p-1008", "起球吗 我之前买的毛衣穿两次就起球了[流泪]"),
        ("p-1003", "会不会钻绒啊 之前买别家的钻得一身毛 气死了"),
        ("p-1009", "垃圾快递 上次用韵达丢了 这次能发中通吗"),
    ] {
        let mut c = Conv::shipped().on_page(page);
        let d = c.buyer(message);
        assert_eq!(transfer(&d), None, "{message}: {:?}", d.actions);
        let (text, _) = reply(&d).expect("an answer");
        assert!(!text.contains("抱歉"), "{message}: {text}");
    }
    // Asking for something to be done about it is after-sale still.
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("之前买的毛衣起球了 能退吗");
    assert!(transfer(&d).is_some(), "{:?}", d.actions);
    // So is a story in a conversation with an order.
    let mut c = Conv::shipped().on_page("p-1008");
    c.order("o-1", OrderStatus::Shipped, &[("p-1008", "灰色 M")]);
    let d = c.buyer("起球吗 我之前买的毛衣穿两次就起球了");
    assert!(transfer(&d).is_some(), "{:?}", d.actions);
}

#[test]
fn a_price_objection_in_rough_words_is_answered_as_one() {
    // `这个价格太坑了 别家才400` got "非常抱歉给您带来不好的体验" and a
    // person: at night, silence till 09:00 for a buyer deciding.
    for ask in [
        "这个价格太坑了 别家才400",
        "太坑了吧 699",
        "这也太离谱了吧 699的羽绒服",
    ] {
        let mut c = Conv::shipped().on_page("p-1004");
        let d = c.buyer(ask);
        assert_eq!(transfer(&d), None, "{ask}: {:?}", d.actions);
        // Another shop's price named, the comparison is the objection.
        let keys = reply_keys(&d);
        assert!(
            (keys.iter()).any(|k| k == "too_expensive" || k == "cheaper_elsewhere"),
            "{ask}: {keys:?}"
        );
    }
    // Rough words about anything else, or after an order, still go over.
    let mut c = Conv::shipped().on_page("p-1004");
    // (As the goods' problem, whose line asks for photos.)
    assert_eq!(
        transfer(&c.buyer("你们太坑了 发错货")).as_deref(),
        Some("received_problem")
    );
    let mut c = Conv::shipped().on_page("p-1004");
    c.order("o-1", OrderStatus::Paid, &[("p-1004", "黑色 M")]);
    assert_eq!(
        transfer(&c.buyer("太坑了吧 699")).as_deref(),
        Some("complaint")
    );
}

#[test]
fn an_exclamation_of_delight_is_not_a_complaint() {
    // `我靠` and `离谱` are complaint words; said of a colour the buyer
    // likes they got "非常抱歉给您带来不好的体验" and a person.
    for ask in [
        "我靠 这颜色也太好看了吧",
        "好看到离谱 好想要",
        "卧槽 好好看 我要了",
    ] {
        let mut c = Conv::shipped().on_page("p-1001");
        let d = c.buyer(ask);
        assert_eq!(transfer(&d), None, "{ask}: {:?}", d.actions);
        assert!(reply(&d).is_some(), "{ask}: {:?}", d.actions);
    }
    // With another word of a complaint it is one.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("我靠 这质量太差了");
    assert_eq!(
        transfer(&d).as_deref(),
        Some("complaint"),
        "{:?}",
        d.actions
    );
}

#[test]
fn asking_whether_it_is_a_bot_is_answered_not_handed_over() {
    // `你是机器人吧` went to a person, and the buyer's next question
    // (`我不要人工 你就告诉我…`) went unanswered.
    let mut c = Conv::shipped().on_page("p-1006");
    let d = c.buyer("你是机器人吧");
    assert_eq!(transfer(&d), None, "{:?}", d.actions);
    let (text, _) = reply(&d).expect("an answer");
    assert!(text.contains("人工"), "{text}");
    let (_, keys) = reply(&c.buyer("我不要人工 你就告诉我卫裤L码有没有货")).expect("an answer");
    assert_eq!(keys, ["stock_yes"]);
    // Asking for a person still hands over.
    let mut c = Conv::shipped();
    assert!(transfer(&c.buyer("转人工")).is_some());
}

#[test]
fn a_price_drop_after_buying_goes_to_a_person() {
    // `我昨天刚买 今天就降了20` on the item's page got the seven-day return
    // terms: a pre-sale answer to a buyer whose order is elsewhere.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("我昨天刚买 今天就降了20");
    assert_eq!(
        transfer(&d).as_deref(),
        Some("return_refund"),
        "{:?}",
        d.actions
    );
    // Asked before buying, the shop's price protection answers.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("现在买了降价能退差价吗");
    assert_eq!(transfer(&d), None, "{:?}", d.actions);
}

#[test]
fn goods_bought_long_ago_and_broken_go_to_a_person_not_to_the_seven_days() {
    // `…穿了一年开胶了 还能保修吗` got "支持七天无理由退换哦": a dead end
    // for a buyer a year past it.
    let mut c = shipped_at(NOON).on_page("p-1009");
    let d = c.buyer("我去年在你家买的老爹鞋穿了一年开胶了 还能保修吗");
    assert_eq!(
        transfer(&d).as_deref(),
        Some("received_problem"),
        "{:?}",
        d.actions
    );
    let (text, _) = reply(&d).expect("a reply");
    assert!(!text.contains("七天"), "{text}");
    // Asked before buying, it is still a question about the shoes.
    let mut c = shipped_at(NOON).on_page("p-1009");
    let d = c.buyer("会开胶吗 能保修吗");
    assert_eq!(transfer(&d), None, "{:?}", d.actions);
}

#[test]
fn goods_received_too_long_go_to_a_person_for_an_exchange() {
    // `裤子收到了 太长了 能换短一点的吗` got the joggers' pre-sale answer
    // about their length ("束脚款堆着也好看哦").
    let mut c = shipped_at(NOON).on_page("p-1006");
    let d = c.buyer("裤子收到了 太长了 能换短一点的吗");
    assert_eq!(transfer(&d).as_deref(), Some("exchange"), "{:?}", d.actions);
}

#[test]
fn a_refund_asked_before_shipping_holds_the_order() {
    // Found playing a buyer: `不想要了 申请退款了 麻烦同意一下` on a paid
    // order was handed over with nothing on the order, which could ship
    // meanwhile.
    let mut c = shipped_at(NOON).on_page("p-1001");
    c.order("o-5", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("拍错了 不要了 退款吧");
    assert_eq!(transfer(&d).as_deref(), Some("return_refund"));
    let held = d.actions.iter().any(|a| {
        matches!(a, Action::Remark { order, text, flag }
            if order == "o-5" && text.contains("暂停发货") && flag.as_deref() == Some("red"))
    });
    assert!(held, "{:?}", d.actions);
    // Shipped, there is nothing to hold.
    let mut c = shipped_at(NOON).on_page("p-1001");
    c.order("o-5", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("我要退款");
    assert!(!d.actions.iter().any(|a| matches!(a, Action::Remark { .. })));
}

#[test]
fn a_parcel_late_goes_to_a_person_with_an_apology_and_the_courier_checked() {
    // Found playing the night shift: `我的快递三天了还没到` got the generic
    // "您的问题已经登记好了", with no word of the wait or the courier.
    let mut c = shipped_at(NOON);
    c.order("o-1", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("物流一直不动");
    assert_eq!(transfer(&d).as_deref(), Some("logistics"));
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_logistics"]);
    assert!(text.contains("快递") || text.contains("物流"), "{text}");

    let mut c = shipped_at(NOON + 11 * 3600 + 40 * 60);
    c.order("o-1", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("我的快递三天了还没到");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["handover_logistics_later"]);
    assert!(text.contains("明天09:00"), "{text}");
}

#[test]
fn a_worry_that_it_may_not_fit_before_it_arrives_is_reassured_not_told_to_cancel() {
    // `我怕尺码不合适` on an unpaid order got "没付款不会扣款,取消订单就可以".
    let mut c = Conv::shipped().on_page("p-1005");
    c.order("o-1", OrderStatus::Created, &[("p-1005", "深蓝色 28")]);
    let d = c.buyer("我怕尺码不合适");
    assert_eq!(transfer(&d), None, "{:?}", d.actions);
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.contains("七天无理由"), "{text}");
    assert!(!text.contains("取消"), "{text}");
    // Before ordering too.
    let mut c = Conv::shipped().on_page("p-1005");
    let text = c.ask("万一不合身能退吗").expect("a reply");
    assert!(text.contains("七天无理由"), "{text}");
    // Giving the order up is still answered about cancelling.
    let mut c = Conv::shipped().on_page("p-1005");
    c.order("o-1", OrderStatus::Created, &[("p-1005", "深蓝色 28")]);
    let text = c.ask("不想要了").expect("a reply");
    assert!(text.contains("取消"), "{text}");
}
