//! Two items compared (`compare`), on the shipped pack.

use super::*;

#[test]
fn two_items_named_are_put_side_by_side() {
    let mut c = Conv::shipped();
    let d = c.buyer("卫衣和毛衣哪个好");
    assert_eq!(reply_keys(&d), ["compare_items"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    for said in ["加绒连帽卫衣", "129", "羊毛混纺圆领针织毛衣", "259"] {
        assert!(text.contains(said), "{said} in {text}");
    }
    assert_eq!(c.session().slots.compared, ["p-1001", "p-1008"]);
}

#[test]
fn on_a_page_the_item_named_is_compared_with_the_page() {
    // `中长款羽绒服` is the long coat, not the `羽绒服` inside it (the short
    // one's alias): the page's short coat is the other one.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("和中长款羽绒服有什么区别");
    assert_eq!(reply_keys(&d), ["compare_items"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("699") && text.contains("499"), "{text}");
    // Before, the words read as a wish for a long coat.
    assert!(!text.contains("推荐"), "{text}");
}

#[test]
fn which_one_for_a_need_said_after_the_word_chooses_between_the_two() {
    // `哪个冬天穿` puts the need after `哪个`; before, it was "没太明白"
    // (only `冬天穿哪个`, `哪个适合`, `哪个比较` were read).
    for asked in ["哪个冬天穿", "哪一款冬天穿"] {
        let mut c = Conv::shipped();
        c.buyer("短款羽绒服和中长款羽绒服有什么区别");
        let d = c.buyer(asked);
        assert_eq!(reply_keys(&d), ["compare_both"], "{asked}: {:?}", d.actions);
        let text = reply(&d).unwrap().0;
        assert!(
            text.contains("499") && text.contains("699"),
            "{asked}: {text}"
        );
    }
    let mut c = Conv::shipped();
    c.buyer("短款羽绒服和中长款羽绒服有什么区别");
    let d = c.buyer("哪款适合上班穿");
    assert_eq!(reply_keys(&d), ["compare_pick"], "{:?}", d.actions);
    // Without a comparison before it, it asks for a recommendation.
    let mut c = Conv::shipped();
    let d = c.buyer("哪个冬天穿");
    assert!(
        reply_keys(&d)[0].starts_with("recommend"),
        "{:?}",
        d.actions
    );
}

#[test]
fn one_item_is_no_comparison() {
    let mut c = Conv::shipped();
    let d = c.buyer("中长款羽绒服和别家有什么区别");
    assert!(
        !reply_keys(&d).contains(&"compare_items".into()),
        "{:?}",
        d.actions
    );
    assert!(c.session().slots.compared.is_empty());
    // Nor is a question about one item on another's page without words of
    // comparison.
    let mut c = Conv::shipped().on_page("p-1003");
    let d = c.buyer("中长款羽绒服怎么样");
    assert!(
        !reply_keys(&d).contains(&"compare_items".into()),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_need_right_after_a_comparison_chooses_between_the_two() {
    let mut c = Conv::shipped();
    c.buyer("短款羽绒服和中长款羽绒服有什么区别");
    // Only the long coat is for wind (its `good_for`): it is the answer,
    // not a recommendation from the whole catalogue.
    let d = c.buyer("哪个更挡风");
    assert_eq!(reply_keys(&d), ["compare_pick"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(
        text.contains("中长款连帽羽绒服") && text.contains("699"),
        "{text}"
    );
    assert!(text.contains("挡风"), "{text}");
    assert!(!text.contains("短款"), "{text}");
    // Both are for winter: either will do, and the buyer is asked which
    // they like.
    let d = c.buyer("冬天穿哪个比较好");
    assert_eq!(reply_keys(&d), ["compare_both"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(
        text.contains("冬天") && text.contains("499") && text.contains("699"),
        "{text}"
    );
    // Both are warm, but the shop's own answer says which is warmer, naming
    // the other: it speaks, in place of "两款都合适".
    let d = c.buyer("哪个比较保暖");
    assert_eq!(reply_keys(&d), ["item_faq"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("比短款更保暖"), "{d:?}");
    // For work: the short one.
    let d = c.buyer("哪个适合上班");
    assert_eq!(reply_keys(&d), ["compare_pick"], "{:?}", d.actions);
    assert!(reply(&d).unwrap().0.contains("90白鸭绒短款羽绒服"), "{d:?}");
}

#[test]
fn without_a_comparison_before_a_need_is_still_a_recommendation() {
    let mut c = Conv::shipped();
    let d = c.buyer("哪个适合上班");
    assert!(
        !reply_keys(&d).iter().any(|k| k.starts_with("compare")),
        "{:?}",
        d.actions
    );
    // And a message that names another item is not about the last pair.
    let mut c = Conv::shipped();
    c.buyer("卫衣和毛衣哪个好");
    let d = c.buyer("牛仔裤哪个比较显瘦");
    assert!(
        !reply_keys(&d).iter().any(|k| k.starts_with("compare")),
        "{:?}",
        d.actions
    );
}

#[test]
fn a_pack_without_the_need_answers_puts_the_two_side_by_side() {
    let mut c = Conv::shipped_without("compare_pick");
    c.buyer("短款羽绒服和中长款羽绒服有什么区别");
    let d = c.buyer("哪个更挡风");
    assert_eq!(reply_keys(&d), ["compare_items"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    // The one that meets the need comes first.
    assert!(
        text.find("中长款连帽羽绒服") < text.find("90白鸭绒短款羽绒服"),
        "{text}"
    );
}

#[test]
fn this_one_against_another_named_compares_and_keeps_this_one_in_talk() {
    // Before, on the long coat's page, `跟短款比哪个暖和` moved the talk to
    // the short coat: its answer ("这款…更推荐中长款") spoke, and `多少钱`
    // next got the short coat's price.
    for asked in ["跟短款比哪个暖和", "这件羽绒服和短款那件哪个暖和"] {
        let mut c = Conv::shipped().on_page("p-1004");
        let text = c.ask(asked).expect("a reply");
        assert!(text.contains("比短款更保暖"), "{asked}: {text}");
        let text = c.ask("多少钱").expect("a reply");
        assert!(text.contains("699"), "{asked}: {text}");
    }
    // Compared for what the shop has no words on: side by side, and still
    // this one's price next.
    let mut c = Conv::shipped().on_page("p-1004");
    let d = c.buyer("和短款的比呢");
    assert_eq!(reply_keys(&d), ["compare_items"], "{:?}", d.actions);
    assert!(c.ask("多少钱").unwrap().contains("699"));
    // Which of a kind is no comparison of two: `哪个` needs two joined.
    let mut c = Conv::shipped();
    let d = c.buyer("牛仔裤哪个比较显瘦");
    assert!(!reply_keys(&d).iter().any(|k| k.starts_with("compare")));
}
