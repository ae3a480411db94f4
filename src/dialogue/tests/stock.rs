//! Stock questions on the shipped pack: a colour asked for, a size named
//! alone, and the same size answer asked for twice.

use super::*;

#[test]
fn a_colour_the_item_comes_in_is_the_question_not_the_size_asked_before() {
    // Without `size_next_up`, the chart's 29 stays the size in talk.
    let mut c = Conv::shipped_without("size_next_up").on_page("p-1005");
    // 29 (from the waist) is sold out.
    c.ask("我腰围两尺二 穿多大");
    let d = c.buyer("有黑色的吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_color"]);
    assert!(text.contains("黑色"), "{text}");
    assert!(!text.contains("29码"), "{text}");
}

#[test]
fn a_colour_the_item_does_not_come_in_gets_the_colours_it_does() {
    let mut c = Conv::shipped().on_page("p-1005");
    c.ask("有黑色的吗");
    let d = c.buyer("有白色的吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_no_such_color"]);
    assert!(text.contains("深蓝色、浅蓝色、黑色"), "{text}");
    // Not the black of the message before.
    assert!(!text.contains("有黑色的"), "{text}");
}

#[test]
fn a_size_named_alone_is_asked_about_its_stock() {
    let mut c = Conv::shipped().on_page("p-1001");
    c.ask("有黑色的吗");
    assert_eq!(reply_keys(&c.buyer("M码")), ["stock_yes"]);
    // L is sold out on the hoodie.
    assert_eq!(reply_keys(&c.buyer("l码吧")), ["stock_no"]);
    assert_eq!(reply_keys(&c.buyer("那我要XL的")), ["stock_yes"]);
    // With no item in talk there is no stock to tell: not read as a stock question.
    let mut c = Conv::shipped();
    assert_eq!(reply_keys(&c.buyer("M码")), ["clarify"]);
}

#[test]
fn the_same_combined_answer_asked_again_is_said_in_other_words_not_dropped() {
    // Without `size_next_up`, the sold-out 29 is answered with its stock.
    let mut c = Conv::shipped_without("size_next_up").on_page("p-1005");
    let first = c
        .ask("我腰围两尺二 穿多大")
        .expect("the size and its stock");
    // Height and weight that give the same size: the same two parts again.
    let d = c.buyer("身高165 体重110斤");
    let (again, keys) = reply(&d).expect("not silence");
    assert_eq!(keys, ["size_result", "stock_no"]);
    assert_ne!(again, first);
    assert!(again.contains("29码"), "{again}");
}

#[test]
fn a_colour_asked_by_its_hue_gets_the_items_shades_of_it() {
    // Found walking the jeans' page: "有蓝色吗" got "没有这个颜色哦" on
    // jeans in 深蓝色 and 浅蓝色.
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("有蓝色吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_color_near"]);
    assert!(text.contains("深蓝色、浅蓝色"), "{text}");
    assert!(!text.contains("没有这个颜色"), "{text}");
    // The shoes come in 白灰色, not white: offered, not claimed ("有的").
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("有白色吗")).expect("a reply");
    assert_eq!(keys, ["stock_color_near"]);
    assert!(text.contains("白灰色"), "{text}");
    assert!(!text.contains("有的"), "{text}");
}

#[test]
fn a_colour_named_by_its_stressed_hue_is_that_colour_and_a_bare_size_is_answered() {
    // Found buying the dad shoes (全黑色): `黑色38有吗` got "有全黑色哦,您看看
    // 是不是想要的颜色", as if 全黑色 were a shade of black, and never said
    // that 38 is sold out; `要一双40 黑色` the same, for a size in stock.
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("有黑色吗")).expect("a reply");
    assert_eq!(keys, ["stock_color"]);
    assert!(text.contains("全黑色"), "{text}");
    for asked in ["黑色38有吗", "那我要一双38 黑色"] {
        let mut c = Conv::shipped().on_page("p-1009");
        let (text, keys) = reply(&c.buyer(asked)).expect("a reply");
        assert_eq!(keys, ["stock_no"], "{asked}");
        assert!(text.contains("38码"), "{asked}: {text}");
    }
    for asked in ["要一双40 黑色", "黑的40有吗"] {
        let mut c = Conv::shipped().on_page("p-1009");
        let (text, keys) = reply(&c.buyer(asked)).expect("a reply");
        assert_eq!(keys, ["stock_yes"], "{asked}");
        assert!(text.contains("全黑色的40码"), "{asked}: {text}");
    }
}

