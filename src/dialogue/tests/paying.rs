//! Words around paying, on the shipped pack: paying later, someone else
//! paying, a payment that failed, not paying after all, the coupon's use,
//! and a size's restock. Found playing conversations, each of these got a
//! wrong answer or a person.

use super::*;

/// The shipped pack at noon, Beijing time (business hours), on the
/// hoodie's page with an unpaid order.
fn ordered() -> Conv {
    let mut c = Conv::shipped().on_page("p-1001");
    c.ctx.now = 1_795_363_200 + 12 * 3600;
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    c
}

#[test]
fn not_paying_after_all_is_hesitation_not_a_payment_received() {
    let mut c = ordered();
    let d = c.buyer("先不付了");
    assert_eq!(reply_keys(&d), ["hesitation"], "{:?}", d.actions);
    assert!(!reply(&d).unwrap().0.contains("到账"), "{:?}", d.actions);
}

#[test]
fn saying_one_has_paid_in_other_words_is_heard() {
    for said in ["我付过款了", "付款了呀"] {
        let mut c = ordered();
        let text = c.ask(said).expect("a reply");
        assert!(text.contains("到账"), "{said}: {text}");
    }
}

#[test]
fn paying_later_someone_else_paying_and_a_failed_payment_are_answered() {
    for (said, says) in [
        ("等会付可以吗", "17:00前付款"),
        // `下午付款可以吗` got "在订单页点击付款就可以啦".
        ("下午付款可以吗", "17:00前付款"),
        ("今晚再付", "17:00前付款"),
        ("我让我老公付", "代付"),
        ("付款显示失败了", "换个支付方式"),
        ("能分3期吗", "分期"),
    ] {
        let mut c = ordered();
        let d = c.buyer(said);
        assert_eq!(transfer(&d), None, "{said}");
        let text = reply(&d).expect("a reply").0;
        assert!(text.contains(says), "{said}: {text}");
    }
}

#[test]
fn a_gift_for_mum_is_neither_swearing_nor_a_question_about_freebies() {
    // `妈的` is a complaint word, and `送我` asked what the shop gives.
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("这是送我妈的生日礼物 能快点发吗");
    assert_eq!(transfer(&d), None);
    assert_eq!(reply_keys(&d), ["shipping"], "{:?}", d.actions);
}

#[test]
fn how_to_use_the_coupon_is_answered_with_where_to_get_it() {
    // `到底怎么用` and `要怎么用` read as how to use an item too, which
    // added the selling points, or with no item "您问的是哪一款呢".
    for question in ["满减怎么用", "满减到底怎么用啊", "优惠券要怎么用"] {
        for page in [None, Some("p-1001")] {
            let mut c = Conv::shipped();
            if let Some(item) = page {
                c = c.on_page(item);
            }
            let d = c.buyer(question);
            assert_eq!(reply_keys(&d), ["promotion"], "{question}: {:?}", d.actions);
            let text = reply(&d).unwrap().0;
            assert!(text.contains("领") && text.contains("自动抵扣"), "{text}");
        }
    }
}

