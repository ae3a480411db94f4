//! What some pieces come to: the shop's deals worked out, pieces counted
//! as buyers list them, and what one comes to among several.

use super::*;

#[test]
fn what_pieces_come_to_is_worked_out_with_the_shops_deals() {
    // The shipped shop: 2 pieces or more 9.5折, coupons 满199减20 and
    // 满399减50 on top; the crew sweatshirt is 99 yuan.
    let mut c = Conv::shipped().on_page("p-1002");
    assert_eq!(c.item("p-1002").price_text(), "99", "the catalogue changed");
    let (text, keys) = reply(&c.buyer("两件一共多少钱")).expect("a reply");
    assert_eq!(keys, ["price_short"]);
    // 198 × 0.95 = 188.1, below the 199 coupon: 10.9 short of it.
    assert!(text.contains("188.1元"), "{text}");
    assert!(text.contains("再凑10.9元就能用满199减20"), "{text}");
    // Not a haggle, though "优惠" is said: 3 × 99 × 0.95 - 20.
    let (text, keys) = reply(&c.buyer("3件优惠完多少")).expect("a reply");
    assert_eq!(keys, ["price_total"]);
    assert!(text.contains("262.15元"), "{text}");
    // One piece and no deal reached: the price, and what reaches a coupon.
    let (text, keys) = reply(&c.buyer("到手价多少")).expect("a reply");
    assert_eq!(keys, ["price_short"]);
    assert!(
        text.contains("99元") && text.contains("再凑100元"),
        "{text}"
    );
}

#[test]
fn whether_a_coupon_applies_to_some_pieces_is_worked_out() {
    // Found playing a conversation: "满199减20 我买两件能用吗" got the
    // hoodie's selling points and the offers, not an answer.
    let mut c = Conv::shipped().on_page("p-1001");
    assert_eq!(
        c.item("p-1001").price_text(),
        "129",
        "the catalogue changed"
    );
    // 258 × 0.95 = 245.1, which reaches 199: 225.1.
    let (text, keys) = reply(&c.buyer("满199减20 我买两件能用吗")).expect("a reply");
    assert_eq!(keys, ["price_total"]);
    assert!(
        text.contains("满199减20") && text.contains("225.1元"),
        "{text}"
    );
    // One piece does not reach it: how much more does.
    let (text, keys) = reply(&c.buyer("这个能用券吗")).expect("a reply");
    assert_eq!(keys, ["price_short"]);
    assert!(
        text.contains("129元") && text.contains("再凑70元"),
        "{text}"
    );
    // The bigger coupon asked about by name: how far it is, though the
    // smaller one is reached (245.1 of 399).
    let (text, keys) = reply(&c.buyer("两件能用满399的吗")).expect("a reply");
    assert_eq!(keys, ["price_short"]);
    assert!(
        text.contains("225.1元") && text.contains("再凑153.9元就能用满399减50"),
        "{text}"
    );
}

#[test]
fn a_pack_without_the_short_situation_says_the_sum() {
    let mut c = Conv::shipped_without("price_short").on_page("p-1002");
    let (text, keys) = reply(&c.buyer("到手价多少")).expect("a reply");
    assert_eq!(keys, ["price_sum"]);
    assert!(!text.contains("再凑"), "{text}");
}

#[test]
fn a_size_after_a_piece_is_not_counted_as_pieces() {
    // `一条28一条30 能便宜多少` was quoted for 30 pieces (4,770 yuan), and
    // `一双40一双41` for 41 pairs.
    let mut c = Conv::shipped().on_page("p-1005");
    let text = c.ask("我买两条 一条28一条30 能便宜多少").expect("a reply");
    // 2 × 159 = 318 × 0.95 = 302.1 − 20.
    assert!(
        text.contains("2件原价318元") && text.contains("282.1元"),
        "{text}"
    );
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("两双 一双40一双41 多少钱").expect("a reply");
    assert!(
        text.contains("2件原价598元") && text.contains("518.1元"),
        "{text}"
    );
}

