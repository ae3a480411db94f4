//! The shop's answers to questions about one item (`[[item]] faq`): they
//! answer on that item's page, before the rules' readings, and a pack
//! without an `item_faq` set still answers through the entry's intent.

use super::*;

const FAQ: &str = r#"
[[item.faq]]
ask = ["起球", "掉毛"]
say = "亲,这款做过抗起球处理,正常穿着不易起球哦~"

[[item.faq]]
ask = ["扎不扎"]
say = "亲,内里是加绒的,贴身穿也不扎哦~"
"#;

const FAQ_REPLY: &str = "\n[[reply]]\nintent = \"item_faq\"\ntexts = [\"{faq}\"]\n";

/// The test pack with the faq under the hoodie (p-1), and with or without
/// the `item_faq` reply set.
fn with_faq(reply_set: bool) -> Conv {
    let anchor = "similar = [\"p-2\"]\n";
    assert!(PACK.contains(anchor), "the test pack's hoodie changed");
    let mut pack = PACK.replacen(anchor, &format!("{anchor}{FAQ}"), 1);
    if reply_set {
        pack.push_str(FAQ_REPLY);
    }
    Conv::on(load_sources(&[("t.toml".into(), pack)]).expect("pack loads"))
}

#[test]
fn on_the_items_page_its_faq_answers_the_question() {
    let mut c = with_faq(true).on_page("p-1");
    let d = c.buyer("这件会起球吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["item_faq"]);
    assert_eq!(text, "亲,这款做过抗起球处理,正常穿着不易起球哦~");
}

#[test]
fn a_second_question_is_answered_after_the_faq() {
    let mut c = with_faq(true).on_page("p-1");
    let d = c.buyer("掉毛吗?什么时候发货");
    assert_eq!(reply_keys(&d), ["item_faq", "shipping"]);
}

#[test]
fn two_of_the_items_questions_in_one_message_are_both_answered_in_the_order_asked() {
    // Before, the entry first in the file answered and the other question
    // went unanswered.
    let pill = "亲,这款做过抗起球处理,正常穿着不易起球哦~";
    let itch = "亲,内里是加绒的,贴身穿也不扎哦~";
    for (question, first, second) in [
        ("会起球吗 扎不扎", pill, itch),
        ("扎不扎 会起球吗", itch, pill),
    ] {
        let mut c = with_faq(true).on_page("p-1");
        let d = c.buyer(question);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["item_faq"], "{question}");
        assert_eq!(text, format!("{first}\n{second}"), "{question}");
        // Asked again, the answer is not said again word for word.
        let again = c.ask(question);
        assert_ne!(again.as_deref(), Some(text.as_str()), "{question}");
    }
    // One entry's two words are one question.
    let mut c = with_faq(true).on_page("p-1");
    let text = c.ask("起球掉毛吗").expect("a reply");
    assert_eq!(text, pill);
}

#[test]
fn a_question_typed_after_a_space_is_a_clause_of_its_own() {
    // Normalising takes the spaces out, and `我160 100斤穿什么码 会不会起
    // 球` used to be one clause with the faq's words in it: the size
    // question was read as the same question and left unanswered.
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("你好这个毛衣有米白色吗 我160 100斤穿什么码 会不会起球");
    let keys = reply_keys(&d);
    assert!(keys.contains(&"item_faq".into()), "{keys:?}");
    assert!(keys.contains(&"size_result".into()), "{keys:?}");
    // In the faq's own clause another intent's words are still the same
    // question.
    let mut c = with_faq(true).on_page("p-1");
    assert_eq!(reply_keys(&c.buyer("这件 会起球吗")), ["item_faq"]);
}

#[test]
fn words_the_rules_do_not_know_are_answered_not_asked_again() {
    let mut c = with_faq(true).on_page("p-1");
    let d = c.buyer("扎不扎");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["item_faq"]);
    assert!(text.contains("不扎"), "{text}");
    assert_eq!(c.session().unknown_streak, 0);
}

#[test]
fn another_items_page_or_none_does_not_get_the_answer() {
    for page in [Some("p-2"), None] {
        let mut c = with_faq(true);
        if let Some(page) = page {
            c = c.on_page(page);
        }
        let d = c.buyer("会起球吗");
        assert!(
            !reply_keys(&d).iter().any(|k| k == "item_faq"),
            "{page:?}: {:?}",
            d.actions
        );
    }
}

