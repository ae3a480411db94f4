//! Shoes, sized by foot length: the item's own table, the pairs just
//! recommended, whose foot it is, and a length sent alone after the bot
//! asked for it.

use super::*;

#[test]
fn shoes_are_sized_by_the_foot_length_the_buyer_measured() {
    // Before, `脚长24.5cm穿多大` got the tip again ("是标准码…"), whatever
    // the length.
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("脚长24.5cm穿多大")).expect("a reply");
    assert_eq!(keys, ["size_from_foot"]);
    assert!(text.contains("39码") && text.contains("24.5cm"), "{text}");
    // Half a size large: the same foot takes a size smaller.
    let mut c = Conv::shipped().on_page("p-1010");
    let text = c.ask("脚长24.5 穿多大").unwrap();
    assert!(text.contains("38码"), "{text}");
    // The length sent after the tip asked for it; a size sold out says so.
    let mut c = Conv::shipped().on_page("p-1009");
    assert_eq!(reply_keys(&c.buyer("穿多大码")), ["size_from_tip"]);
    let d = c.buyer("我脚长240");
    assert_eq!(
        reply_keys(&d),
        ["size_from_foot", "stock_no"],
        "{:?}",
        d.actions
    );
    assert!(reply(&d).unwrap().0.contains("38码"));
    // Longer than the largest size fits: said, not asked again.
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("脚长28厘米穿多大")).expect("a reply");
    assert_eq!(keys, ["size_foot_beyond"]);
    assert!(text.contains("44码") && text.contains("27cm"), "{text}");
}

#[test]
fn a_foot_shorter_than_the_smallest_shoe_size_hears_it_may_be_big() {
    // Before, `脚长21cm穿多大` on the dad shoes (36 made for 23cm) got
    // "脚长21cm的话复古厚底老爹鞋拍36码合适哦".
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("脚长21cm穿多大")).expect("a reply");
    assert_eq!(keys, ["size_foot_below"]);
    assert!(text.contains("36码") && text.contains("23cm"), "{text}");
    assert!(text.contains("21cm") && text.contains("偏大"), "{text}");
    assert!(!text.contains("合适哦"), "{text}");
    // One step short (22.5cm, what a 35 would fit) still gets the 36, half
    // a size big; a millimetre shorter does not.
    let mut c = Conv::shipped().on_page("p-1009");
    assert_eq!(reply_keys(&c.buyer("脚长22.5cm穿多大")), ["size_from_foot"]);
    let mut c = Conv::shipped().on_page("p-1009");
    assert_eq!(
        reply_keys(&c.buyer("脚长22.4cm穿多大")),
        ["size_foot_below"]
    );
    // Shoes half a size large make their 36 for 23.5cm.
    let mut c = Conv::shipped().on_page("p-1010");
    assert_eq!(reply_keys(&c.buyer("脚长23cm穿多大")), ["size_from_foot"]);
    let text = c.ask("脚长22.9cm呢").expect("a reply");
    assert!(text.contains("23.5cm") && text.contains("偏大"), "{text}");
    // A pack without the words says the smallest size is too big, as for a
    // buyer below the chart, never that it fits.
    let mut c = Conv::shipped_without("size_foot_below").on_page("p-1009");
    assert_eq!(reply_keys(&c.buyer("脚长21cm穿多大")), ["size_below"]);
}

#[test]
fn a_half_size_worn_gets_the_whole_size_the_shoes_run_to() {
    // Before, `我平时穿37.5` got the tip, which asked for the foot length.
    let mut c = Conv::shipped().on_page("p-1009");
    let d = c.buyer("我平时穿37.5 拍哪个码");
    assert_eq!(
        reply_keys(&d),
        ["size_from_half", "stock_no"],
        "{:?}",
        d.actions
    );
    assert!(reply(&d).unwrap().0.contains("38码"));
    // Asked again, the half size is named, not a foot length never given.
    let text = c.ask("那穿多大").unwrap();
    assert!(text.contains("37.5") && !text.contains("脚长"), "{text}");
    // Half a size large: the size below.
    let mut c = Conv::shipped().on_page("p-1010");
    let (text, keys) = reply(&c.buyer("37.5的脚 拍37还是38")).expect("a reply");
    assert_eq!(keys, ["size_from_half"]);
    assert!(text.contains("拍37码"), "{text}");
}