#[test]
fn pieces_listed_by_colour_are_added_up() {
    // `白色L和黑色L各一件` was one piece, `白色M 3件 黑色M 2件` two.
    let mut c = Conv::shipped().on_page("p-1007");
    let text = c.ask("白色L和黑色L各一件 一共多少钱").expect("a reply");
    assert!(text.contains("2件"), "{text}");
    // 5 × 59 = 295 × 0.95 = 280.25 − 20.
    let text = c.ask("T恤 白色 M 3件 黑色 M 2件 多少钱").expect("a reply");
    assert!(text.contains("5件") && text.contains("260.25元"), "{text}");
}

#[test]
fn what_one_piece_comes_to_among_several_is_said() {
    // `买两件卫衣…算下来一件多少钱` got "1件是129元,再凑70元": the buyer
    // asked what one of the two comes to with the deals.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("买两件卫衣 用满199减20的券 还能9.5折吗 算下来一件多少钱");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["price_each"]);
    assert!(
        text.contains("225.1元") && text.contains("一件合112.55元"),
        "{text}"
    );
    // One piece asked alone is its price.
    let text = c.ask("一件多少钱").expect("a reply");
    assert!(text.contains("129元") && !text.contains("合"), "{text}");
    // A pack without the situation says the total.
    let mut c = Conv::shipped_without("price_each").on_page("p-1001");
    let (text, keys) = reply(&c.buyer("两件的话平均一件多少")).expect("a reply");
    assert_eq!(keys, ["price_total"]);
    assert!(text.contains("225.1元"), "{text}");
}

#[test]
fn a_price_offered_that_the_deals_reach_is_told_so() {
    // `650呢` on the 699 coat got "没太明白"; 满399减50 takes it to 649.
    let mut c = Conv::shipped().on_page("p-1004");
    c.buyer("699太贵了");
    let d = c.buyer("650呢");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["bargain_met"], "{text}");
    assert!(text.contains("649元") && text.contains("650元"), "{text}");
    // An offer below it: what the deals come to, and no promise.
    let (text, keys) = reply(&c.buyer("能便宜点吗 600行不行")).expect("a reply");
    assert_eq!(keys, ["bargain_deals"], "{text}");
    assert!(text.contains("649元") && text.contains("给不到"), "{text}");
    // Two hoodies offered 230: 9.5折 and 满199减20 make 225.1.
    let mut c = Conv::shipped().on_page("p-1001");
    let text = c
        .ask("卫衣两件 一件黑色S 一件雾霾蓝M 能不能给个230")
        .expect("a reply");
    assert!(text.contains("225.1元") && text.contains("230元"), "{text}");
    // Below one piece's price for two, it may be a price a piece: the
    // plain bargain answer, not "给不到".
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("那我买两双 一双37一双40 能不能260")).expect("a reply");
    assert_eq!(keys, ["bargain"], "{text}");
}

#[test]
fn a_price_checked_is_answered_with_the_items_price() {
    // `是129吗` got "没太明白", `这个卫衣129吗` the selling points, and
    // `不是99吗 怎么129` "没太明白".
    for ask in ["是129吗", "这个卫衣129吗", "不是99吗 怎么129"] {
        let mut c = Conv::shipped().on_page("p-1001");
        let d = c.buyer(ask);
        let (text, _) = reply(&d).expect("a reply");
        assert!(text.contains("129元"), "{ask}: {text}");
    }
    // An offer is not a price checked.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("这个能99吗");
    assert!(
        reply(&d).is_some_and(|(t, _)| !t.contains("现在129元")),
        "{:?}",
        d.actions
    );
}