#[test]
fn without_an_item_faq_set_the_entrys_intent_answers() {
    let mut c = with_faq(false).on_page("p-1");
    let d = c.buyer("扎不扎");
    let (text, keys) = reply(&d).expect("a reply");
    // product_info, the entry's intent when it names none.
    assert_eq!(keys, ["product_info"]);
    assert!(
        text.contains("加绒连帽卫衣") || text.contains("面料"),
        "{text}"
    );
}

#[test]
fn the_shipped_pack_answers_an_items_own_questions() {
    let mut c = Conv::shipped().on_page("p-1008");
    let sweater = c.scripts.catalog.item("p-1008").expect("the sweater");
    let asked = sweater.faqs_for("扎不扎");
    let faq = asked.first().expect("the sweater says whether it itches");
    let say = faq.say.clone();
    let d = c.buyer("这个毛衣扎不扎");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["item_faq"]);
    assert_eq!(text, say);
}

#[test]
fn a_faq_answer_given_as_a_recommendation_replaces_the_recommendation() {
    // On the short coat, "东北穿的" recommends the long one (intent =
    // "recommend"): the generic recommendation would contradict it.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("我想买件羽绒服 东北穿的");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["item_faq"], "{text}");
    assert!(text.contains("中长款"), "{text}");
}

#[test]
fn the_same_question_again_at_once_stands_by_the_answer() {
    let mut c = Conv::shipped().on_page("p-1003");
    let first = reply(&c.buyer("冷不冷")).expect("the answer");
    assert_eq!(first.1, ["item_faq"]);
    let (text, keys) = reply(&c.buyer("冷不冷啊")).expect("a reply");
    // Not the answer word for word, and not the item's selling points,
    // which say nothing about warmth.
    assert_eq!(keys, ["item_faq_again"]);
    assert_ne!(text, first.0);
    assert!(text.contains("上面"), "{text}");
    // A pack without the set falls back to the entry's intent, as before.
    let mut c = with_faq(true).on_page("p-1");
    c.buyer("会起球吗");
    assert_eq!(reply_keys(&c.buyer("起球吗")), ["product_info"]);
}

#[test]
fn other_readings_of_the_faqs_own_clause_are_not_answered_beside_it() {
    // "能穿吗" in "零下十度能穿吗" is no size question: the down jacket's own
    // answer about the cold is the whole reply.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("零下十度能穿吗");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
    // A second question in a clause of its own is still answered, with
    // punctuation or with only its question particle to end the first.
    for ask in ["会掉毛吗?什么时候发货", "会掉毛吗什么时候发货"] {
        let mut c = Conv::shipped().on_page("p-1003");
        let d = c.buyer(ask);
        assert_eq!(reply_keys(&d), ["item_faq", "shipping"], "{ask}");
    }
}

#[test]
fn the_sweater_says_how_to_wash_it() {
    let mut c = Conv::shipped().on_page("p-1008");
    let (text, keys) = reply(&c.buyer("可以机洗吗")).expect("a reply");
    assert_eq!(keys, ["item_faq"]);
    assert!(text.contains("平铺晾干"), "{text}");
}

#[test]
fn the_canvas_shoes_answer_how_to_keep_them_white() {
    // Found playing a conversation: "小白鞋会不会黄" got "没太明白" and
    // "怎么清洗" went to a person.
    let mut c = Conv::shipped().on_page("p-1010");
    let (text, keys) = reply(&c.buyer("小白鞋会不会黄")).expect("a reply");
    assert_eq!(keys, ["item_faq"]);
    assert!(text.contains("发黄"), "{text}");
    let (text, _) = reply(&c.buyer("会不会磨后跟")).expect("a reply");
    assert!(text.contains("后跟"), "{text}");
}

#[test]
fn whether_men_can_wear_it_is_the_items_own_answer_but_who_it_is_for_is_no_question() {
    // Found playing a conversation: "男生穿可以吗" on the crew sweatshirt got
    // "没太明白", and "我男朋友平时穿42" on the canvas shoes got the unisex
    // answer instead of the size.
    let mut c = Conv::shipped().on_page("p-1002");
    let (text, keys) = reply(&c.buyer("男生穿可以吗")).expect("a reply");
    assert_eq!(keys, ["item_faq"]);
    assert!(text.contains("男女同款"), "{text}");
    // The jeans are cut for women, and say so.
    let mut c = Conv::shipped().on_page("p-1005");
    let (text, _) = reply(&c.buyer("男生能穿吗")).expect("a reply");
    assert!(text.contains("女款"), "{text}");
    let mut c = Conv::shipped().on_page("p-1010");
    let (text, keys) = reply(&c.buyer("我男朋友平时穿42")).expect("a reply");
    assert_eq!(keys, ["size_from_tip"], "{text}");
    assert!(text.contains("42"), "{text}");
}

