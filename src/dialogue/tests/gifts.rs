//! Shopping for someone else (`送妈妈什么好`), on the shipped pack: its
//! catalogue says whom each item suits as a present (`gift_for`).

use super::*;

#[test]
fn whom_the_buyer_shops_for_picks_what_suits_them() {
    // Before: "您平时喜欢什么风格?说下穿着场合和预算", asked of a buyer who
    // had said whom it was for.
    for ask in [
        "送妈妈什么好",
        "给我妈买件衣服 推荐一下",
        "有适合送长辈的吗",
    ] {
        let mut c = Conv::shipped();
        let d = c.buyer(ask);
        assert_eq!(
            reply_keys(&d),
            ["recommend_pick_gift"],
            "{ask}: {:?}",
            d.actions
        );
        let text = reply(&d).unwrap().0;
        assert_eq!(named(&c, &text), ["p-1004", "p-1008"], "{ask}: {text}");
    }
    let mut c = Conv::shipped();
    let text = c.ask("送妈妈什么好").unwrap();
    assert!(text.contains("给妈妈的话"), "{text}");
    // The jeans and the hoodie suit younger people, who get them.
    let text = c.ask("送女朋友呢").unwrap();
    assert!(text.contains("给女朋友"), "{text}");
    assert!(!named(&c, &text).contains(&"p-1004".to_string()), "{text}");
}

#[test]
fn giving_is_not_asking_for_the_free_gift() {
    // Before: "下单就送运费险哦" beside the answer (`礼物` is a promotion
    // word), and `送我爸 有毛衣吗` got only that.
    let mut c = Conv::shipped();
    let d = c.buyer("想给男朋友买个礼物");
    assert_eq!(reply_keys(&d), ["recommend_pick_gift"], "{:?}", d.actions);
    assert!(!reply(&d).unwrap().0.contains("运费险"));
    let mut c = Conv::shipped();
    let d = c.buyer("送我爸 有毛衣吗");
    assert_eq!(reply_keys(&d), ["recommend_pick_gift"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert_eq!(named(&c, &text), ["p-1008"], "{text}");
    assert!(text.contains("给爸爸"), "{text}");
    // A campaign word beside it still asks about campaigns.
    let mut c = Conv::shipped();
    let d = c.buyer("送妈妈 有满减吗");
    assert_eq!(reply_keys(&d), ["promotion"], "{:?}", d.actions);
}

#[test]
fn asked_on_an_item_page_the_item_is_answered_when_it_suits() {
    // The sweater suits a mother: the present set answers for it.
    let mut c = Conv::shipped().on_page("p-1008");
    let d = c.buyer("送妈妈合适吗");
    assert_eq!(reply_keys(&d), ["recommend"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("羊毛混纺圆领针织毛衣送人"));
    // The jeans do not: what does is recommended, naming the jeans.
    let mut c = Conv::shipped().on_page("p-1005");
    let d = c.buyer("送妈妈合适吗");
    assert_eq!(
        reply_keys(&d),
        ["recommend_pick_gift_instead"],
        "{:?}",
        d.actions
    );
    let text = reply(&d).unwrap().0;
    assert!(text.contains("比起高腰直筒牛仔裤"), "{text}");
    assert_eq!(named(&c, &text), ["p-1004", "p-1005", "p-1008"], "{text}");
    // Asking for one is asking to be shown them, on any page.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("有适合送长辈的吗");
    assert!(
        reply_keys(&d)[0].starts_with("recommend_pick_gift"),
        "{:?}",
        d.actions
    );
}

#[test]
fn whom_it_is_for_stays_with_the_wish() {
    let mut c = Conv::shipped();
    c.ask("送妈妈什么好").unwrap();
    // Of the two coats, the one suiting her.
    let text = c.ask("有羽绒服吗").unwrap();
    assert_eq!(named(&c, &text), ["p-1004"], "{text}");
    assert!(text.contains("给妈妈"), "{text}");
}

#[test]
fn naming_someone_without_giving_to_them_is_no_wish() {
    let mut c = Conv::shipped();
    for ask in ["我妈说这个颜色不好看", "能送到我妈家吗"] {
        let d = c.buyer(ask);
        let keys = reply_keys(&d);
        assert!(
            !keys.iter().any(|k| k.starts_with("recommend_pick")),
            "{ask}: {keys:?}"
        );
    }
}

#[test]
fn a_pack_without_the_gift_sets_says_the_plain_recommendation() {
    let mut c = Conv::shipped_without("recommend_pick_gift");
    let d = c.buyer("送妈妈什么好");
    assert_eq!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("给妈妈"), "{{wish}} says whom: {text}");
}

#[test]
fn a_single_present_picked_becomes_the_item_in_talk() {
    // Before, only the plain pick did: `多少钱` next asked which item.
    let mut c = Conv::shipped();
    c.ask("送我爸 有毛衣吗").unwrap();
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1008"));
    let text = c.ask("多少钱").unwrap();
    assert!(text.contains("259"), "{text}");
}

#[test]
fn feeling_the_cold_is_a_need_of_the_one_shopped_for() {
    // Found playing a sale: after `想给我妈买件羽绒服`, `她60多岁 怕冷`
    // got "没太明白".
    let mut c = Conv::shipped();
    c.ask("想给我妈买件羽绒服").unwrap();
    let d = c.buyer("她60多岁 怕冷");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["recommend_pick_gift"], "{text}");
    assert_eq!(named(&c, &text), ["p-1004"], "{text}");
}
