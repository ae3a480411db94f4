//! Questions typed apart in one message are each answered, however weak
//! their keywords beside the others'.

use super::*;

#[test]
fn a_question_in_a_clause_of_its_own_is_answered_beside_a_stronger_one() {
    // Each second question scored under the share of the best one and was
    // left out: the buyer asked again.
    for (page, message, keys) in [
        ("p-1001", "能便宜点吗 包邮吗", &["bargain", "shipping"][..]),
        // In the order asked; 包邮 and 几天到 are two questions of one intent.
        (
            "p-1006",
            "多少钱 包邮吗 几天到",
            &["product_info", "shipping", "shipping"],
        ),
        (
            "p-1001",
            "亲 我身高165体重110斤穿什么码 有黑色吗",
            &["size_result", "stock_yes"],
        ),
    ] {
        let mut c = Conv::shipped().on_page(page);
        let d = c.buyer(message);
        assert_eq!(reply_keys(&d), keys, "{message}: {:?}", d.actions);
    }
    // Full-width punctuation sets a question apart as well.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("能便宜点吗，包邮吗？");
    assert_eq!(reply_keys(&d), ["bargain", "shipping"], "{:?}", d.actions);
    // The colour asked is named with the size that has it.
    let mut c = Conv::shipped().on_page("p-1001");
    let text = reply(&c.buyer("我身高165体重110斤穿什么码,有黑色吗"))
        .unwrap()
        .0;
    assert!(text.contains("黑色M码"), "{text}");
}

#[test]
fn a_weak_keyword_inside_the_same_clause_is_still_left_out() {
    // `多少钱` inside one run of words with a stronger question is not
    // typed apart: the share rule stands (包邮 and 几天到 are shipping's
    // two questions).
    let mut c = Conv::shipped().on_page("p-1006");
    let d = c.buyer("包邮吗多少钱几天到");
    assert_eq!(reply_keys(&d), ["shipping", "shipping"], "{:?}", d.actions);
}

#[test]
fn two_questions_answered_by_the_same_words_get_them_once() {
    // `运费险` and `送…吗` are two promotion questions whose sets both
    // said "下单就送运费险哦~": it came twice.
    let mut c = Conv::shipped().on_page("p-1001");
    let text = reply(&c.buyer("包邮吗 送运费险吗")).unwrap().0;
    assert_eq!(text.matches("运费险").count(), 1, "{text}");
    assert!(text.contains("包邮"), "{text}");
}

#[test]
fn a_numbered_list_gets_every_answer_in_its_order() {
    // Before, three answers at most, best score first: the fourth and fifth
    // question went unanswered, and `3.什么时候发货` was answered first.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("1.有没有黑色 2.多少钱 3.什么时候发货");
    assert_eq!(
        reply_keys(&d),
        ["stock_color", "product_info", "shipping"],
        "{:?}",
        d.actions
    );
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("想问下 1.会起球吗 2.掉色吗 3.175 140斤穿什么码 4.今天能发吗 5.有运费险吗");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert_eq!(keys[0], "item_faq", "{keys:?}");
    assert_eq!(
        &keys[1..],
        ["authenticity", "size_next_up", "shipping", "promotion"]
    );
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("起球"), "{text}");
    assert!(lines[1].contains("掉色"), "{text}");
    assert!(lines[4].contains("运费险"), "{text}");
    // Unnumbered, a question found by a pattern alone (`有没有黑色`) keeps
    // its place too.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("有没有黑色 多少钱 什么时候发货");
    assert_eq!(
        reply_keys(&d),
        ["stock_color", "product_info", "shipping"],
        "{:?}",
        d.actions
    );
    // The same questions unnumbered keep the usual cap of three.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("会起球吗 掉色吗 175 140斤穿什么码 今天能发吗 有运费险吗");
    assert!(reply_keys(&d).len() <= 3, "{:?}", reply_keys(&d));
}