#[test]
fn a_sold_out_sizes_restock_gets_no_date_but_how_to_hear_of_it() {
    // The sweater's M is sold out; `M码啥时候到货` went to a person as a
    // parcel to trace.
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("M码啥时候到货");
    assert_eq!(transfer(&d), None);
    assert_eq!(reply_keys(&d), ["stock_no"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("补货") && text.contains("收藏"), "{text}");
    assert!(text.contains("S、L码"), "{text}");
}

#[test]
fn shipping_before_payment_is_refused_plainly() {
    // `能先发货吗 我明天再付` heard "好的亲,17:00前付款当天发出": a yes.
    let mut c = Conv::shipped().on_page("p-1008");
    c.order("o-1", OrderStatus::Created, &[("p-1008", "灰色 M")]);
    let text = c.ask("能先发货吗 我明天再付").expect("a reply");
    assert!(text.contains("货到付款"), "{text}");
    assert!(!text.starts_with("好的"), "{text}");
}

#[test]
fn a_coupon_an_order_cannot_use_is_answered_with_what_it_is_short_of() {
    // `59用不了199的券吗` on an unpaid order got "取消订单就可以哦".
    let mut c = Conv::shipped().on_page("p-1007");
    c.order("o-1", OrderStatus::Created, &[("p-1007", "白色 M")]);
    let text = c
        .ask("为什么没有优惠券 59用不了199的券吗")
        .expect("a reply");
    assert!(text.contains("再凑140元"), "{text}");
    assert!(!text.contains("取消"), "{text}");
}

#[test]
fn an_order_closed_unpaid_is_explained() {
    let mut c = Conv::shipped().on_page("p-1005");
    c.order("o-1", OrderStatus::Closed, &[("p-1005", "蓝色 28")]);
    let text = c
        .ask("订单怎么关闭了 我还没付款呢 还能买吗")
        .expect("a reply");
    assert!(text.contains("超时") && text.contains("重新拍"), "{text}");
}

#[test]
fn wanting_another_item_than_the_unpaid_one_is_not_pushed_to_pay_it() {
    // Found playing a buyer: `等等 我想想还是要中长款` on an order for the
    // short coat got "确定要的话早点付款更稳妥哦".
    for said in ["等等 我想想还是要中长款", "我再考虑考虑 可能买中长款"] {
        let mut c = Conv::shipped().on_page("p-1003");
        c.order("o-1", OrderStatus::Created, &[("p-1003", "黑色 S")]);
        let d = c.buyer(said);
        assert_eq!(reply_keys(&d), ["order_switch"], "{said}");
        let text = reply(&d).unwrap().0;
        assert!(
            text.contains("中长款连帽羽绒服") && text.contains("699"),
            "{text}"
        );
        assert!(text.contains("取消") && text.contains("短款"), "{text}");
    }
    // Hesitating over the order itself still hears the payment line.
    let mut c = Conv::shipped().on_page("p-1003");
    c.order("o-1", OrderStatus::Created, &[("p-1003", "黑色 S")]);
    assert_eq!(reply_keys(&c.buyer("我再考虑考虑")), ["hesitation"]);
}

#[test]
fn calling_the_order_off_over_the_price_hears_the_objection_answered() {
    // Before: the cancel help first, and the objection's short line
    // (`理解的亲~价格是统一的哦~`) without the coupon that answers it.
    let mut c = Conv::shipped().on_page("p-1004");
    c.order("o-1", OrderStatus::Created, &[("p-1004", "藏青色 M")]);
    let d = c.buyer("算了不要了 太贵");
    assert_eq!(reply_keys(&d), ["too_expensive"], "{:?}", d.actions);
    // Said again, the cancel help follows.
    assert_eq!(reply_keys(&c.buyer("不要了")), ["order_change"]);
}

#[test]
fn paying_outside_the_platform_is_warned_against_and_interest_free_not_promised() {
    // Found playing a buyer: `有免息吗` got "可以的亲~", a promise the shop
    // file does not make; `私下转账能便宜点吗` got a coupon and no warning;
    // `能加个微信吗 我微信是…` got "没太明白".
    let mut c = Conv::shipped().on_page("p-1001");
    let text = c.ask("有免息吗").expect("a reply");
    assert!(
        !text.starts_with("可以的") && text.contains("结算页"),
        "{text}"
    );
    for said in [
        "你们有微信吗 私下转账能便宜点吗",
        "能加个微信吗 我微信是abc_12345 方便发图",
    ] {
        let mut c = Conv::shipped().on_page("p-1001");
        let d = c.buyer(said);
        assert_eq!(reply_keys(&d)[0], "payment", "{said}");
        let text = reply(&d).unwrap().0;
        assert!(text.contains("平台内"), "{said}: {text}");
    }
}

#[test]
fn freight_collect_asked_before_buying_is_free_shipping_and_after_the_deal_a_return() {
    // `运费到付吗` on its own, before the goods come, asks whether the
    // courier collects the freight. Before, it was read as sending a
    // return back and handed to a person, or answered in three short
    // parts (return freight, free shipping, no cash on delivery).
    for asked in ["运费到付吗", "邮费是到付吗", "快递费可以到付吗"] {
        let mut c = Conv::shipped().on_page("p-1001");
        let d = c.buyer(asked);
        assert_eq!(transfer(&d), None, "{asked}");
        assert_eq!(reply_keys(&d), ["shipping"], "{asked}: {:?}", d.actions);
        let text = reply(&d).unwrap().0;
        assert!(
            text.contains("包邮") && text.contains("不用"),
            "{asked}: {text}"
        );
        assert!(!text.contains("货到付款"), "{asked}: {text}");
    }
    // After the deal is closed, the buyer is sending something back: the
    // freight is paid first, and only that is said (the `运费` inside the
    // question is not a second question about free shipping).
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Closed, &[("p-1001", "白色 M")]);
    let d = c.buyer("运费到付吗");
    assert_eq!(reply_keys(&d), ["shipping"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("垫付运费"), "{text}");
    assert!(!text.contains("包邮"), "{text}");
}

#[test]
fn daofu_is_cash_on_delivery_before_buying_and_freight_collect_on_a_return() {
    // `到付` alone asks to pay on delivery; before, `可以到付吗` got the
    // general "在订单页点击付款" answer.
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, keys) = reply(&c.buyer("可以到付吗")).expect("a reply");
    assert_eq!(keys, ["payment"]);
    assert!(text.contains("货到付款"), "{text}");
    // About sending a return back, it asks whether the shop takes the
    // parcel with its freight unpaid; before, the seven-day rule, and
    // nothing about the freight.
    for asked in ["退货可以到付吗", "寄回来可以到付吗"] {
        let mut c = Conv::shipped().on_page("p-1001");
        let (text, keys) = reply(&c.buyer(asked)).expect("a reply");
        assert_eq!(keys, ["return_refund"], "{asked}");
        assert!(text.contains("到付件"), "{asked}: {text}");
        assert!(!text.contains("货到付款"), "{asked}: {text}");
    }
    // Asked apart after the return's freight (a real buyer's words), the
    // clause `到付吗` finishes the return question; read alone it would
    // bring back "暂不支持货到付款".
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("退货的运费怎么算? 到付吗? 还是怎样?");
    assert_eq!(reply_keys(&d), ["return_refund"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("到付件"));
    // A question of its own after it still comes back.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("退货可以到付吗? 包邮吗?");
    assert!(
        reply_keys(&d).contains(&"shipping".to_string()),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_decision_to_buy_said_alone_is_the_last_step_not_hesitation() {
    // `算了 买了` ("never mind, I'll buy it") was read as giving up (`算了`)
    // and got "不着急,考虑好了随时找我"; `那我买了`, `还是买吧` alone were
    // "没太明白".
    for said in [
        "算了 买了",
        "算了 还是买吧",
        "那我买了",
        "买了",
        "好吧 我拍了~",
    ] {
        let mut c = Conv::shipped().on_page("p-1004");
        let d = c.buyer(said);
        assert_eq!(reply_keys(&d), ["payment"], "{said}: {:?}", d.actions);
        let text = reply(&d).unwrap().0;
        assert!(text.contains("核对"), "{said}: {text}");
    }
    // Giving up is still giving up.
    let mut c = Conv::shipped().on_page("p-1004");
    let d = c.buyer("算了不买了");
    assert_eq!(reply_keys(&d), ["hesitation"], "{:?}", d.actions);
}

#[test]
fn waiting_for_payday_is_answered_as_money_later_not_as_doubts_or_shipping() {
    // `明天发工资再买` got "现在付款今天就能发出" (`明天发` read as a
    // shipping day) and "有什么顾虑可以跟我说说".
    for said in ["明天发工资再买", "等发工资了再拍吧"] {
        let mut c = Conv::shipped().on_page("p-1002");
        let d = c.buyer(said);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["hesitation"], "{said}: {text}");
        assert!(text.contains("发工资"), "{said}: {text}");
    }
    // Asking to hold one until payday is the stock answer alone.
    let mut c = Conv::shipped().on_page("p-1002");
    let d = c.buyer("能帮我留到明天吗 明天发工资");
    assert_eq!(reply_keys(&d), ["stock"], "{:?}", d.actions);
    // A shipping day is still one.
    let d = c.buyer("明天发货吗");
    assert_eq!(reply_keys(&d), ["shipping"], "{:?}", d.actions);
}

#[test]
fn a_failed_payment_with_a_risk_warning_is_answered_once_as_the_warning() {
    // `付不了 提示风险` got two sentences saying the same (the failure's
    // set and the warning's).
    let mut c = Conv::shipped().on_page("p-1004");
    c.order("o-1", OrderStatus::Created, &[("p-1004", "黑色 M")]);
    let (text, keys) = reply(&c.buyer("付不了 提示风险")).expect("a reply");
    assert_eq!(keys, ["payment"], "{text}");
    assert!(text.contains("安全校验"), "{text}");
    // The failure alone is still the failure's answer.
    let (text, _) = reply(&c.buyer("付不了")).expect("a reply");
    assert!(!text.contains("安全校验"), "{text}");
}

#[test]
fn ordered_said_beside_a_question_leaves_the_question_alone() {
    // `拍了 帮我改下价` got "拍下时核对一下尺码颜色和地址哦" before the
    // price answer.
    let mut c = Conv::shipped().on_page("p-1004");
    assert_eq!(reply_keys(&c.buyer("拍了 帮我改下价")), ["bargain"]);
    // Said alone, it is still the last step's answer.
    let mut c = Conv::shipped().on_page("p-1004");
    assert_eq!(reply_keys(&c.buyer("拍了")), ["payment"]);
}