#[test]
fn a_colour_whose_name_holds_other_words_characters_is_still_a_colour() {
    // 卡其色 holds the 其 of 其他颜色, which the stock patterns leave to
    // the colour list: `有卡其色吗` used to be understood as nothing.
    let mut c = Conv::shipped().on_page("p-1003");
    for question in ["有卡其色吗", "还有卡其色吗"] {
        let (text, keys) = reply(&c.buyer(question)).expect("a reply");
        assert_eq!(keys, ["stock_color"], "{question}");
        assert!(text.contains("卡其色"), "{question}: {text}");
    }
    // Other colours are still the colour list, not one colour's stock.
    let understood = |text: &str| c.scripts.classifier.classify(text).top().to_string();
    assert_eq!(understood("有其他颜色吗"), "product_info");
    assert_eq!(understood("还有别的颜色吗"), "product_info");
}

#[test]
fn whether_a_sold_out_size_is_really_gone_is_a_stock_question() {
    // `M码真的没有了吗` was understood as nothing.
    let mut c = Conv::shipped().on_page("p-1008");
    c.buyer("M码有货吗");
    let d = c.buyer("M码真的没有了吗");
    assert_eq!(reply_keys(&d), ["stock_no"], "{:?}", d.actions);
}

#[test]
fn a_size_or_colour_asked_with_no_item_in_talk_asks_which_item() {
    // `有M码吗` from the shop's front page got "您想要哪个颜色和尺码呢",
    // asking back what the buyer just said.
    for question in ["有M码吗", "有黑色的吗"] {
        let mut c = Conv::shipped();
        let d = c.buyer(question);
        assert_eq!(
            reply_keys(&d),
            ["which_item"],
            "{question}: {:?}",
            d.actions
        );
    }
    // On an item's page the size is looked up.
    let mut c = Conv::shipped().on_page("p-1001");
    assert_eq!(reply_keys(&c.buyer("有M码吗")), ["stock_yes"]);
}

#[test]
fn a_size_in_numbers_without_its_unit_is_the_size_asked() {
    // Found playing conversations: `29有吗` on the jeans got the list of
    // sizes in stock, without a word that 29 is sold out; `30呢` the list
    // again.
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("29有吗");
    assert_eq!(reply_keys(&d), ["stock_no"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("29码"), "{:?}", d.actions);
    let d = c.buyer("30呢");
    assert_eq!(reply_keys(&d), ["stock_yes"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("30码"), "{:?}", d.actions);
    // Shoes' sizes are said with 号 too.
    let mut c = Conv::shipped().on_page("p-1009");
    assert_eq!(reply_keys(&c.buyer("39号有吗")), ["stock_yes"]);
    // A price or an age is no size.
    for ask in ["我今年30岁", "30块能卖吗"] {
        let mut c = Conv::shipped().on_page("p-1005");
        c.buyer(ask);
        assert_eq!(c.session().slots.size, None, "{ask}");
    }
}

#[test]
fn deciding_to_buy_is_asked_for_the_colour_and_size() {
    // `我要了` on the item's page got "没太明白".
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, keys) = reply(&c.buyer("我要了")).expect("a reply");
    assert_eq!(keys, ["stock"]);
    assert!(text.contains("颜色") && text.contains("尺码"), "{text}");
}

#[test]
fn a_size_with_few_left_says_how_many() {
    // `S码还有几件` on the long coat (2 left, the shop's threshold 5) got
    // "有现货", not the count asked.
    let mut c = Conv::shipped().on_page("p-1004");
    let item = c.item("p-1004");
    assert_eq!(item.stock_of("S"), 2, "the shipped catalogue changed");
    let (text, keys) = reply(&c.buyer("S码还有几件")).expect("a reply");
    assert_eq!(keys, ["stock_low"]);
    assert!(text.contains("只剩2件"), "{text}");
    // Plenty left: "有现货" as before.
    let (_, keys) = reply(&c.buyer("M码有吗")).expect("a reply");
    assert_eq!(keys, ["stock_yes"]);
}

#[test]
fn whether_a_size_is_gone_asked_short_is_a_stock_question() {
    // `M码没有?` on the sweater got "没太明白".
    let mut c = Conv::shipped().on_page("p-1008");
    let (text, keys) = reply(&c.buyer("M码没有?")).expect("a reply");
    assert_eq!(keys, ["stock_no"]);
    assert!(text.contains("M码"), "{text}");
}

#[test]
fn a_colour_or_colour_and_size_said_alone_is_the_buyers_pick() {
    // Found playing whole flows: `黑色` in answer to "您喜欢哪个颜色?" got
    // "没太明白", and `M 黑色` after it a person.
    let mut c = Conv::shipped().on_page("p-1001");
    c.ask("有什么颜色");
    let d = c.buyer("黑色");
    assert_eq!(reply_keys(&d), ["stock_color"], "{:?}", d.actions);
    assert_eq!(c.session().slots.color.as_deref(), Some("黑色"));
    let d = c.buyer("燕麦色M");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_yes"]);
    assert!(text.contains("燕麦色") && text.contains("M码"), "{text}");
    // A stem and a lower-case size, with the item's name said first.
    let d = c.buyer("卫衣 雾霾 l");
    assert_eq!(
        reply_keys(&d),
        ["stock_no"],
        "L is sold out: {:?}",
        d.actions
    );
    assert_eq!(c.session().slots.color.as_deref(), Some("雾霾蓝"));
    assert!(transfer(&d).is_none());
}

#[test]
fn a_colour_without_its_se_beside_a_size_is_asked_for_by_stock() {
    // Found playing whole flows: `M 燕麦有吗` got "没太明白" and asked again
    // a person; `深蓝28有吗` dropped the colour.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("M码 燕麦 有没有");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_yes"]);
    assert!(text.contains("燕麦色") && text.contains("M码"), "{text}");
    assert!(transfer(&d).is_none());
    let mut c = Conv::shipped().on_page("p-1005");
    c.buyer("深蓝28有吗");
    assert_eq!(c.session().slots.color.as_deref(), Some("深蓝色"));
    assert_eq!(c.session().slots.size.as_deref(), Some("28"));
    // A one-character stem alone is no colour: it is part of many words.
    let mut c = Conv::shipped().on_page("p-1001");
    c.buyer("明白了 M码有吗");
    assert_eq!(c.session().slots.color, None);
}

#[test]
fn a_size_picked_with_wrapping_words_is_not_an_offer_or_thanks() {
    // `那就27吧 深蓝色` got "价格是统一的哦…满199减20"; `好 38 白色` on
    // the shoes got a goodbye.
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("那就27吧 深蓝色");
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.contains("深蓝色") && text.contains("27码"), "{text}");
    assert!(!text.contains("券"), "{text}");
    let mut c = Conv::shipped().on_page("p-1009");
    let d = c.buyer("好 39 白灰色");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_yes"], "{text}");
    // Agreeing names no pick.
    assert_ne!(reply_keys(&c.buyer("好的")), ["stock_yes"]);
}

