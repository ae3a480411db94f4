//! Recommending by what the buyer wants (`recommend`), on the shipped
//! pack: its catalogue files the items under categories and needs.

use super::*;

#[test]
fn a_kind_of_goods_gets_the_items_of_that_kind() {
    let mut c = Conv::shipped();
    let d = c.buyer("我想买件外套");
    assert_eq!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert_eq!(named(&c, &text), ["p-1003", "p-1004"], "{text}");
    assert!(text.contains("499元"), "{text}");
    // Said of a kind sold as 鞋子, in the middle of the sentence.
    let mut c = Conv::shipped();
    let text = c.ask("想给男朋友买双鞋").unwrap();
    assert_eq!(named(&c, &text), ["p-1009", "p-1010"], "{text}");
}

#[test]
fn needs_and_a_budget_said_over_several_messages_narrow_the_pick() {
    let mut c = Conv::shipped();
    c.buyer("我想买件外套");
    // `保暖` is also the warmth question's word: with no item in talk the
    // bot used to ask which item.
    let d = c.buyer("要保暖的");
    assert_eq!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
    let d = c.buyer("预算500以内");
    let text = reply(&d).unwrap().0;
    assert_eq!(named(&c, &text), ["p-1003"], "{text}");
    assert!(text.contains("500元以内、保暖的外套"), "{text}");
    // The one item named is now the item in talk.
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1003"));
    let d = c.buyer("有L码吗");
    assert_eq!(reply_keys(&d), ["stock_yes"], "{:?}", d.actions);
}

#[test]
fn asking_for_others_gets_the_next_items_then_says_those_were_all() {
    let mut c = Conv::shipped();
    let first = c.ask("我想买件上衣").unwrap();
    let mut seen = named(&c, &first);
    assert_eq!(seen.len(), 2, "{first}");
    // Each answer names items not named before (a variant may name only
    // one), until every top in stock was named.
    for ask in ["还有其他的吗", "还有别的吗", "还有其他的吗"] {
        let d = c.buyer(ask);
        if reply_keys(&d) == ["recommend_no_more"] {
            break;
        }
        assert_eq!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
        let next = named(&c, &reply(&d).unwrap().0);
        assert!(
            !next.is_empty() && next.iter().all(|id| !seen.contains(id)),
            "{seen:?} {next:?}"
        );
        seen.extend(next);
    }
    seen.sort();
    assert_eq!(seen, ["p-1001", "p-1002", "p-1007", "p-1008"]);
    let d = c.buyer("还有别的吗");
    assert_eq!(reply_keys(&d), ["recommend_no_more"], "{:?}", d.actions);
}