#[test]
fn a_length_sent_alone_after_the_bot_asked_for_it_is_the_foot() {
    // Before, `24.5` right after "量一下脚长告诉我" got "没太明白您的意思".
    let mut c = Conv::shipped().on_page("p-1009");
    assert_eq!(reply_keys(&c.buyer("穿多大码")), ["size_from_tip"]);
    let (text, keys) = reply(&c.buyer("24.5")).expect("a reply");
    assert_eq!(keys, ["size_from_foot"]);
    assert!(text.contains("24.5cm") && text.contains("39码"), "{text}");
    let mut c = Conv::shipped().on_page("p-1009");
    c.buyer("穿多大码");
    let d = c.buyer("大概240mm吧");
    assert_eq!(reply_keys(&d)[0], "size_from_foot", "{:?}", d.actions);
    // Not asked for, a number alone is no foot: after the price, `24.5`
    // says nothing of a size.
    let mut c = Conv::shipped().on_page("p-1009");
    c.buyer("多少钱");
    assert_ne!(reply_keys(&c.buyer("24.5")), ["size_from_foot"]);
    // Nor on clothes, whose size question asks for height and weight.
    let mut c = Conv::shipped().on_page("p-1001");
    c.buyer("穿多大码");
    assert!(!reply_keys(&c.buyer("24.5"))
        .iter()
        .any(|k| k.contains("foot")));
}

#[test]
fn a_foot_length_after_two_pairs_were_recommended_gets_a_size_for_each() {
    // Before: "您问的是哪一款呢", to a buyer just shown two pairs.
    let mut c = Conv::shipped();
    assert_eq!(c.item("p-1009").stock_of("38"), 0, "premise: 38 sold out");
    c.ask("想买双鞋").unwrap();
    let (text, keys) = reply(&c.buyer("脚长24cm")).expect("a reply");
    assert_eq!(keys, ["size_for_picks_foot"]);
    assert!(text.contains("复古厚底老爹鞋38码(暂时售罄)"), "{text}");
    assert!(text.contains("经典低帮帆布鞋37码"), "{text}");
    assert!(text.contains("24cm"), "{text}");
    // Past either end of a table, the end size and which way it is off;
    // when no pair fits, the buyer is not told to take "the size that
    // goes with it" (before: "看中哪双拍对应的码就好").
    for (foot, off) in [
        ("脚长21cm", "36码起(会偏大)"),
        ("脚长32cm", "只做到44码(会偏小)"),
    ] {
        let mut c = Conv::shipped();
        c.ask("想买双鞋").unwrap();
        let (text, keys) = reply(&c.buyer(foot)).expect("a reply");
        assert_eq!(keys, ["size_picks_foot_none"], "{foot}");
        assert!(text.contains(&format!("复古厚底老爹鞋{off}")), "{text}");
        assert!(text.contains("不建议") || text.contains("别拍"), "{text}");
        assert!(!text.contains("拍对应"), "{text}");
    }
    // A length alone answers the request for it.
    let mut c = Conv::shipped();
    c.ask("想买双鞋").unwrap();
    assert_eq!(reply_keys(&c.buyer("穿多大码")), ["size_picks_need_foot"]);
    assert_eq!(reply_keys(&c.buyer("24.5")), ["size_for_picks_foot"]);
}

