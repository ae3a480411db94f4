//! Reply sets bound to what matched (`when`): the specific question gets the
//! specific answer, the rest of the intent the key's own set.

use super::*;

/// The test pack with a delivery-time set for `shipping`, bound to the
/// keyword `几天到` (added to the intent in a file of its own).
fn with_when_sets() -> Conv {
    let pack = super::PACK.replace(
        "keywords = [\"发货\", \"快递\"]",
        "keywords = [\"发货\", \"快递\", \"几天到\"]",
    );
    assert_ne!(
        pack,
        super::PACK,
        "the test pack's shipping keywords changed"
    );
    let extra = r#"
[[reply]]
intent = "shipping"
when = ["几天到"]
texts = ["亲,发货后一般2-4天到哦~", "亲,一般2-4天能收到~"]
short = ["一般2-4天到~"]
"#;
    Conv::on(
        crate::script::load_sources(&[("t.toml".into(), pack), ("when.toml".into(), extra.into())])
            .expect("pack loads"),
    )
}

#[test]
fn the_set_for_what_matched_answers_before_the_keys_own() {
    let mut c = with_when_sets();
    assert_eq!(c.ask("几天到").as_deref(), Some("亲,发货后一般2-4天到哦~"));
    // The other shipping questions get the key's set, as before.
    assert_eq!(
        c.ask("什么时候发货").as_deref(),
        Some("亲,17:00前付款当天发货,默认中通、韵达~")
    );
    // The set rotates on its own: its second variant next time.
    assert_eq!(c.ask("几天到").as_deref(), Some("亲,一般2-4天能收到~"));
    // In a combined reply, its short variant.
    let d = c.buyer("你好,几天到");
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.ends_with("一般2-4天到~"), "{text}");
}

#[test]
fn a_stage_bound_set_still_answers_when_nothing_specific_matched() {
    let mut c = with_when_sets();
    c.order("o-1", OrderStatus::Paid, &[("p-1", "M")]);
    // Paid: `什么时候发货` gets the paid-stage set; `几天到` its own set.
    assert_eq!(
        c.ask("什么时候发货").as_deref(),
        Some("亲,您的宝贝会尽快发出的~")
    );
    assert_eq!(c.ask("几天到").as_deref(), Some("亲,发货后一般2-4天到哦~"));
}

#[test]
fn the_shipped_pack_answers_the_specific_shipping_and_gift_questions() {
    let mut c = Conv::shipped().on_page("p-1001");
    let shop = c.scripts.shop.clone();
    let delivery = shop
        .delivery_time
        .expect("the shipped shop says how long parcels take");
    let text = c.ask("几天能到").expect("a reply");
    assert!(text.contains(&delivery), "{text}");
    let text = c.ask("发什么快递").expect("a reply");
    assert!(
        shop.couriers.iter().all(|k| text.contains(k.as_str())),
        "{text}"
    );
    let gift = shop.gift.expect("the shipped shop has a gift");
    let text = c.ask("有没有运费险").expect("a reply");
    assert!(text.contains(&gift), "{text}");
}

#[test]
fn the_shipped_pack_answers_buying_several_with_the_campaign() {
    let mut c = Conv::shipped().on_page("p-1001");
    let promotion = c.scripts.shop.promotion.clone();
    let promotion = promotion.expect("the shipped shop has a multi-piece campaign");
    // A bargain over several pieces is answered with the campaign, not
    // with "the price is fixed" alone.
    let d = c.buyer("我买两件能打折吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["bargain"]);
    assert!(text.contains(&promotion), "{text}");
    // Asked as a bargain and a promotion at once: one answer, the campaign.
    for ask in ["两件有优惠吗", "能便宜点吗 有券吗"] {
        let d = c.buyer(ask);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["promotion"], "{ask}: {text}");
        assert!(!text.contains("统一"), "{ask}: {text}");
    }
}

