//! `有羽绒服吗`, `有老爹鞋吗`: whether the shop has what the buyer names, on
//! the shipped pack. Before, with no keyword in them, these got "没太明白".

use super::*;

#[test]
fn a_kind_of_several_items_asked_for_by_its_word_gets_its_items() {
    // `羽绒服` is the short coat's alias as well as the word of the kind,
    // which has the long coat too; `卫衣` likewise.
    for (question, items) in [
        ("有羽绒服吗", ["p-1003", "p-1004"]),
        ("羽绒服有吗", ["p-1003", "p-1004"]),
        ("请问有没有卫衣", ["p-1001", "p-1002"]),
        // `你们家有没有` is a stock keyword, but no size or colour is asked.
        ("你们家有没有卫衣", ["p-1001", "p-1002"]),
        ("羽绒服", ["p-1003", "p-1004"]),
    ] {
        let mut c = Conv::shipped();
        let d = c.buyer(question);
        assert_eq!(
            reply_keys(&d),
            ["recommend_pick"],
            "{question}: {:?}",
            d.actions
        );
        let text = reply(&d).unwrap().0;
        assert_eq!(named(&c, &text), items, "{question}: {text}");
        // No one item is chosen yet: `多少钱` next asks which.
        assert_eq!(c.session().slots.item, None, "{question}");
    }
}

#[test]
fn an_item_asked_for_by_its_name_gets_its_stock() {
    // `牛仔裤` and `毛衣` are kinds of one item each in the shipped pack;
    // `帆布鞋` names one of two shoes (`鞋` inside a name is no kind).
    for (question, item) in [
        ("有老爹鞋吗", "p-1009"),
        ("牛仔裤有吗", "p-1005"),
        ("请问有卖毛衣吗", "p-1008"),
        ("有帆布鞋吗", "p-1010"),
        ("你们家有没有老爹鞋", "p-1009"),
    ] {
        let mut c = Conv::shipped();
        let d = c.buyer(question);
        assert_eq!(reply_keys(&d), ["stock"], "{question}: {:?}", d.actions);
        assert_eq!(c.session().slots.item.as_deref(), Some(item), "{question}");
        let text = reply(&d).unwrap().0;
        assert!(text.contains("有现货"), "{question}: {text}");
    }
}

#[test]
fn a_question_about_the_item_named_is_not_asking_whether_there_is_one() {
    // The name with a question of its own keeps that question's answer.
    let mut c = Conv::shipped();
    let d = c.buyer("卫衣起球吗");
    assert_ne!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
    assert_ne!(reply_keys(&d), ["stock"], "{:?}", d.actions);
    // The name alone after a question asks that question again about it.
    let mut c = Conv::shipped();
    c.buyer("卫衣多少钱");
    let d = c.buyer("羽绒服呢");
    assert_ne!(reply_keys(&d), ["recommend_pick"], "{:?}", d.actions);
    assert_eq!(c.session().slots.item.as_deref(), Some("p-1003"));
    // But `有…吗` asks whether there is one, whatever came before.
    let d = c.buyer("有没有毛衣");
    assert_eq!(reply_keys(&d), ["stock"], "{:?}", d.actions);
}

#[test]
fn torn_between_two_colours_is_helped_to_choose_not_handed_over() {
    // `我看了好几天了 纠结黑色还是燕麦色` went to a person (`好几天` read
    // as a parcel waited for).
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("我看了好几天了 纠结黑色还是燕麦色");
    assert_eq!(transfer(&d), None, "{:?}", d.actions);
    let text = reply(&d).expect("a reply").0;
    assert!(text.contains("深色") && text.contains("浅色"), "{text}");
    let mut c = Conv::shipped().on_page("p-1007");
    let text = c.ask("不知道选白色还是灰色").expect("a reply");
    assert!(text.contains("深色") && text.contains("浅色"), "{text}");
}