#[test]
fn the_answer_asked_again_with_a_height_gives_way_to_the_size() {
    // Found playing a conversation: the down coat's length answer asks for
    // height and weight; "我155会不会太长" then got "就是上面说的情况哦".
    let mut c = Conv::shipped().on_page("p-1004");
    assert_eq!(reply_keys(&c.buyer("这个中长款多长")), ["item_faq"]);
    let d = c.buyer("我155会不会太长");
    assert_eq!(c.session().slots.height_cm, Some(155));
    assert_ne!(reply_keys(&d), ["item_faq_again"]);
    assert!(
        reply_keys(&d).iter().any(|k| k.starts_with("size")),
        "{:?}",
        reply_keys(&d)
    );
    // Without a measurement the answer stands, as before.
    let mut c = Conv::shipped().on_page("p-1004");
    c.buyer("这个中长款多长");
    assert_eq!(reply_keys(&c.buyer("会不会太长")), ["item_faq_again"]);
}

#[test]
fn the_shops_own_faq_answers_questions_about_the_shop() {
    // No item in talk: `有实体店吗` would have been read as a price
    // comparison (实体店 is a cheaper_elsewhere word).
    let mut c = Conv::shipped();
    let d = c.buyer("你们有实体店吗");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
    assert!(
        reply(&d).unwrap().0.contains("暂时没有线下实体店"),
        "{:?}",
        d.actions
    );
    // A comparison that only mentions one is still a comparison.
    let d = c.buyer("实体店比你们便宜多了");
    assert_eq!(reply_keys(&d), ["cheaper_elsewhere"], "{:?}", d.actions);
    // The entry's intent leads the reply: a return question on a product page.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("退货运费谁出");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("运费险"), "{:?}", d.actions);
    assert_eq!(c.session().topic, ["return_refund"]);
}

#[test]
fn the_items_own_faq_comes_before_the_shops() {
    // The shipped pack with a shop-wide answer to 起球 as well.
    let with_shop_answer = || {
        let mut scripts = crate::script::load_embedded();
        let mut entries = scripts.shop.faq.entries().to_vec();
        entries.push(crate::script::Faq {
            ask: vec!["起球".into()],
            asked_at: Vec::new(),
            say: "店铺的统一说法".into(),
            intent: "product_info".into(),
        });
        scripts.shop.faq = crate::script::FaqBook::new(entries);
        Conv::on(scripts)
    };
    let mut c = with_shop_answer().on_page("p-1001");
    let text = c.ask("会起球吗").unwrap();
    assert!(text.contains("抗起球处理"), "{text}");
    // With no item in talk, the shop's.
    let mut c = with_shop_answer();
    assert_eq!(c.ask("会起球吗").as_deref(), Some("店铺的统一说法"));
}

#[test]
fn washing_and_fading_without_the_items_own_answer_get_the_packs_general_words() {
    // The joggers have no answer of their own for either: `掉色吗` got
    // "所售都是正品…色差", `怎么洗` the selling points.
    let mut c = Conv::shipped().on_page("p-1006");
    let text = c.ask("这个裤子掉色吗").expect("a reply");
    assert!(text.contains("浮色") || text.contains("冷水洗"), "{text}");
    assert!(!text.contains("正品"), "{text}");
    let text = c.ask("怎么洗").expect("a reply");
    assert!(text.contains("洗标"), "{text}");
    // Pilling is not washing.
    let text = c.ask("会不会起球").expect("a reply");
    assert!(!text.contains("洗标"), "{text}");
    // The item's own answer comes first where it has one.
    let mut c = Conv::shipped().on_page("p-1005");
    let text = c.ask("会掉色吗").expect("a reply");
    assert!(text.contains("固色处理"), "{text}");
}