#[test]
fn the_shipped_pack_answers_a_chosen_size_and_when_it_arrives() {
    let mut c = Conv::shipped().on_page("p-1001");
    // Choosing a size is answered with its stock, ready to order.
    for (ask, size) in [("那我要S码吧", "S码"), ("就要黑色M码", "M码")] {
        let d = c.buyer(ask);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["stock_yes"], "{ask}: {text}");
        assert!(text.contains(size), "{ask}: {text}");
    }
    // Where it goes is answered for that place, with the day it leaves.
    let text = c.ask("什么时候能到北京").expect("a reply");
    assert!(text.contains("北京") && text.contains("2-4天"), "{text}");
    assert!(text.contains("发出"), "{text}");
    // Asking when stock comes back is not a delivery question.
    let c2 = c.scripts.classifier.classify("什么时候到货");
    assert!(!c2.has("shipping"), "{:?}", c2.intents());
}

#[test]
fn the_shipped_pack_answers_the_price_with_the_price() {
    let mut c = Conv::shipped().on_page("p-1004");
    let price = c.item("p-1004").price_text();
    for ask in ["这个多少钱", "多少钱一件"] {
        let text = c.ask(ask).expect("a reply");
        assert!(text.contains(&format!("{price}元")), "{ask}: {text}");
    }
}

#[test]
fn the_shipped_pack_asks_which_item_before_quoting_one() {
    // No product page and no item named: which one?
    let mut c = Conv::shipped();
    for ask in ["这个多少钱", "怎么洗", "穿多大码"] {
        let d = c.buyer(ask);
        assert_eq!(reply_keys(&d), ["which_item"], "{ask}");
    }
    // On a garment's page the size question asks for measurements, and
    // only those (no word about shoes).
    let mut jeans = Conv::shipped().on_page("p-1005");
    for _ in 0..3 {
        let text = jeans.ask("穿多大码").expect("a reply");
        assert!(text.contains("身高") && !text.contains("鞋"), "{text}");
    }
    // Named in the message, it is quoted at once.
    let price = c.item("p-1001").price_text();
    let text = c.ask("卫衣多少钱").expect("a reply");
    assert!(text.contains(&format!("{price}元")), "{text}");
    // A pack without the situation answers with the intent's own set.
    let mut c = Conv::new();
    let d = c.buyer("什么面料");
    assert_eq!(reply_keys(&d), ["product_info"]);
}

#[test]
fn the_shipped_pack_sizes_jeans_by_the_waist() {
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("我腰围两尺一穿多少");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_result"], "{text}");
    assert!(text.contains("28码"), "{text}");
    assert_eq!(c.session().slots.waist_cm, Some(70));
    // A top's chart has no waists: its answer still needs height and weight.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("我腰围两尺一穿多少");
    assert_eq!(reply_keys(&d), ["size_advice"]);
}

#[test]
fn the_shipped_pack_offers_the_sizes_next_to_a_sold_out_one() {
    // The jeans' 29 is sold out, and no similar item comes in waist sizes.
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("29码还有吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_no"]);
    assert!(text.contains("28、30码有现货"), "{text}");
}

#[test]
fn a_waist_said_again_is_still_a_size_question() {
    let mut c = Conv::shipped().on_page("p-1005");
    for _ in 0..2 {
        let d = c.buyer("两尺一");
        assert_eq!(reply_keys(&d), ["size_result"], "{:?}", d.actions);
    }
}

#[test]
fn the_shipped_pack_keeps_a_leaving_buyer_and_answers_a_smell_question() {
    let mut c = Conv::shipped().on_page("p-1001");
    // Before any order, "不要了" is a buyer leaving, not an order to cancel:
    // no talk of filling in the address at checkout.
    let text = c.ask("算了不要了").expect("a reply");
    assert!(!text.contains("地址"), "{text}");
    assert!(text.contains("顾虑"), "{text}");
    // A new-clothes smell gets what to do about it, not the selling points.
    let text = c.ask("衣服有味道吗").expect("a reply");
    assert!(text.contains("味"), "{text}");
    // A friend's lower price is a price comparison.
    let d = c.buyer("我朋友买的才99");
    assert_eq!(reply_keys(&d), ["cheaper_elsewhere"]);
}

#[test]
fn the_shipped_pack_answers_a_named_courier_and_cash_on_delivery() {
    let mut c = Conv::shipped().on_page("p-1003");
    let text = c.ask("发顺丰吗").expect("a reply");
    assert!(
        text.contains("不能指定") || text.contains("不支持指定"),
        "{text}"
    );
    let text = c.ask("能货到付款吗").expect("a reply");
    assert!(text.contains("不支持货到付款"), "{text}");
    // A surcharge for a courier, or its postage paid on arrival, is about
    // the courier: before, the coat's price, and "不支持货到付款".
    for asked in ["发顺丰要加多少钱", "顺丰到付可以吗"] {
        let d = c.buyer(asked);
        assert_eq!(reply_keys(&d), ["shipping"], "{asked}: {:?}", d.actions);
    }
}