#[test]
fn several_items_in_one_price_question_are_added_up() {
    // Found playing whole flows: `t恤一件 卫裤一条` quoted two pairs of
    // trousers, `卫衣和牛仔裤一起买多少钱` the jeans alone, and
    // `羽绒服加一件毛衣` one coat. The multi-buy deal is for any pieces.
    let mut c = Conv::shipped().on_page("p-1007");
    let prices: Vec<String> = ["p-1007", "p-1006", "p-1001", "p-1005", "p-1003", "p-1008"]
        .iter()
        .map(|id| c.item(id).price_text())
        .collect();
    assert_eq!(
        prices,
        ["59", "89", "129", "159", "499", "259"],
        "the catalogue changed"
    );
    // 59 + 89 = 148, 9.5折 140.6: 58.4 short of 满199.
    let (text, keys) = reply(&c.buyer("t恤一件 卫裤一条 一起多少钱 能用券吗")).expect("a reply");
    assert_eq!(keys, ["price_short"]);
    assert!(text.contains("T恤+") && text.contains("卫裤"), "{text}");
    assert!(
        text.contains("148元") && text.contains("140.6元") && text.contains("再凑58.4元"),
        "{text}"
    );
    // A kind's word is the item on the page: 499 + 259 = 758, 720.1, -50.
    let mut c = Conv::shipped().on_page("p-1003");
    let (text, keys) =
        reply(&c.buyer("羽绒服加一件毛衣 能用满399减50吗 到手多少")).expect("a reply");
    assert_eq!(keys, ["price_total"]);
    assert!(
        text.contains("短款羽绒服+") && text.contains("670.1元"),
        "{text}"
    );
    // One item added to the item in talk, with no order to change: the
    // sum alone. 129 + 159 = 288, 273.6, -20.
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, keys) = reply(&c.buyer("再加一条牛仔裤一共多少")).expect("a reply");
    assert_eq!(keys, ["price_total"]);
    assert!(text.contains("卫衣+") && text.contains("253.6元"), "{text}");
    // Counts said before each name: 2 × 129 + 159 = 417, 396.15, -20.
    let (text, _) = reply(&c.buyer("两件卫衣一条牛仔裤多少钱")).expect("a reply");
    assert!(
        text.contains("417元") && text.contains("376.15元"),
        "{text}"
    );
}

#[test]
fn items_named_apart_from_a_sum_are_not_added_up() {
    let mut c = Conv::shipped().on_page("p-1001");
    // Two questions, not a sum: no 9.5折 for pieces nobody is buying.
    let (text, _) = reply(&c.buyer("卫衣多少钱 有牛仔裤吗")).expect("a reply");
    assert!(!text.contains("任选2件"), "{text}");
    // Each one's own price is asked, not what they come to.
    let (text, _) = reply(&c.buyer("卫衣和牛仔裤分别多少钱")).expect("a reply");
    assert!(!text.contains("288"), "{text}");
    // A comparison is not a sum either.
    let (text, _) = reply(&c.buyer("卫衣和牛仔裤哪个好")).expect("a reply");
    assert!(!text.contains("288"), "{text}");
}

#[test]
fn whether_different_items_count_for_the_multi_buy_deal_is_answered_yes() {
    // Found playing whole flows: `任选2件 不同款也可以吗` got "价格我们是
    // 统一的" (`同款` inside `不同款` read as a price comparison), and
    // `卫裤加帆布鞋 算两件吗` the rebuttal of cheaper shops' pictures.
    let mut c = Conv::shipped().on_page("p-1006");
    for question in ["任选2件 不同款也可以吗", "卫裤加帆布鞋 算两件吗"] {
        let (text, keys) = reply(&c.buyer(question)).expect("a reply");
        assert_eq!(keys, ["promotion"], "{question}");
        assert!(text.contains("不同款也算"), "{question}: {text}");
    }
    // Another shop's same item is still a price comparison.
    let d = c.buyer("别家同款才69");
    assert_eq!(reply_keys(&d), ["cheaper_elsewhere"]);
}