#[test]
fn a_kind_the_shop_does_not_sell_is_said_plainly_with_what_it_sells() {
    let mut c = Conv::shipped();
    let d = c.buyer("想买条裙子");
    assert_eq!(reply_keys(&d), ["recommend_not_sold"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("没有裙子"), "{text}");
    let assortment = c.scripts.shop.assortment.clone().unwrap();
    assert!(text.contains(&assortment), "{text}");
    // Found playing conversations: each got "没太明白", and the second such
    // question in a row a person.
    for (ask, kind) in [
        ("有雪地靴吗", "靴子"),
        ("有童装吗 给我女儿买 8岁 130", "童装"),
        ("有没有羽绒背心", "背心"),
    ] {
        let mut c = Conv::shipped();
        let d = c.buyer(ask);
        assert_eq!(
            reply_keys(&d),
            ["recommend_not_sold"],
            "{ask}: {:?}",
            d.actions
        );
        assert!(
            reply(&d).unwrap().0.contains(kind),
            "{ask}: {:?}",
            d.actions
        );
        let d = c.buyer("马丁靴呢");
        assert_eq!(transfer(&d), None, "{ask}: {:?}", d.actions);
    }
}

#[test]
fn nothing_in_the_budget_names_the_cheapest_of_the_kind() {
    let mut c = Conv::shipped();
    let d = c.buyer("有没有200以内的外套");
    assert_eq!(reply_keys(&d), ["recommend_over_budget"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(
        text.contains("200元以内的外套") && text.contains("499元"),
        "{text}"
    );
}

#[test]
fn a_budget_alone_asks_which_kind_of_goods() {
    let mut c = Conv::shipped();
    let d = c.buyer("300左右的");
    assert_eq!(
        reply_keys(&d),
        ["recommend_which_category"],
        "{:?}",
        d.actions
    );
    // Then the kind is enough to pick, in that budget: the sweater at 259
    // is about 300, the shoes' 299 too; the hoodies at 99 and 129 are not.
    let text = c.ask("上衣").unwrap();
    assert_eq!(named(&c, &text), ["p-1008"], "{text}");
}

#[test]
fn a_cheaper_one_is_of_the_same_kind_as_the_item_in_talk() {
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("有没有便宜点的");
    assert!(
        reply_keys(&d).contains(&"recommend_pick".to_string()),
        "{:?}",
        d.actions
    );
    let text = reply(&d).unwrap().0;
    // The other hoodie, not the T-shirt, though that is a top and cheaper.
    assert_eq!(named(&c, &text), ["p-1002"], "{text}");
    let text = c.ask("有M码吗").unwrap();
    assert!(text.contains(&c.item("p-1002").name), "{text}");

    // The jeans are the only jeans: cheaper trousers, then.
    let mut c = Conv::shipped().on_page("p-1005");
    let text = c.ask("有没有便宜点的").unwrap();
    assert_eq!(named(&c, &text), ["p-1006"], "{text}");

    // Nothing is cheaper than the T-shirt: no other item, and not the
    // T-shirt recommended to itself; said of all the tops.
    let mut c = Conv::shipped().on_page("p-1007");
    let d = c.buyer("有没有便宜点的");
    assert!(
        reply_keys(&d).contains(&"recommend_none_cheaper".to_string()),
        "{:?}",
        d.actions
    );
    assert!(reply(&d).unwrap().0.contains("上衣"), "{:?}", d.actions);
}

#[test]
fn a_need_the_item_in_talk_does_not_meet_asks_for_another_item() {
    let mut c = Conv::shipped().on_page("p-1003");
    let text = c.ask("有没有长款的").unwrap();
    assert_eq!(named(&c, &text), ["p-1004"], "{text}");
    // One the item meets is a question about it, answered by its faq.
    let mut c = Conv::shipped().on_page("p-1006");
    let d = c.buyer("有没有加绒的");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
}

#[test]
fn another_kind_of_goods_asked_from_a_product_page_is_recommended() {
    // `保暖` is a faq word of the hoodie; the buyer asks for coats.
    let mut c = Conv::shipped().on_page("p-1001");
    let text = c.ask("有没有保暖的外套").unwrap();
    assert_eq!(named(&c, &text), ["p-1003", "p-1004"], "{text}");
    // Asked about the item itself, it is the item's answer.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("保暖吗");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
}

#[test]
fn a_word_inside_an_items_own_name_names_that_item_not_the_kind() {
    let mut c = Conv::shipped();
    let text = c.ask("我喜欢老爹鞋").unwrap();
    assert!(!text.contains(&c.item("p-1010").name), "{text}");
    assert!(text.contains(&c.item("p-1009").name), "{text}");
}

#[test]
fn a_need_refused_is_not_asked_for() {
    let c = Conv::shipped();
    assert!(c.scripts.catalog.needs_in("不要加绒的").is_empty());
    assert_eq!(c.scripts.catalog.needs_in("不要太厚 要保暖的"), ["保暖"]);
}

#[test]
fn a_pack_without_the_situation_says_the_intents_lines() {
    let mut c = Conv::shipped_without("recommend_pick");
    let d = c.buyer("我想买件外套");
    assert_eq!(reply_keys(&d), ["recommend"], "{:?}", d.actions);
}

#[test]
fn looking_at_another_kind_of_goods_ends_the_wish() {
    let mut c = Conv::shipped();
    c.buyer("我想买件外套");
    assert!(!c.session().slots.wish.is_empty());
    let mut c = c.on_page("p-1005");
    c.buyer("这条多少钱");
    assert!(
        c.session().slots.wish.is_empty(),
        "{:?}",
        c.session().slots.wish
    );
}

#[test]
fn a_hello_before_the_wish_is_answered_with_it() {
    let mut c = Conv::shipped();
    let d = c.buyer("你好 有裤子吗");
    assert_eq!(
        reply_keys(&d),
        ["greeting", "recommend_pick"],
        "{:?}",
        d.actions
    );
    let text = reply(&d).unwrap().0;
    assert_eq!(named(&c, &text), ["p-1005", "p-1006"], "{text}");
}

#[test]
fn a_need_word_in_passing_is_no_wish() {
    let mut c = Conv::shipped();
    let d = c.buyer("我在上班 晚点说");
    assert!(
        !reply_keys(&d).iter().any(|k| k.starts_with("recommend")),
        "{:?}",
        d.actions
    );
    let d = c.buyer("冬天穿的");
    assert_eq!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
}

#[test]
fn measurements_with_a_want_get_the_items_and_keep_the_measurements() {
    // It used to ask which item the measurements were for.
    let mut c = Conv::shipped();
    let d = c.buyer("我165 100斤 想要冬天穿的");
    // The picks, with the size the measurements give the first.
    assert!(
        reply_keys(&d)[0].starts_with("recommend_pick_size"),
        "{:?}",
        d.actions
    );
    assert_eq!(c.session().slots.height_cm, Some(165));
    // Then the kind picks one, whose size the measurements give.
    c.buyer("毛衣");
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1008"));
    let d = c.buyer("穿什么码");
    // Its M is sold out: the size above, with the chart's named.
    assert_eq!(reply_keys(&d)[0], "size_next_up", "{:?}", d.actions);
}

#[test]
fn a_place_in_a_region_the_catalogue_names_is_a_need_beside_a_wish() {
    // The long coat is good for 东北; 哈尔滨 lies there. Before, the
    // warmer coat asked from Harbin was the short one (first in the file).
    let mut c = Conv::shipped();
    c.buyer("有羽绒服吗");
    let text = c.ask("哪款暖和点 我在哈尔滨").expect("a reply");
    assert_eq!(named(&c, &text), ["p-1004"], "{text}");
    // A region is said as where it is worn.
    assert!(text.contains("东北穿的羽绒服"), "{text}");
    // A place alone is where the parcel goes, not a wish.
    let mut c = Conv::shipped();
    c.buyer("几天能到");
    let d = c.buyer("我在哈尔滨");
    assert_eq!(reply_keys(&d), ["shipping_place"], "{:?}", d.actions);
}

#[test]
fn a_recommendation_to_a_buyer_who_gave_measurements_names_the_size() {
    // `想给我妈买件毛衣 155 120斤` got the sweater and "帮您选尺码", leaving
    // the buyer to ask what the measurements she gave already tell.
    let mut c = Conv::shipped();
    let d = c.buyer("175 150斤 想买件保暖的外套");
    assert_eq!(reply_keys(&d), ["recommend_pick_sized"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("XL码"), "{text}");
    // The chart's size sold out is said to be, with the sizes in stock
    // beside it; the only item recommended is "这款", not named twice.
    let mut c = Conv::shipped();
    let d = c.buyer("想给我妈买件毛衣 她55岁 155 120斤");
    assert_eq!(
        reply_keys(&d),
        ["recommend_pick_size_out"],
        "{:?}",
        d.actions
    );
    let text = reply(&d).unwrap().0;
    assert!(text.contains("M码") && text.contains("售罄"), "{text}");
    assert!(text.contains("S、L码有货"), "{text}");
    assert_eq!(text.matches("针织毛衣").count(), 1, "{text}");
    // Without a height, a weight is a guess: no size.
    let mut c = Conv::shipped();
    let d = c.buyer("想买件保暖的外套 150斤");
    assert_eq!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
}

#[test]
fn of_two_items_meeting_the_wish_the_one_with_the_buyers_size_comes_first() {
    // 170 130斤 is L on the tops' chart: the hooded sweatshirt's L is sold
    // out, the crew-neck's is not. The hooded one came first (file order)
    // and was the one the size was said of.
    let mut c = Conv::shipped();
    let d = c.buyer("想买件卫衣 170 130斤");
    assert_eq!(reply_keys(&d), ["recommend_pick_sized"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    let crew = text.find("圆领加绒卫衣").expect("the crew-neck");
    let hooded = text.find("加绒连帽卫衣").expect("the hooded one");
    assert!(crew < hooded, "{text}");
    assert!(text.contains("L码"), "{text}");
    // Without measurements the file's order stands.
    let mut c = Conv::shipped();
    let text = c.ask("想买件卫衣").expect("a reply");
    assert!(
        text.find("加绒连帽卫衣") < text.find("圆领加绒卫衣"),
        "{text}"
    );
}

#[test]
fn an_item_named_and_asked_about_is_answered_not_recommended() {
    // After the short coat's answer recommending the long one (a topic of
    // recommending), `那中长款呢 多少钱` got "推荐您看看中长款…" and
    // `中长款XXL有吗` never heard that XXL is sold out.
    let mut c = Conv::shipped().on_page("p-1003");
    c.buyer("我在哈尔滨 这个冬天够穿吗");
    let d = c.buyer("那中长款呢 多少钱");
    assert_eq!(reply_keys(&d), ["product_info"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("699元"));
    let d = c.buyer("中长款XXL有吗");
    assert_eq!(reply_keys(&d), ["stock_no"], "{:?}", d.actions);
    // `短款羽绒服米白色容易脏吗`: the colour answer, not a pitch of the
    // coat the buyer is looking at.
    let mut c = Conv::shipped().on_page("p-1003");
    let text = c.ask("短款羽绒服米白色容易脏吗").expect("a reply");
    assert!(
        text.contains("浅色") && !text.contains("推荐您看看"),
        "{text}"
    );
    // A kind named is still a wish (`毛衣` is the sweater's alias too).
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("想给我妈买件毛衣");
    assert!(
        reply_keys(&d)[0].starts_with("recommend_pick"),
        "{:?}",
        d.actions
    );
}

#[test]
fn whether_the_item_suits_as_a_present_is_answered_for_it() {
    // Before, `这个送人合适吗` got "推荐您看看…" and "下单就送运费险": the 送
    // of giving read as the shop's free gift.
    let mut c = Conv::shipped().on_page("p-1001");
    for ask in ["这个送人合适吗", "送男朋友可以吗", "当礼物拿得出手吗"] {
        let d = c.buyer(ask);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["recommend"], "{ask}");
        assert!(
            text.contains("加绒连帽卫衣送人") || text.contains("拿加绒连帽卫衣送人"),
            "{ask}: {text}"
        );
        assert!(!text.contains("运费险"), "{ask}: {text}");
    }
    // Which one to give is still a request to be shown one.
    let text = c.ask("送女朋友 哪款好").unwrap();
    assert!(!text.contains("送人"), "{text}");
}

#[test]
fn whom_it_is_for_beside_a_question_only_explains_the_question() {
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("送女朋友的 能帮忙包装一下吗");
    assert_eq!(reply_keys(&d), ["shipping"], "{:?}", d.actions);
    let d = c.buyer("送人 有赠品吗");
    assert_eq!(reply_keys(&d), ["promotion"], "{:?}", d.actions);
    // Said alone, it is what the buyer wants help with.
    let d = c.buyer("送女朋友");
    assert_eq!(reply_keys(&d), ["recommend"], "{:?}", d.actions);
}

#[test]
fn measurements_after_two_picks_get_a_size_for_each() {
    // Before: "请问看中的是哪一款呢", asked of a buyer who had just been
    // offered two and answered "告诉我身高体重" as asked.
    let mut c = Conv::shipped();
    assert_eq!(c.item("p-1003").stock_of("M"), 0, "premise: M sold out");
    c.ask("想买件外套").unwrap();
    let d = c.buyer("160 110斤");
    assert_eq!(reply_keys(&d), ["size_for_picks"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("90白鸭绒短款羽绒服M码(暂时售罄)"), "{text}");
    assert!(text.contains("中长款连帽羽绒服M码"), "{text}");
    // A pack without the situation asks which one, as before.
    let mut c = Conv::shipped_without("size_for_picks");
    c.ask("想买件外套").unwrap();
    let d = c.buyer("160 110斤");
    assert_eq!(reply_keys(&d), ["size_need_item"], "{:?}", d.actions);
}

#[test]
fn whether_a_colour_shows_dirt_is_answered_about_dirt() {
    // Right after choosing between black and white, `白色容易脏吗` got the
    // other colour-advice variant: "肤色偏深的话…".
    let mut c = Conv::shipped().on_page("p-1002");
    c.ask("黑色的好看还是白色的好看").unwrap();
    let (text, keys) = reply(&c.buyer("白色容易脏吗")).expect("a reply");
    assert_eq!(keys, ["recommend"]);
    assert!(text.contains("显脏"), "{text}");
    assert!(!text.contains("肤色"), "{text}");
}

#[test]
fn choosing_one_of_the_items_recommended_by_name_goes_on_to_its_size_and_colour() {
    // `那就短款吧` after two coats were shown got the short coat's selling
    // points, as for a question about it.
    let mut c = Conv::shipped();
    c.ask("想买件羽绒服").unwrap();
    let (text, keys) = reply(&c.buyer("那就长款吧")).expect("a reply");
    assert_eq!(keys, ["item_chosen"]);
    assert!(
        text.contains("中长款连帽羽绒服") && text.contains("身高体重"),
        "{text}"
    );
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1004"));
    // With the measurements known, the chart's size for the one chosen.
    let mut c = Conv::shipped();
    c.ask("想买件羽绒服").unwrap();
    c.ask("我175 150斤").unwrap();
    let (text, keys) = reply(&c.buyer("那就短款吧")).expect("a reply");
    assert_eq!(keys, ["item_chosen_sized"]);
    assert!(
        text.contains("90白鸭绒短款羽绒服") && text.contains("XL码"),
        "{text}"
    );
    // A question about one of them is still a question.
    let mut c = Conv::shipped();
    c.ask("想买件羽绒服").unwrap();
    let d = c.buyer("短款的帽子能拆吗");
    assert!(
        !reply_keys(&d).iter().any(|k| k.starts_with("item_chosen")),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_comparative_asks_for_another_item_of_the_kind_that_is_more_so() {
    // Found playing a sale: on the short coat's page `有没有长一点的` got
    // "没太明白", and `我怕冷 有更厚的吗` "推荐您看看90白鸭绒短款羽绒服",
    // the very coat the buyer was looking at.
    for asked in ["有没有长一点的", "我怕冷 有更厚的吗", "有没有再长点的"] {
        let mut c = Conv::shipped().on_page("p-1003");
        let text = c.ask(asked).unwrap();
        assert_eq!(named(&c, &text), ["p-1004"], "{asked}: {text}");
    }
    let mut c = Conv::shipped();
    let text = c.ask("想要长一点的羽绒服").unwrap();
    assert_eq!(named(&c, &text), ["p-1004"], "{text}");
    // `更保暖` holds `保暖`: one need, said once.
    let mut c = Conv::shipped();
    let text = c.ask("有没有更保暖的外套").unwrap();
    assert_eq!(named(&c, &text), ["p-1004"], "{text}");
    assert!(!text.contains("保暖、更保暖"), "{text}");

    // No warmer hoodie: the hoodie's own answer, not the cheaper one as
    // "thicker".
    let mut c = Conv::shipped().on_page("p-1001");
    let text = c.ask("有没有厚一点的").unwrap();
    assert!(!text.contains("圆领加绒卫衣"), "{text}");
    // The sole of the shoes is no coat's warmth, and the shoes are not
    // recommended to the buyer looking at them.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("有更厚的底吗").unwrap();
    assert!(!text.contains("推荐您看看"), "{text}");
    assert!(named(&c, &text).iter().all(|id| id == "p-1009"), "{text}");
}

#[test]
fn the_colour_asked_of_the_shops_one_item_of_a_kind_is_colour_advice() {
    // After comparing the hoodie and the sweater, `那就毛衣吧 什么颜色适合他`
    // recommended the sweater again (`毛衣` read as a kind wished for), and
    // `什么颜色适合他` on its page listed its colours twice.
    for said in ["那就毛衣吧 什么颜色适合他", "什么颜色适合他"] {
        let mut c = Conv::shipped().on_page("p-1008");
        let (text, keys) = reply(&c.buyer(said)).expect("a reply");
        assert_eq!(keys, ["recommend"], "{said}: {text}");
        assert!(text.contains("深色"), "{said}: {text}");
        assert!(!text.contains("推荐您看看"), "{said}: {text}");
    }
    // A kind wished for is still recommended.
    let mut c = Conv::shipped();
    let (text, _) = reply(&c.buyer("想给我妈买件毛衣")).expect("a reply");
    assert!(text.contains("羊毛混纺圆领针织毛衣"), "{text}");
}