#[test]
fn the_shipped_pack_believes_a_buyer_who_says_they_paid_before_the_payment_arrives() {
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    // The payment event has not come yet: neither "received" nor "how to pay".
    for said in ["付好了", "我已经付款了"] {
        let text = c.ask(said).expect("a reply");
        assert!(text.contains("到账"), "{said}: {text}");
        assert!(!text.contains("点击付款"), "{said}: {text}");
    }
    // Once paid, the paid stage's own set says it is received.
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let text = c.ask("付好了").expect("a reply");
    assert!(text.contains("收到") || text.contains("已付款"), "{text}");
}

#[test]
fn a_colour_the_item_lacks_gets_its_colours_not_the_stock_of_the_size() {
    // The dad shoes come in 白灰色, 全黑色 and 米杏色, and the buyer wears 39.
    let mut c = Conv::shipped().on_page("p-1009");
    c.buyer("我平时穿39");
    let text = c.ask("有白色的吗").expect("a reply");
    assert!(text.contains("白灰色"), "{text}");
    assert!(!text.contains("39码有现货"), "{text}");
    // One of its own colours is still answered with the size's stock.
    let d = c.buyer("全黑色的有吗");
    assert_eq!(reply_keys(&d), ["stock_yes"], "{:?}", d.actions);
}

#[test]
fn the_shipped_pack_answers_whether_the_t_shirt_is_hot() {
    let mut c = Conv::shipped().on_page("p-1007");
    let d = c.buyer("夏天穿热不热");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.contains("透气"), "{text}");
}

#[test]
fn a_remote_province_is_answered_with_its_shipping_fee() {
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("能到新疆吗").expect("a reply");
    assert!(text.contains("新疆不在包邮范围"), "{text}");
    assert!(text.contains("运费"), "{text}");
    // After payment the fee is settled: only how long it takes.
    c.order("o-1", OrderStatus::Paid, &[("p-1009", "全黑色 40")]);
    let text = c.ask("西藏能到吗").expect("a reply");
    assert!(text.contains("4-7天"), "{text}");
    assert!(!text.contains("运费"), "{text}");
}

#[test]
fn asking_whether_the_shoes_run_true_to_size_gets_the_size_tip() {
    let mut c = Conv::shipped().on_page("p-1009");
    let d = c.buyer("这个鞋子偏码吗");
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.contains("标准码"), "{text}");
}

#[test]
fn a_size_asked_on_the_item_page_is_a_stock_question() {
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("亲 这个卫衣有XL吗");
    assert_eq!(reply_keys(&d), ["stock_yes"], "{:?}", d.actions);
}

#[test]
fn a_size_the_item_is_not_made_in_is_not_called_sold_out() {
    // The hoodie comes in S–XXL: 38 does not exist, it is not "sold out".
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("有38码的吗");
    assert_eq!(reply_keys(&d), ["stock_no_such_size"], "{:?}", d.actions);
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.contains("没有38码"), "{text}");
    assert!(!text.contains("没货") && !text.contains("售罄"), "{text}");
}

#[test]
fn asking_for_a_gift_names_the_gift_the_shop_gives() {
    let mut c = Conv::shipped().on_page("p-1003");
    let text = c.ask("能送个小礼物吗").expect("a reply");
    assert!(text.contains("运费险"), "{text}");
}

#[test]
fn giving_up_before_ordering_is_answered_once_not_twice() {
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("算了 不要了");
    assert_eq!(reply_keys(&d), ["order_change"], "{:?}", d.actions);
}

#[test]
fn asking_for_other_colours_lists_the_item_s_colours() {
    let mut c = Conv::shipped().on_page("p-1007");
    let d = c.buyer("有没有别的颜色");
    assert_eq!(reply_keys(&d), ["product_info"], "{:?}", d.actions);
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.contains("浅蓝色"), "{text}");
    assert!(!text.contains("推荐"), "{text}");
}

