//! Shipping questions answered for where the parcel goes (`destination`),
//! on the shipped pack: its shop file has regions for 江浙沪, the remote
//! provinces and the rest.

use super::*;

#[test]
fn a_shipping_question_naming_a_place_is_answered_for_its_region() {
    let mut c = Conv::shipped();
    let d = c.buyer("新疆包邮吗");
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("新疆不在包邮范围"), "{text}");
    assert!(text.contains("4-7天"), "{text}");
    // A city is read as its province.
    let text = c.ask("寄到杭州几天能到").unwrap();
    assert!(text.contains("杭州") && text.contains("次日"), "{text}");
    assert!(!text.contains("其他地区2-4天"), "{text}");
    assert_eq!(c.session().slots.place.as_deref(), Some("杭州"));
}

#[test]
fn a_place_alone_right_after_a_shipping_question_asks_it_for_there() {
    let mut c = Conv::shipped();
    c.buyer("几天能到");
    let d = c.buyer("我在上海");
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("次日"), "{:?}", d.actions);
    let text = c.ask("那乌鲁木齐呢").unwrap();
    assert!(
        text.contains("乌鲁木齐") && text.contains("4-7天"),
        "{text}"
    );
    // Not after another question: a place alone then is no shipping question.
    let mut c = Conv::shipped();
    c.buyer("有黑色的吗");
    let d = c.buyer("我在上海");
    assert!(
        !reply_keys(&d).contains(&"shipping_place".into()),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_place_said_once_answers_a_later_fee_question_not_a_dispatch_question() {
    let mut c = Conv::shipped();
    c.buyer("几天能到");
    c.buyer("我是西藏的");
    let text = c.ask("包邮吗").unwrap();
    assert!(
        text.contains("西藏") && text.contains("不在包邮范围"),
        "{text}"
    );
    // "今天能发吗" is answered by the cut-off, wherever the buyer is, even
    // when the message names the place.
    let d = c.buyer("今天能发吗 我在广州");
    assert_eq!(reply_keys(&d), ["shipping"], "{:?}", d.actions);
}

#[test]
fn after_payment_the_fee_is_not_mentioned() {
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let text = c.ask("发到新疆要几天").unwrap();
    assert!(text.contains("4-7天"), "{text}");
    assert!(!text.contains("运费"), "{text}");
}

#[test]
fn the_shop_wide_answer_stays_where_no_region_says() {
    // The shop's own dispatch place is not the buyer's.
    let mut c = Conv::shipped();
    let d = c.buyer("你们从广州发货吗");
    assert!(
        !reply_keys(&d).contains(&"shipping_place".into()),
        "{:?}",
        d.actions
    );
    assert_eq!(c.session().slots.place, None);
    // A pack without regions answers as before.
    let mut scripts = crate::script::load_embedded();
    scripts.shop.regions.clear();
    let mut c = Conv::on(scripts);
    let d = c.buyer("新疆包邮吗");
    assert_eq!(reply_keys(&d), ["shipping"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("偏远"), "{:?}", d.actions);
}

#[test]
fn a_question_the_place_does_not_answer_is_answered_beside_it() {
    // Before, the place's delivery time answered the whole message and
    // `发什么快递` went unanswered.
    let mut c = Conv::shipped();
    c.buyer("新疆包邮吗");
    let d = c.buyer("几天能到 发什么快递");
    assert_eq!(
        reply_keys(&d),
        ["shipping_place", "shipping"],
        "{:?}",
        d.actions
    );
    let text = reply(&d).unwrap().0;
    assert!(text.contains("4-7天") && text.contains("中通"), "{text}");
    // The place named in the same message, the same.
    let mut c = Conv::shipped();
    let text = c.ask("寄到杭州几天到 发什么快递").unwrap();
    assert!(text.contains("杭州") && text.contains("中通"), "{text}");
    // A question the place does answer is not said a second time in the
    // shop-wide words: the fee for 新疆, not 全国包邮.
    let mut c = Conv::shipped();
    c.buyer("我在新疆 几天能到");
    let d = c.buyer("包邮吗 几天能到");
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
}

#[test]
fn how_long_delivery_takes_is_a_shipping_question_not_a_parcel_to_trace() {
    // `到货`, `配送` and `物流` are also the words of a parcel gone astray,
    // and these went to a person before anything was bought.
    for question in ["几天到货", "一般多久到货", "配送要几天", "你们家物流快吗"]
    {
        let mut c = Conv::shipped().on_page("p-1001");
        let d = c.buyer(question);
        assert_eq!(transfer(&d), None, "{question}");
        let text = reply(&d).expect("a reply").0;
        assert!(text.contains("2-4天"), "{question}: {text}");
    }
    let mut c = Conv::shipped();
    let text = c.ask("发什么物流").expect("a reply");
    assert!(text.contains("中通"), "{text}");
    // A parcel that is late is still a person's matter.
    for report in ["快递到哪了", "物流信息一直不更新"] {
        let mut c = Conv::shipped();
        assert_eq!(
            transfer(&c.buyer(report)).as_deref(),
            Some("logistics"),
            "{report}"
        );
    }
}

#[test]
fn arriving_by_tomorrow_somewhere_is_answered_for_that_place() {
    // `今天下单明天能到北京不` got the shop-wide delivery times.
    let mut c = Conv::shipped();
    let d = c.buyer("今天下单明天能到北京不");
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("北京"), "{:?}", d.actions);
}

#[test]
fn a_city_ending_in_du_is_a_place_not_days_waited() {
    // `寄到成都几天` went to a person: `都几天` read as "it has been days".
    let mut c = Conv::shipped();
    let d = c.buyer("寄到成都几天");
    assert_eq!(transfer(&d), None, "{:?}", d.actions);
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
    // Days waited still are.
    let d = c.buyer("都三天了还没发货");
    assert_eq!(
        transfer(&d).as_deref(),
        Some("logistics"),
        "{:?}",
        d.actions
    );
}

#[test]
fn the_day_asked_for_is_the_day_after_the_cut_off_at_night() {
    // At 23:30 `明天能到上海吗` heard "一般发货后次日就到", a yes; it
    // leaves tomorrow. The reply now says when it leaves.
    let mut c = Conv::shipped().on_page("p-1007");
    c.ctx.now = 1_795_363_200 + 23 * 3600 + 30 * 60;
    let text = c.ask("t恤明天能到上海吗").expect("a reply");
    assert!(text.contains("明天发出"), "{text}");
    // `几号能到` asks a day, not a size.
    let mut c = Conv::shipped().on_page("p-1001");
    c.order("o-1", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("大概几号能到 我在成都");
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
}

#[test]
fn a_question_typed_apart_in_traditional_characters_is_answered_too() {
    // `請問這件衛衣有XL嗎 寄到台灣要多久` answered Taiwan's shipping only:
    // `嗎` did not make the first clause a question.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("請問這件衛衣有XL嗎 寄到台灣要多久");
    let keys = reply_keys(&d);
    assert!(keys.iter().any(|k| k.starts_with("stock")), "{keys:?}");
    assert!(keys.iter().any(|k| k.starts_with("shipping")), "{keys:?}");
}

#[test]
fn a_place_the_parcel_goes_to_is_not_asked_of_the_item() {
    // The short coat answers `哈尔滨` about the cold there. Sent to Harbin,
    // the buyer asks about delivery: before, "短款更适合南方冬天…更推荐中长
    // 款" came first, to a buyer who had chosen the coat.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("多久能到 寄到哈尔滨");
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("哈尔滨"));
    // Living there and asking about the coat is still the cold's answer,
    // and only that: "这个…吗" is the question it answers, not a second one
    // to recite the selling points for.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("我在哈尔滨 这个够暖吗");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("中长款"), "{:?}", d.actions);
}