#[test]
fn the_shop_answers_what_buyers_asked_in_their_own_words() {
    // Each got "没太明白" or a person; the shop's answer has the words now.
    for (page, ask, said) in [
        (None, "质量有问题能退吗", "运费由我们承担"),
        (None, "你们从哪发货", "杭州"),
        (None, "我在国外 美国能寄吗", "只发国内"),
        (Some("p-1009"), "走路多会累吗", "不累脚"),
        (Some("p-1005"), "我大腿比较粗[捂脸]", "大腿有肉"),
        // `好评返现吗` got the coupons; the platform does not allow it.
        (None, "好评返现吗", "不做好评返现"),
        (Some("p-1001"), "晒图有返现吗", "不做好评返现"),
        // `运费险怎么理赔` got "下单就送运费险" and "在订单里申请".
        (None, "运费险怎么理赔", "自动理赔"),
        // `有没有买家秀` got "所售都是正品".
        (Some("p-1001"), "有没有买家秀", "有图/视频"),
        (Some("p-1003"), "有视频吗", "视频"),
        // `能送到宿舍吗` got the gift and coupon (`送`), `能送货上门吗` and
        // `放菜鸟驿站可以吗` a person (logistics, a parcel astray).
        (Some("p-1003"), "能送到宿舍吗", "按您填写的地址派送"),
        (Some("p-1003"), "能送货上门吗", "按您填写的地址派送"),
        (None, "放菜鸟驿站可以吗", "按您填写的地址派送"),
        // `可以试穿吗` got "没太明白"; `啥时候上新` the hoodie's stock;
        // `能不能先看看实物` screen colours and "不着急,考虑好随时找我".
        (Some("p-1001"), "可以试穿吗", "没办法先试穿"),
        (Some("p-1001"), "啥时候上新", "收藏店铺"),
        (Some("p-1001"), "能不能先看看实物", "实拍图"),
        // `会不会勒肚子`, `有没有九分的` got "没太明白"; `什么时候退款` the
        // seven-day rule.
        (Some("p-1005"), "会不会勒肚子", "不勒肚子"),
        (Some("p-1005"), "有没有九分的", "常规长度"),
        (None, "什么时候退款", "原路退回"),
        (None, "衣服有线头", "剪掉"),
        (Some("p-1009"), "能刻字吗", "不提供"),
        (None, "可以定制logo吗", "不提供"),
        // `快递到农村能送到吗` got the coupons (`能送`); a village is a
        // place the parcel goes, not a word the shop answers on its own.
        (Some("p-1004"), "快递到农村能送到吗", "农村也能发"),
        (None, "我在乡下 能收到吗", "农村也能发"),
        (None, "能送到村里吗", "农村也能发"),
        (None, "我是农村的 能便宜点吗", "价格"),
        // `颜色哪个显年轻` got the selling points.
        (Some("p-1004"), "颜色哪个显年轻", "深色"),
        (Some("p-1004"), "哪个颜色显年轻", "深色"),
        // `洗了会缩吗` on the T-shirt got its selling points; `有没有大码的`
        // "发下身高体重" beside a colour nobody asked about.
        (Some("p-1007"), "洗了会缩吗", "缩水"),
        (Some("p-1007"), "缩不缩", "缩水"),
        (Some("p-1007"), "有没有大码的", "XXL码有货"),
    ] {
        let mut c = Conv::shipped();
        if let Some(page) = page {
            c = c.on_page(page);
        }
        let d = c.buyer(ask);
        assert_eq!(transfer(&d), None, "{ask}: {:?}", d.actions);
        let (text, _) = reply(&d).expect("an answer");
        assert!(text.contains(said), "{ask}: {text}");
    }
}

#[test]
fn a_parcel_gone_astray_goes_to_a_person_though_the_shop_answers_some_words() {
    // `放丰巢` is a word of the delivery answer; `没收到` is not.
    let mut c = Conv::shipped().on_page("p-1003");
    c.order("o-1", OrderStatus::Shipped, &[("p-1003", "黑色 M")]);
    let d = c.buyer("放丰巢了没收到");
    assert_eq!(
        transfer(&d).as_deref(),
        Some("logistics"),
        "{:?}",
        d.actions
    );
}

#[test]
fn the_ways_buyers_ask_for_itch_warmth_and_a_man_are_the_items_answers() {
    // Found playing whole flows: `会不会扎 我皮肤敏感` and `我在北京 够暖吗`
    // got "没太明白"; `给我男朋友买 他腰围2尺6` got a size for the women's
    // jeans with no word that they do not suit men.
    for (page, question, answer) in [
        ("p-1008", "会不会扎 我皮肤敏感", "不扎"),
        ("p-1003", "我在北京 够暖吗", "保暖"),
        ("p-1005", "给我男朋友买 他腰围2尺6 穿几码", "女款"),
    ] {
        let mut c = Conv::shipped().on_page(page);
        let (text, _) = reply(&c.buyer(question)).expect("a reply");
        assert!(text.contains(answer), "{question}: {text}");
    }
}