#[test]
fn asking_for_another_item_names_a_similar_one_not_the_item_in_talk() {
    // The T-shirt's catalogue entry names the crew-neck sweatshirt as similar.
    let mut c = Conv::shipped().on_page("p-1007");
    let text = c.ask("有没有别的款").expect("a reply");
    assert!(text.contains("圆领加绒卫衣"), "{text}");
    // "Anything else?" asks for another item, not this one's stock beside it.
    let d = c.buyer("还有别的吗");
    assert_eq!(reply_keys(&d), ["recommend"], "{:?}", d.actions);
}

#[test]
fn other_colours_or_sizes_of_the_item_get_one_answer_about_the_item() {
    let mut c = Conv::shipped().on_page("p-1007");
    // The colours, without a stock line beside them.
    let d = c.buyer("还有其他颜色吗");
    assert_eq!(reply_keys(&d), ["product_info"], "{:?}", d.actions);
    // The sizes in stock, without recommending another item.
    for ask in ["还有其他码吗", "有没有别的码"] {
        let d = c.buyer(ask);
        assert_eq!(reply_keys(&d), ["stock"], "{ask}: {:?}", d.actions);
    }
    // A colour by name is still a stock question, about that colour.
    let d = c.buyer("还有黑色吗");
    assert_eq!(reply_keys(&d), ["stock_color"], "{:?}", d.actions);
}

#[test]
fn payment_trouble_methods_and_paying_for_a_friend_each_get_their_answer() {
    let mut c = Conv::shipped().on_page("p-1007");
    c.order("o-1", OrderStatus::Created, &[("p-1007", "白色 L")]);
    let text = c.ask("怎么付不了款").expect("a reply");
    assert!(text.contains("换个支付方式"), "{text}");
    assert!(!text.contains("点击付款就可以"), "not how to pay: {text}");
    let text = c.ask("可以用花呗吗").expect("a reply");
    assert!(text.contains("花呗"), "{text}");
    assert!(!text.contains("遇到问题"), "{text}");
    let text = c.ask("能找人代付吗").expect("a reply");
    assert!(text.contains("代付"), "{text}");
}

#[test]
fn asking_what_the_shop_has_or_naming_a_need_asks_for_a_recommendation() {
    // "有什么…的吗" asks what there is to choose from, not whether a size is
    // in stock; "我想买件外套" is a need to pick for, not a message to
    // ask again.
    for ask in [
        "亲 有什么推荐的吗",
        "有什么好看的吗",
        "我想买件外套",
        "想买条裤子",
    ] {
        let mut c = Conv::shipped();
        let d = c.buyer(ask);
        // `recommend`, or one of its situations once a kind is named
        // (see tests/recommend.rs).
        let keys = reply_keys(&d);
        assert!(
            keys.len() == 1 && keys[0].starts_with("recommend"),
            "{ask}: {:?}",
            d.actions
        );
    }
}

#[test]
fn when_and_for_what_an_item_can_be_worn_is_asked_about_the_item_not_its_size() {
    let mut c = Conv::shipped().on_page("p-1007");
    let d = c.buyer("夏天上班可以穿吗");
    // The T-shirt's own answer about summer, or its selling points: never
    // the size.
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
    // Bare, it still asks whether the size fits.
    let d = c.buyer("可以穿吗");
    assert!(
        reply_keys(&d).iter().any(|k| k.starts_with("size")),
        "{:?}",
        d.actions
    );
}