#[test]
fn the_items_name_with_a_colour_and_size_is_a_pick_not_its_selling_points() {
    // `中长款羽绒服 黑色M`, pasted from the title, got the feature list:
    // `长款` inside the name read as an item question.
    let mut c = Conv::shipped().on_page("p-1004");
    let d = c.buyer("中长款羽绒服 黑色M");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_yes"], "{text}");
    assert!(!text.contains("90%白鸭绒"), "{text}");
    // The name alone still introduces the item.
    let mut c = Conv::shipped().on_page("p-1004");
    assert_eq!(reply_keys(&c.buyer("中长款羽绒服")), ["product_info"]);
}

#[test]
fn a_returning_buyers_decision_is_her_pick_not_a_greeting_or_a_wish() {
    // `还在吗 我想好了 要一条28的 深蓝色` got only the welcome line;
    // `要28的 深蓝色` the jeans recommended (`要…的` reads as a wish).
    for ask in ["还在吗 我想好了 要一条28的 深蓝色", "要28的 深蓝色"] {
        let mut c = Conv::shipped().on_page("p-1005");
        let d = c.buyer(ask);
        let (text, keys) = reply(&d).expect("a reply");
        assert_eq!(keys, ["stock_yes"], "{ask}: {text}");
        assert!(
            text.contains("深蓝色") && text.contains("28码"),
            "{ask}: {text}"
        );
    }
    // A greeting alone is still one.
    let mut c = Conv::shipped().on_page("p-1005");
    assert_eq!(reply_keys(&c.buyer("还在吗")), ["greeting"]);
}

#[test]
fn a_colour_asked_with_a_size_is_named_back_whatever_the_rotation() {
    // Found playing a buyer: the third of three such questions got the
    // turn of a variant without `{color}`: "加绒连帽卫衣的M码有现货哦" to
    // `雾霾蓝M有吗`.
    let mut c = Conv::shipped().on_page("p-1001");
    for (said, colour) in [
        ("黑色M有吗", "黑色"),
        ("燕麦色M有吗", "燕麦色"),
        ("雾霾蓝M有吗", "雾霾蓝"),
        ("酒红色S有吗", "酒红色"),
    ] {
        let text = c.ask(said).expect("a reply");
        assert!(text.contains(colour), "{said}: {text}");
    }
}