#[test]
fn height_and_weight_after_two_pairs_were_recommended_ask_for_the_foot() {
    // Before: "记下啦~您160cm、110斤,请问看中的是哪一款呢", for shoes
    // the height and weight do not size, of a buyer just shown two pairs.
    let mut c = Conv::shipped();
    c.ask("想买双鞋").unwrap();
    let (text, keys) = reply(&c.buyer("我妈穿 身高160 110斤")).expect("a reply");
    assert_eq!(keys, ["size_picks_need_foot"]);
    assert!(text.contains("脚长"), "{text}");
    assert!(text.contains("妈妈的脚长"), "{text}");
    assert!(text.contains("复古厚底老爹鞋、经典低帮帆布鞋"), "{text}");
    // A pack without the words asks which pair, as before.
    let mut c = Conv::shipped_without("size_picks_need_foot");
    c.ask("想买双鞋").unwrap();
    assert_eq!(reply_keys(&c.buyer("160 110斤")), ["size_need_item"]);
    let mut c = Conv::shipped_without("size_picks_need_foot");
    c.ask("想买双鞋").unwrap();
    assert_eq!(reply_keys(&c.buyer("穿多大码")), ["which_item"]);
}

#[test]
fn a_foot_answer_names_whose_foot_it_is() {
    // Before: "您脚长28cm穿上会偏小" to a buyer sizing her husband.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("给我老公买 他脚长28cm").unwrap();
    assert!(text.contains("他脚长28cm"), "{text}");
    assert!(!text.contains("您脚长"), "{text}");
    let mut c = Conv::shipped();
    c.ask("想买双鞋").unwrap();
    let text = c.ask("我老公脚长27cm").unwrap();
    assert!(text.contains("按老公脚长27cm"), "{text}");
    // The buyer's own foot is the buyer's.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("我脚长21cm").unwrap();
    assert!(text.contains("您脚长21cm"), "{text}");
}

#[test]
fn shoes_answer_whether_they_smell_and_whether_there_are_half_sizes() {
    // Before: "没太明白您的意思" to `会不会臭脚`, and the sizes in stock to
    // `有半码吗`.
    let mut c = Conv::shipped().on_page("p-1010");
    let text = c.ask("帆布鞋会不会臭脚").unwrap();
    assert!(text.contains("透气") && text.contains("异味"), "{text}");
    let text = c.ask("有半码吗").unwrap();
    assert!(text.contains("没有半码"), "{text}");
    // The half size said next is sized, as is one said with a question
    // no keyword reads (`37.5码穿哪个`, before "没太明白").
    let (text, keys) = reply(&c.buyer("37.5的")).expect("a reply");
    assert_eq!(keys, ["size_from_half"]);
    assert!(text.contains("37码"), "{text}");
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("37.5码穿哪个")).expect("a reply");
    assert_eq!(keys, ["size_from_half", "stock_no"], "38 is sold out");
    assert!(text.contains("38码"), "{text}");
}

#[test]
fn wide_feet_get_the_shoes_own_advice_and_the_size_for_the_foot_known() {
    // Found playing a sale: `宽脚呢` after the foot's size got "没太明白".
    let mut c = Conv::shipped().on_page("p-1010");
    c.ask("我脚长23.5穿多少码").unwrap();
    let d = c.buyer("宽脚呢");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["item_faq", "size_from_foot"], "{text}");
    assert!(
        text.contains("按平时穿的码") && text.contains("36码"),
        "{text}"
    );
    // Not asked for the foot it was given.
    assert!(!text.contains("量一下脚长"), "{text}");
    // Told in one message, the foot's size beside the advice.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("脚长24.5 脚背高").unwrap();
    assert!(text.contains("拍大一码") && text.contains("39码"), "{text}");
    // No foot known: the answer asks for it.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("我脚比较宽 穿多大").unwrap();
    assert!(text.contains("量一下脚长"), "{text}");
    // `送双袜子吧` bargains for a freebie, not for socks the shop lacks.
    let d = c.buyer("那送双袜子吧");
    assert_eq!(reply_keys(&d), ["promotion"], "{:?}", d.actions);
}