#[test]
fn when_there_is_a_sale_is_no_restock_question() {
    let mut c = Conv::shipped().on_page("p-1007");
    let d = c.buyer("什么时候有活动");
    assert_eq!(reply_keys(&d), ["promotion"], "{:?}", d.actions);
    let d = c.buyer("什么时候有货");
    assert!(
        reply_keys(&d).iter().any(|k| k.starts_with("stock")),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_height_alone_answers_the_size_question() {
    let mut c = Conv::shipped().on_page("p-1001");
    c.buyer("穿多大码");
    let d = c.buyer("我172");
    // The chart's L is sold out: the size above, the chart's named.
    assert_eq!(reply_keys(&d)[0], "size_next_up", "{:?}", d.actions);
    assert_eq!(c.session().slots.height_cm, Some(172));
}

#[test]
fn a_buyer_who_sent_the_wrong_message_hears_never_mind_not_the_return_policy() {
    let mut c = Conv::shipped().on_page("p-1001");
    c.buyer("有M吗");
    let (text, keys) = reply(&c.buyer("不好意思 发错了")).expect("a reply");
    assert_eq!(keys, ["thanks_bye"]);
    assert!(text.contains("没关系") || text.contains("没事"), "{text}");
    // The address sent wrong is a change to the order, the shop's parcel
    // sent wrong an after-sale matter.
    let understood = |text: &str| c.scripts.classifier.classify(text).top().to_string();
    assert_eq!(understood("我发错地址了"), "order_change");
    assert_eq!(understood("你们发错货了"), "return_refund");
}

#[test]
fn today_or_tomorrow_is_said_by_the_clock_before_payment() {
    // 2026-11-23 in Shanghai; the shipped pack's cut-off is 17:00.
    let midnight = 1_795_363_200;
    for (hour, day) in [(10, "今天"), (18, "明天")] {
        let mut c = Conv::shipped().on_page("p-1002");
        c.ctx.now = midnight + hour * 3600;
        let (text, keys) = reply(&c.buyer("今天能发吗")).expect("a reply");
        assert_eq!(keys, ["shipping"]);
        assert!(text.contains(day), "{hour}:00: {text}");
        // Asked with the buying in between (it got the rule, "17:00前付款
        // 当天发", at 23:30).
        let mut c = Conv::shipped().on_page("p-1002");
        c.ctx.now = midnight + hour * 3600;
        let (text, _) = reply(&c.buyer("今天拍什么时候发")).expect("a reply");
        assert!(text.contains(day), "{hour}:00: {text}");
    }
    // Paid, "现在付款" would be wrong: the paid stage's own answer.
    let mut c = Conv::shipped().on_page("p-1002");
    c.ctx.now = midnight + 18 * 3600;
    c.order("o-1", OrderStatus::Created, &[("p-1002", "黑色 M")]);
    c.order("o-1", OrderStatus::Paid, &[("p-1002", "黑色 M")]);
    let (text, _) = reply(&c.buyer("今天能发吗")).expect("a reply");
    assert!(!text.contains("现在付款"), "{text}");
}

#[test]
fn no_reply_about_paying_now_quotes_a_cut_off_already_past() {
    // Found playing a conversation: "我拍了" at 22:30 got "17:00前付款当天就
    // 能发出哦", true as a rule and useless that evening. Every line that
    // speaks of paying now, or of an order paid, says the day instead.
    let midnight = 1_795_363_200;
    let evening = midnight + 22 * 3600 + 30 * 60;
    let said = |c: &mut Conv, ask: &str| reply(&c.buyer(ask)).map(|(t, _)| t).unwrap_or_default();
    let mut c = Conv::shipped().on_page("p-1001");
    c.ctx.now = evening;
    c.step = 20;
    let mut heard = vec![said(&mut c, "M码有吗"), said(&mut c, "我拍了")];
    c.order("o-1", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    heard.push(said(&mut c, "好的"));
    heard.push(said(&mut c, "付好了"));
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    for _ in 0..3 {
        heard.push(said(&mut c, "发货了吗"));
    }
    for text in &heard {
        assert!(!text.contains("17:00前付款"), "{heard:#?}");
    }
    assert!(heard[1].contains("明天"), "{}", heard[1]);
}

#[test]
fn a_coupon_that_cannot_be_claimed_gets_help_not_the_list_of_offers() {
    let mut c = Conv::shipped().on_page("p-1004");
    let (text, keys) = reply(&c.buyer("领不了券")).expect("a reply");
    assert_eq!(keys, ["promotion"]);
    assert!(text.contains("领取") && text.contains("提示"), "{text}");
    // The long down coat answers how warm and how long it is.
    let (text, keys) = reply(&c.buyer("这个和短款哪个暖和")).expect("a reply");
    assert_eq!(keys, ["item_faq"]);
    assert!(text.contains("保暖"), "{text}");
    assert_eq!(reply_keys(&c.buyer("会不会太长")), ["item_faq"]);
}

#[test]
fn after_payment_the_day_the_order_leaves_is_said_from_when_it_was_paid() {
    // 2026-11-23 in Shanghai; the shipped pack's cut-off is 17:00.
    let midnight = 1_795_363_200;
    for (paid_hour, asked_hour, day) in [(10, 11, "今天"), (23, 23, "明天"), (23, 24 + 10, "今天")]
    {
        let mut c = Conv::shipped().on_page("p-1002");
        c.ctx.now = midnight + paid_hour * 3600;
        c.order("o-1", OrderStatus::Created, &[("p-1002", "黑色 M")]);
        c.order("o-1", OrderStatus::Paid, &[("p-1002", "黑色 M")]);
        c.ctx.now = midnight + asked_hour * 3600;
        let (text, keys) = reply(&c.buyer("什么时候发货")).expect("a reply");
        assert_eq!(keys, ["shipping"]);
        assert!(
            text.contains(&format!("{day}就会安排发出")),
            "paid {paid_hour}:00, asked {asked_hour}:00: {text}"
        );
    }
    // Paid yesterday before the cut-off: it should have left, so no day is
    // promised.
    let mut c = Conv::shipped().on_page("p-1002");
    c.ctx.now = midnight + 10 * 3600;
    c.order("o-1", OrderStatus::Created, &[("p-1002", "黑色 M")]);
    c.order("o-1", OrderStatus::Paid, &[("p-1002", "黑色 M")]);
    c.ctx.now = midnight + (24 + 10) * 3600;
    let d = c.buyer("什么时候发货");
    if let Some((text, _)) = reply(&d) {
        assert!(
            !text.contains("今天就会") && !text.contains("明天就会"),
            "{text}"
        );
    }
}

#[test]
fn a_buyer_urging_a_reply_gets_an_apology_not_a_welcome() {
    // Found playing a conversation: "怎么还不回我" got "没太明白".
    let mut c = Conv::shipped().on_page("p-1007");
    let (text, keys) = reply(&c.buyer("怎么还不回我")).expect("a reply");
    assert_eq!(keys, ["greeting"]);
    assert!(text.contains("久等") || text.contains("慢了"), "{text}");
    assert!(!text.contains("欢迎"), "{text}");
}

#[test]
fn before_payment_items_bought_together_ship_together() {
    let mut c = Conv::shipped().on_page("p-1007");
    let (text, _) = reply(&c.buyer("三件一起发吗")).expect("a reply");
    assert!(text.contains("一起发出"), "{text}");
    assert!(!text.contains("填好地址"), "{text}");
    // After payment, merging with another order is a change a person makes.
    c.order("o-1", OrderStatus::Created, &[("p-1007", "白色 L")]);
    c.order("o-1", OrderStatus::Paid, &[("p-1007", "白色 L")]);
    let d = c.buyer("和我上一单合并发货");
    assert!(
        d.actions
            .iter()
            .any(|a| matches!(a, Action::Transfer { .. })),
        "{:?}",
        d.actions
    );
}

#[test]
fn choosing_a_colour_gets_advice_from_the_items_own_colours() {
    // Found playing a conversation: "燕麦色好看还是黑色好看" got "没太明白",
    // and "我皮肤黑" after it was handed to a person.
    let mut c = Conv::shipped().on_page("p-1004");
    // `杏色显黑吗` got "没太明白" too.
    for ask in [
        "燕麦色好看还是黑色好看",
        "我皮肤黑",
        "哪个颜色显白",
        "杏色显黑吗",
    ] {
        let (text, keys) = reply(&c.buyer(ask)).expect("a reply");
        assert_eq!(keys, ["recommend"], "{ask}: {text}");
        assert!(text.contains("黑色、藏青色、燕麦色"), "{ask}: {text}");
    }
}

#[test]
fn a_payment_risk_warning_is_explained_not_misunderstood() {
    // Found playing a conversation: "提示风险" after "付不了款" got "没太明白".
    let mut c = Conv::shipped().on_page("p-1002");
    c.order("o-1", OrderStatus::Created, &[("p-1002", "黑色 M")]);
    c.ask("付不了款");
    let (text, keys) = reply(&c.buyer("提示风险")).expect("a reply");
    assert_eq!(keys, ["payment"]);
    assert!(text.contains("安全"), "{text}");
}

#[test]
fn packing_questions_are_answered_with_the_shops_own_words() {
    // Found playing a conversation: "有礼盒吗" and "能写贺卡吗" got
    // "没太明白", "包装好吗 会不会压坏" a promise about quality.
    let mut c = Conv::shipped().on_page("p-1008");
    let packaging = c.scripts.shop.packaging.clone().expect("the shop says");
    let (text, keys) = reply(&c.buyer("有礼盒吗")).expect("a reply");
    assert_eq!(keys, ["shipping"]);
    assert!(text.contains(&packaging), "{text}");
    // Asked again at once: the same answer in fewer words, not the
    // shipping times.
    let (text, keys) = reply(&c.buyer("能写贺卡吗")).expect("a reply");
    assert_eq!(keys, ["shipping"]);
    assert!(text.contains(&packaging), "{text}");
    let (_, keys) = reply(&c.buyer("包装好吗 会不会压坏")).expect("a reply");
    assert_eq!(keys, ["shipping"]);
}

#[test]
fn the_choice_made_is_answered_like_going_to_order() {
    // "就这个吧" used to get the item's selling points again, and
    // "那我拍这个了" "没太明白".
    for ask in ["好的 那就这个吧", "那我拍这个了", "就要这个了"] {
        let mut c = Conv::shipped().on_page("p-1005");
        let d = c.buyer(ask);
        assert_eq!(reply_keys(&d), ["payment"], "{ask}: {:?}", d.actions);
        let text = reply(&d).unwrap().0;
        assert!(
            text.contains("拍下") || text.contains("下单"),
            "{ask}: {text}"
        );
    }
}

#[test]
fn a_material_question_is_answered_with_the_items_label() {
    let mut c = Conv::shipped().on_page("p-1001");
    let text = c.ask("是纯棉的吗").expect("a reply");
    assert!(text.contains("65%棉、35%聚酯纤维"), "{text}");
    // An item without `material` gets its selling points, as before.
    let mut scripts = crate::script::load_embedded();
    for item in &mut scripts.catalog.items {
        item.material = None;
    }
    let mut c = Conv::on(scripts).on_page("p-1001");
    let text = c.ask("什么面料").expect("a reply");
    assert!(text.contains("380g重磅加绒面料"), "{text}");
}

#[test]
fn asking_whether_it_is_some_fibre_is_answered_with_the_label_not_the_selling_points() {
    // `是羊绒的吗` got the selling points, which leave the question open.
    for (page, ask, label) in [
        ("p-1001", "是羊绒的吗", "65%棉、35%聚酯纤维"),
        ("p-1008", "含羊毛吗", "30%羊毛、70%腈纶"),
        ("p-1009", "是真皮吗", "超纤皮革"),
        ("p-1003", "是鸭绒吗", "90%白鸭绒"),
    ] {
        let mut c = Conv::shipped().on_page(page);
        let text = c.ask(ask).expect("a reply");
        assert!(text.contains(label), "{ask}: {text}");
    }
    // The fibre in an item's name is the item, not a question about it.
    let mut c = Conv::shipped().on_page("p-1001");
    let text = c.ask("羊毛衫多少钱").expect("a reply");
    assert!(text.contains("259元"), "{text}");
    assert!(!text.contains("腈纶"), "{text}");
}

#[test]
fn a_warm_item_asked_about_summer_says_it_is_too_warm() {
    // `夏天能穿吗` on the fleece hoodie got its selling points (380g加绒),
    // which a buyer has to read as "no" herself.
    for page in ["p-1001", "p-1002", "p-1006", "p-1008"] {
        let mut c = Conv::shipped().on_page(page);
        let text = c.ask("夏天能穿吗").expect("a reply");
        assert!(text.contains("热"), "{page}: {text}");
    }
    let mut c = Conv::shipped().on_page("p-1007");
    let text = c.ask("夏天能穿吗").expect("a reply");
    assert!(text.contains("夏天穿着不闷"), "{text}");
}

#[test]
fn two_questions_of_one_intent_get_two_parts() {
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("有什么颜色 多少钱");
    assert_eq!(
        reply_keys(&d),
        ["product_info", "product_info"],
        "{:?}",
        d.actions
    );
    let text = reply(&d).unwrap().0;
    assert!(text.contains("129元") && text.contains("燕麦色"), "{text}");
    let text = c.ask("发什么快递 几天能到").unwrap();
    assert!(text.contains("中通") && text.contains("次日到"), "{text}");
    // One question, one part, as before.
    let d = c.buyer("几天能到");
    assert_eq!(reply_keys(&d), ["shipping"], "{:?}", d.actions);
}

#[test]
fn two_questions_of_one_intent_are_answered_in_the_order_asked() {
    for (asked, first, second) in [
        ("有什么颜色 多少钱", "燕麦色", "129元"),
        ("多少钱 有什么颜色", "129元", "燕麦色"),
    ] {
        let mut c = Conv::shipped().on_page("p-1001");
        let text = c.ask(asked).unwrap();
        let (a, b) = (text.find(first), text.find(second));
        assert!(a.is_some() && b.is_some() && a < b, "{asked}: {text}");
    }
    for (asked, first, second) in [
        ("发什么快递 几天能到", "中通", "次日到"),
        ("几天能到 发什么快递", "次日到", "中通"),
    ] {
        let mut c = Conv::shipped();
        let text = c.ask(asked).unwrap();
        let (a, b) = (text.find(first), text.find(second));
        assert!(a.is_some() && b.is_some() && a < b, "{asked}: {text}");
    }
}

#[test]
fn a_worked_out_answer_is_not_split_into_two_parts() {
    // `两件一共多少钱` with a colour question: the price is worked out for
    // the message as a whole, and the colour set is not added beside it.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("两件一共多少钱 有什么颜色");
    let keys = reply_keys(&d);
    assert_eq!(keys.len(), 1, "{:?}", d.actions);
    assert!(keys[0].starts_with("price_"), "{keys:?}");
}

#[test]
fn two_intents_coming_to_one_situation_say_it_once() {
    // A size question and an item question, no item in talk: both ask
    // which item, and "您问的是哪一款呢" twice in one reply reads broken.
    let mut c = Conv::shipped();
    let d = c.buyer("男生一般用大号还是小号的呢");
    assert_eq!(reply_keys(&d), ["which_item"], "{:?}", d.actions);
}

#[test]
fn the_shipped_pack_answers_questions_in_the_order_asked() {
    let mut c = Conv::shipped().on_page("p-1001");
    let shop = c.scripts.shop.clone();
    let free = shop
        .free_shipping
        .expect("the shipped shop says where it ships free");
    let delivery = shop
        .delivery_time
        .expect("the shipped shop says how long parcels take");
    // Three questions typed in a row: the price, free shipping and the
    // delivery time, each answered, in the order asked. 包邮 and 几天到 are
    // two questions of one intent; the price ranks under them.
    let d = c.buyer("多少钱 包邮吗 几天到");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["product_info", "shipping", "shipping"], "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("129"), "{text}");
    assert!(lines[1].contains(&free), "{text}");
    assert!(lines[2].contains(&delivery), "{text}");
    // Asked the other way round, said the other way round.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("几天能到啊 运费多少");
    let (text, _) = reply(&d).expect("a reply");
    let (first, second) = text.split_once('\n').expect("two parts");
    assert!(
        first.contains(&delivery) && second.contains(&free),
        "{text}"
    );
}

#[test]
fn the_shipped_pack_says_where_parcels_leave_from() {
    let mut c = Conv::shipped();
    let d = c.buyer("你们从哪发货");
    let (text, keys) = reply(&d).expect("a reply");
    assert!(text.contains("杭州"), "{text}");
    assert_eq!(keys, ["item_faq"], "{text}");
}

#[test]
fn a_discount_asked_on_a_dear_item_offers_the_coupon_it_reaches() {
    // Found playing conversations: on the 499 coat the bot offered
    // 满199减20, where 满399减50 applies to one piece.
    let mut c = Conv::shipped().on_page("p-1003");
    let (text, _) = reply(&c.buyer("最低多少")).expect("a reply");
    assert!(text.contains("满399减50"), "{text}");
    // On a cheaper item, the shop's first coupon as before.
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, _) = reply(&c.buyer("能便宜点吗")).expect("a reply");
    assert!(text.contains("满199减20"), "{text}");
}

#[test]
fn a_price_offered_is_a_bargain() {
    // `100卖不卖` got "没太明白", and `110呢` after it a person.
    for ask in ["100卖不卖", "80块行吗", "两百出不出"] {
        let mut c = Conv::shipped().on_page("p-1001");
        assert_eq!(reply_keys(&c.buyer(ask)), ["bargain"], "{ask}");
    }
}