#[test]
fn several_picked_in_one_message_are_each_answered() {
    // Before: `一白一黑 都要L` got "祝您购物愉快" (`好吧` read as thanks) or
    // "没太明白", and `白色和黑色的L有吗` an answer for white alone.
    for (said, each) in [
        ("好吧 我要两件 一白一黑 都要L", "白色L码、黑色L码"),
        ("白色和黑色的L有吗", "白色L码、黑色L码"),
        ("黑色M和L各一件", "黑色M码、黑色L码"),
        ("L和XL各一件", "L码、XL码"),
    ] {
        let mut c = Conv::shipped().on_page("p-1007");
        let (text, keys) = reply(&c.buyer(said)).expect("a reply");
        assert_eq!(keys, ["stock_each"], "{said}");
        assert!(text.contains(each), "{said}: {text}");
    }
    // Two colours and two sizes pair in the order said; a size the item is
    // not made in is not there.
    let mut c = Conv::shipped().on_page("p-1007");
    let (text, keys) = reply(&c.buyer("白色M 黑色XXXL")).expect("a reply");
    assert_eq!(keys, ["stock_each_part"]);
    assert!(text.contains("白色M码有现货"), "{text}");
    assert!(text.contains("黑色XXXL码暂时没有"), "{text}");
    // None there: said, with the sizes there are.
    let mut c = Conv::shipped().on_page("p-1005");
    assert_eq!(c.item("p-1005").stock_of("29"), 0, "premise: 29 sold out");
    let (text, keys) = reply(&c.buyer("深蓝色和黑色 29各一条")).expect("a reply");
    assert_eq!(keys, ["stock_each_none"]);
    assert!(text.contains("深蓝色29码、黑色29码"), "{text}");
    // One pick is answered as before.
    let mut c = Conv::shipped().on_page("p-1007");
    assert_eq!(reply_keys(&c.buyer("白色L有吗")), ["stock_yes"]);
    // A pack without the words answers as for one.
    let mut c = Conv::shipped_without("stock_each").on_page("p-1007");
    assert_eq!(reply_keys(&c.buyer("白色和黑色的L有吗")), ["stock_yes"]);
}

#[test]
fn choosing_between_two_sizes_is_no_size_taken() {
    // `那要27还是28` after the waist's size got the size answer and then
    // "30码有货哦" again, read as taking a size (`要…28`).
    let mut c = Conv::shipped().on_page("p-1005");
    c.ask("我腰围2尺2 穿多大").unwrap();
    let d = c.buyer("那要27还是28");
    assert!(
        !reply_keys(&d).contains(&"stock_yes".to_string()),
        "{:?}",
        d.actions
    );
    // Taking one is still answered with its stock.
    let d = c.buyer("那就要28吧");
    assert_eq!(reply_keys(&d), ["stock_yes"], "{:?}", d.actions);
}

#[test]
fn one_of_each_of_several_items_named_is_answered_for_each() {
    // Found playing a sale on the joggers' page: `卫衣要黑色L 卫裤要灰色L`
    // got the two hoodies recommended, and the joggers left out.
    let mut c = Conv::shipped().on_page("p-1006");
    let d = c.buyer("卫衣要黑色L 卫裤要灰色L");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_each_part"], "{text}");
    // The hoodie's L is sold out; the joggers' is there.
    assert!(text.contains("卫裤灰色L码有现货"), "{text}");
    assert!(text.contains("卫衣黑色L码暂时没有"), "{text}");

    // With no page, the jeans' 29 is not read as the hoodie's size.
    let mut c = Conv::shipped();
    let (text, _) = reply(&c.buyer("卫衣黑色M 牛仔裤29")).expect("a reply");
    assert!(text.contains("卫衣黑色M码有现货"), "{text}");
    assert!(text.contains("牛仔裤29码暂时没有"), "{text}");
    // None there: no one item's sizes are offered as if they were all's.
    let mut c = Conv::shipped();
    let (text, keys) = reply(&c.buyer("羽绒服要黑色M 毛衣要米白色M")).expect("a reply");
    assert_eq!(keys, ["stock_each_none"], "{text}");
    assert!(!text.contains("码有现货"), "{text}");
    // Names that are words of item questions too (`短款`, `长款`) are the
    // picks': before, the long coat's selling points.
    let mut c = Conv::shipped().on_page("p-1004");
    let (text, keys) = reply(&c.buyer("那我两件都要 短款黑色M 中长款燕麦色L")).expect("a reply");
    assert_eq!(keys, ["stock_each_part"], "{text}");
    assert!(text.contains("中长款燕麦色L码有现货"), "{text}");
    // A colour an item does not come in is said not to be made, beside
    // the other item's stock: before, the hoodies were recommended.
    let mut c = Conv::shipped().on_page("p-1006");
    let (text, keys) = reply(&c.buyer("卫衣要灰色L 卫裤要灰色L")).expect("a reply");
    assert_eq!(keys, ["stock_each_unmade"], "{text}");
    assert!(text.contains("没有灰色的卫衣"), "{text}");
    assert!(text.contains("卫裤灰色L码有现货"), "{text}");
    // No one item's colours are offered as if they were both's.
    assert!(
        !text.contains("燕麦色") && !text.contains("藏青色"),
        "{text}"
    );
}