#[test]
fn a_present_without_its_price_is_answered_with_the_packaging() {
    // Found playing a buyer: `有没有小票 我不想让她知道价格` got "没太明白";
    // the shop's packaging line says the price list can be left out.
    let mut c = Conv::shipped().on_page("p-1008");
    let text = c.ask("有没有小票 我不想让她知道价格").expect("a reply");
    assert!(text.contains("不放价格单"), "{text}");
}

#[test]
fn the_long_down_coat_answers_whether_down_leaks() {
    // Before: its selling points, the question unanswered.
    let mut c = Conv::shipped().on_page("p-1004");
    let text = c.ask("质量怎么样 会不会跑绒").unwrap();
    assert!(text.contains("防钻绒"), "{text}");
}

#[test]
fn the_sweater_says_it_is_cut_for_women() {
    // Before: its stock and "发一下身高体重", as if it fitted anyone.
    let mut c = Conv::shipped().on_page("p-1008");
    let text = c.ask("男的能穿吗").unwrap();
    assert!(text.contains("女款版型"), "{text}");
}

#[test]
fn each_item_answers_the_common_questions_of_its_kind() {
    // Found asking each item what buyers ask of its kind: before, each got
    // the item's selling points or price, the sizes in stock, "没太明白" or
    // the general "做工您放心".
    for (page, question, answer) in [
        ("p-1003", "是今年新款吗", "这季的款"),
        ("p-1003", "模特穿的什么码", "详情页"),
        ("p-1003", "羽绒会不会钻出来", "防钻绒"),
        ("p-1003", "洗了会不会结块", "拍打蓬松"),
        ("p-1006", "卫裤会不会起球", "抗起球"),
        ("p-1006", "裤脚是松紧的吗", "罗纹收口"),
        ("p-1006", "我腿粗能穿吗", "余量"),
        ("p-1006", "冬天穿冷不冷", "加绒款"),
        ("p-1002", "领口会不会变形", "螺纹收口"),
        ("p-1002", "是套头的吗", "没有帽子"),
        ("p-1007", "会不会起球", "精梳纯棉"),
        ("p-1007", "厚不厚", "230g"),
        ("p-1008", "领口大吗", "常规圆领"),
        ("p-1008", "厚不厚", "厚薄适中"),
        ("p-1009", "重不重", "很轻"),
        ("p-1009", "冬天穿冷吗", "透风"),
        ("p-1010", "鞋底软吗", "硫化橡胶底"),
        ("p-1010", "会不会开胶", "硫化工艺"),
        ("p-1010", "是帆布的吗", "鞋面是帆布"),
    ] {
        let mut c = Conv::shipped().on_page(page);
        let text = c.ask(question).expect("a reply");
        assert!(text.contains(answer), "{page} {question}: {text}");
    }
}

#[test]
fn a_kind_worn_with_the_item_is_asked_about_layering_not_whether_it_is_sold() {
    // Before: `里面能穿衬衫吗` got "小店暂时没有衬衫" (a shirt read as a
    // kind wished for).
    let mut c = Conv::shipped().on_page("p-1002");
    let text = c.ask("里面能穿衬衫吗").expect("a reply");
    assert!(text.contains("搭衬衫"), "{text}");
    // Its alias `套头卫衣` is no question about the hood.
    let mut c = Conv::shipped().on_page("p-1002");
    let text = c.ask("套头卫衣多少钱").expect("a reply");
    assert!(text.contains("99元"), "{text}");
    // A kind wished for to wear inside is still a wish.
    let mut c = Conv::shipped();
    let text = c.ask("想买件里面穿的毛衣").expect("a reply");
    assert!(text.contains("针织毛衣"), "{text}");
    let text = c.ask("有衬衫吗").expect("a reply");
    assert!(text.contains("暂时没有衬衫"), "{text}");
}

#[test]
fn whether_women_or_men_can_wear_it_is_answered_for_each_item() {
    // Before: the coats got "没太明白" for `男生穿好看吗`, and the unisex
    // items the sizes in stock for `女生能穿吗`.
    for (page, question, answer) in [
        ("p-1004", "男生穿好看吗", "男生女生都能穿"),
        ("p-1004", "你好 这个羽绒服女生穿好看吗", "女生穿显高挑"),
        ("p-1003", "女生能穿吗", "男生女生都能穿"),
        ("p-1001", "女生能穿吗", "男女同款"),
        ("p-1009", "女生能穿吗", "女生按平时穿的码"),
    ] {
        let mut c = Conv::shipped().on_page(page);
        let text = c.ask(question).expect("a reply");
        assert!(text.contains(answer), "{page} {question}: {text}");
    }
}