#[test]
fn another_count_or_one_more_item_right_after_a_price_is_priced_again() {
    // Found playing whole flows: `那三件呢` after the price of two got
    // "多拿几件更划算哦", with no number.
    let mut c = Conv::shipped().on_page("p-1002");
    c.ask("圆领卫衣两件多少钱");
    // 3 × 99 = 297, 282.15, -20.
    let (text, keys) = reply(&c.buyer("那三件呢")).expect("a reply");
    assert_eq!(keys, ["price_total"]);
    assert!(text.contains("262.15元"), "{text}");
    // One more item added to the pieces just priced: 2 × 89 + 2 × 59 + 259
    // = 555, 527.25, -50.
    let mut c = Conv::shipped().on_page("p-1006");
    c.ask("卫裤2条 t恤2件 总共多少");
    let (text, _) = reply(&c.buyer("那再加一件毛衣呢")).expect("a reply");
    assert!(text.contains("477.25元"), "{text}");
    // A count alone, with no price just asked, is no price question.
    let mut c = Conv::shipped().on_page("p-1002");
    c.ask("有黑色吗");
    let d = c.buyer("那三件呢");
    assert!(
        reply(&d).is_none_or(|(text, _)| !text.contains("297")),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_sum_for_a_size_sold_out_or_a_colour_not_made_says_so_first() {
    // Found playing a buyer: `白色L和黑色L各一件 一共多少钱` on the hoodie
    // (no white, L sold out) got only "到手225.1元".
    for (said, first) in [
        ("白色L和黑色L各一件 一共多少钱", "stock_no"),
        ("白色两件多少钱", "stock_no_such_color"),
    ] {
        let mut c = Conv::shipped().on_page("p-1001");
        let d = c.buyer(said);
        assert_eq!(reply_keys(&d), [first, "price_total"], "{said}");
    }
    // A size to be had: the sum alone.
    let mut c = Conv::shipped().on_page("p-1001");
    assert_eq!(reply_keys(&c.buyer("M码两件多少钱")), ["price_total"]);
}

#[test]
fn each_items_own_price_is_given_when_asked_of_each() {
    // Found playing a buyer: `卫衣和牛仔裤分别多少钱` got the jeans' price
    // alone.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("卫衣和牛仔裤分别多少钱");
    assert_eq!(reply_keys(&d), ["price_items"]);
    let text = reply(&d).unwrap().0;
    assert!(
        text.contains("加绒连帽卫衣129元") && text.contains("高腰直筒牛仔裤159元"),
        "{text}"
    );
    // Together, the sum as before.
    let mut c = Conv::shipped().on_page("p-1001");
    assert_eq!(
        reply_keys(&c.buyer("卫衣和牛仔裤一起多少钱")),
        ["price_total"]
    );
}

#[test]
fn a_bargain_with_the_pieces_said_after_gets_the_multi_buy() {
    // Before: "可以领满399减50的店铺券" only, the 2件9.5折 unsaid, when the
    // count came after the bargain (`能便宜点吗 买两件`).
    let mut c = Conv::shipped().on_page("p-1004");
    let text = c.ask("能便宜点吗 买两件").unwrap();
    assert!(text.contains("任选2件"), "{text}");
    // A price offered for the pieces counted after it: before, "没太明白".
    // 2 × 159 = 318, 302.1, -20.
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("199两条行不行");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["bargain_deals"], "{text}");
    assert!(text.contains("282.1元"), "{text}");
}

#[test]
fn one_more_piece_named_by_its_count_alone_is_priced_with_the_first() {
    // `再加一件多少钱` on the jeans' page got "下单时填好地址…" and one
    // pair's price. 2 × 159 = 318, 302.1, -20.
    let mut c = Conv::shipped().on_page("p-1005");
    let (text, keys) = reply(&c.buyer("再加一件多少钱")).expect("a reply");
    assert!(!keys.contains(&"order_change".to_string()), "{keys:?}");
    assert!(text.contains("2件") && text.contains("282.1元"), "{text}");
    // On top of the pieces just priced: 3 × 159 = 477, 453.15, -50.
    let mut c = Conv::shipped().on_page("p-1005");
    c.ask("两条多少钱");
    let (text, _) = reply(&c.buyer("再来一条呢")).expect("a reply");
    assert!(text.contains("3件") && text.contains("403.15元"), "{text}");
}

#[test]
fn a_price_offered_beside_too_expensive_is_the_objection_answered() {
    // Before: "理解您的感受~这款用料很实在…", the 200 offered unanswered.
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("259也太贵了吧 200卖不卖");
    assert_eq!(reply_keys(&d), ["bargain_deals"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("200元"));
    // Without a price, the objection is the price itself.
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("太贵了");
    assert_eq!(reply_keys(&d), ["too_expensive"], "{:?}", d.actions);
}

#[test]
fn another_shops_price_beside_too_expensive_is_the_comparison_answered() {
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("太贵了 别家才199");
    assert_eq!(reply_keys(&d), ["cheaper_elsewhere"], "{:?}", d.actions);
}

#[test]
fn a_regular_customer_bargaining_is_thanked_first() {
    // `能便宜吗 我是老顾客了` got the reply any stranger gets; an agent
    // thanks a returning buyer before holding the price.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("能便宜吗 我是老顾客了");
    assert_eq!(reply_keys(&d), ["bargain"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("老顾客") && text.contains("统一"), "{text}");
    // Asked again, the coupon is not offered a second time.
    let text = c.ask("老客户了再便宜点").unwrap();
    assert!(
        text.contains("老顾客") && !text.contains("店铺券"),
        "{text}"
    );
}

#[test]
fn a_total_asked_right_after_several_pieces_sums_those_pieces() {
    // Before, `一共多少钱` priced one piece of the item in talk.
    let mut c = Conv::shipped().on_page("p-1007");
    c.ask("两件多少钱");
    let (text, _) = reply(&c.buyer("一共多少钱")).expect("a reply");
    // 2 × 59 × 0.95.
    assert!(text.contains("2件") && text.contains("112.1元"), "{text}");
    // One piece asked is one piece.
    let (text, _) = reply(&c.buyer("那一件呢")).expect("a reply");
    assert!(text.contains("1件") && text.contains("59元"), "{text}");
    // Several items picked at once: the two are summed.
    let mut c = Conv::shipped().on_page("p-1001");
    c.ask("卫衣要黑色M 卫裤要灰色L");
    let (text, keys) = reply(&c.buyer("一共多少钱")).expect("a reply");
    assert_eq!(keys, ["price_total"], "{text}");
    assert!(text.contains("加绒连帽卫衣+休闲束脚卫裤"), "{text}");
    // Two of one item, in two colours.
    let mut c = Conv::shipped().on_page("p-1002");
    c.ask("一白一黑 都要L");
    let (text, _) = reply(&c.buyer("一共多少钱")).expect("a reply");
    assert!(text.contains("2件") && text.contains("188.1元"), "{text}");
    // What cannot be had is not summed: the hoodie is not made in white,
    // so the one piece there is is priced.
    let mut c = Conv::shipped().on_page("p-1001");
    c.ask("一白一黑 都要M");
    let (text, _) = reply(&c.buyer("一共多少钱")).expect("a reply");
    assert!(text.contains("1件") && text.contains("129元"), "{text}");
}

#[test]
fn how_to_claim_a_coupon_and_a_discount_not_applied_are_promotion_answers() {
    // `怎么领` right after the coupons got "没太明白"; `怎么还没优惠` was read
    // as a parcel late (`怎么还没`).
    let mut c = Conv::shipped().on_page("p-1004");
    c.ask("有券吗");
    let (text, keys) = reply(&c.buyer("怎么领")).expect("a reply");
    assert_eq!(keys, ["promotion"], "{text}");
    assert!(text.contains("领"), "{text}");
    c.order("o-1", OrderStatus::Created, &[("p-1004", "黑色 M")]);
    let (text, keys) = reply(&c.buyer("怎么还没优惠")).expect("a reply");
    assert_eq!(keys, ["promotion"], "{text}");
    assert!(text.contains("满额"), "{text}");
}

#[test]
fn a_price_gone_up_and_a_sale_day_asked_about_are_promotion_answers() {
    // `怎么比昨天贵了` got "价格我们是统一的" (read as a cheaper shop), and
    // `双十一会更便宜吗` that and the multi-buy deal.
    let mut c = Conv::shipped().on_page("p-1003");
    let (text, keys) = reply(&c.buyer("怎么比昨天贵了")).expect("a reply");
    assert_eq!(keys, ["promotion"], "{text}");
    assert!(text.contains("调整"), "{text}");
    let mut c = Conv::shipped().on_page("p-1003");
    let (text, keys) = reply(&c.buyer("双十一会更便宜吗")).expect("a reply");
    assert_eq!(keys, ["promotion"], "{text}");
    assert!(text.contains("大促"), "{text}");
    // Another shop cheaper is still a price comparison.
    let mut c = Conv::shipped().on_page("p-1003");
    assert_eq!(reply_keys(&c.buyer("比别家贵")), ["cheaper_elsewhere"]);
}

#[test]
fn a_price_asked_in_english_is_quoted() {
    // `how much` got "没太明白".
    let mut c = Conv::shipped().on_page("p-1001");
    let text = c.ask("Hi how much").expect("a reply");
    assert!(text.contains("129元"), "{text}");
}