#[test]
fn several_picked_in_a_colour_not_made_are_told_so_beside_the_others() {
    // The hoodie comes in black, oatmeal, haze blue and wine red, not white.
    // Before, `一白一黑 都要M` got "没太明白" and `白色和黑色的M有吗` the
    // black alone.
    for said in ["一白一黑 都要M", "白色和黑色的M有吗"] {
        let mut c = Conv::shipped().on_page("p-1001");
        let (text, keys) = reply(&c.buyer(said)).expect("a reply");
        assert_eq!(keys, ["stock_each_unmade"], "{said}: {text}");
        assert!(text.contains("没有白色"), "{said}: {text}");
        assert!(text.contains("黑色M码有现货"), "{said}: {text}");
    }
    // L is sold out: neither can be had, and the colours and sizes there
    // are are offered.
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, keys) = reply(&c.buyer("一白一黑 都要L")).expect("a reply");
    assert_eq!(keys, ["stock_each_unmade_none"], "{text}");
    assert!(
        text.contains("没有白色") && text.contains("黑色L码也暂时没货"),
        "{text}"
    );
    assert!(text.contains("燕麦色") && text.contains("XL"), "{text}");
    // One colour not made, one sold out, one there: all three said.
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, keys) = reply(&c.buyer("白色M 黑色L 燕麦色XL")).expect("a reply");
    assert_eq!(keys, ["stock_each_part"], "{text}");
    assert!(text.contains("燕麦色XL码有现货"), "{text}");
    assert!(
        text.contains("白色M码") && text.contains("黑色L码"),
        "{text}"
    );
    // No colour said is made: the single reading gives the colours there are.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("白色和粉色的M有吗");
    assert_eq!(reply_keys(&d), ["stock_no_such_color"], "{:?}", d.actions);
    // A pack without the words says the colour is not made.
    let mut c = Conv::shipped_without("stock_each_unmade").on_page("p-1001");
    let d = c.buyer("一白一黑 都要M");
    assert_eq!(reply_keys(&d), ["stock_no_such_color"], "{:?}", d.actions);
}

#[test]
fn a_colour_said_by_its_hue_is_the_items_one_shade_of_it() {
    // The crew sweatshirt's white is 奶白色: `一白一黑` is it and black.
    let mut c = Conv::shipped().on_page("p-1002");
    let (text, keys) = reply(&c.buyer("一白一黑 都要L")).expect("a reply");
    assert_eq!(keys, ["stock_each"], "{text}");
    assert!(text.contains("奶白色L码、黑色L码"), "{text}");
    // Two shades of blue on the jeans: which one is meant is not guessed.
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("蓝色和黑色的30有吗");
    assert!(
        !reply_keys(&d).iter().any(|k| k.starts_with("stock_each")),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_stock_question_pointing_at_the_item_is_not_also_its_selling_points() {
    // `这个有现货吗` got the sizes in stock and then the selling points,
    // for a "这个…吗" the rules read as a question about the item.
    for asked in [
        "这个有现货吗",
        "你好 我想问一下这个有现货吗",
        "这件还有货吗",
    ] {
        let mut c = Conv::shipped().on_page("p-1002");
        let d = c.buyer(asked);
        let keys = reply_keys(&d);
        assert!(
            keys.iter().any(|k| k.starts_with("stock")),
            "{asked}: {keys:?}"
        );
        assert!(
            !keys.contains(&"product_info".to_string()),
            "{asked}: {keys:?}"
        );
    }
    // A question in the item's words is still answered beside the stock.
    let mut c = Conv::shipped().on_page("p-1002");
    let d = c.buyer("这个是纯棉的吗 M有货吗");
    assert_eq!(reply_keys(&d), ["item_faq", "stock_yes"], "{:?}", d.actions);
}
