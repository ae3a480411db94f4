//! Follow-ups that leave the question out (`那这件呢`, `M码呢`, `卫衣`).

use super::*;

#[test]
fn measures_without_an_item_ask_which_item_not_for_the_measures_again() {
    let mut c = Conv::new();
    let d = c.buyer("身高165体重110斤穿什么码");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_need_item"]);
    assert_eq!(text, "亲,记下您165cm、110斤啦,看中的是哪一款呢?");
    // The answer names the item and nothing else: the size question again.
    let d = c.buyer("卫衣");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_result"]);
    assert!(text.contains("建议拍M码"), "{text}");
}

#[test]
fn without_its_own_reply_the_pack_asks_as_before() {
    // A pack without `size_need_item` falls back to the size question.
    let block = "[[reply]]\nintent = \"size_need_item\"\n\
                 texts = [\"亲,记下您{height}cm、{weight}斤啦,看中的是哪一款呢?\"]\n";
    let pack = super::PACK.replace(block, "");
    assert_ne!(pack, super::PACK, "the test pack has the reply");
    let mut c =
        Conv::on(crate::script::load_sources(&[("t.toml".into(), pack)]).expect("pack loads"));
    let d = c.buyer("身高165体重110斤穿什么码");
    assert_eq!(reply_keys(&d), ["size_advice"]);
}

#[test]
fn another_page_with_this_one_asks_the_size_question_again() {
    let mut c = Conv::new().on_page("p-2");
    c.buyer("身高165体重110斤穿什么码");
    // p-2 has no size chart; the buyer moves to p-1's page.
    c.page = Some("p-1".into());
    let d = c.buyer("那这件呢");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["size_result"]);
    assert!(text.contains("M码"), "{text}");
}

#[test]
fn another_size_asks_the_stock_question_again() {
    let mut c = Conv::new().on_page("p-1");
    assert_eq!(reply_keys(&c.buyer("L码有货吗")), ["stock_no"]);
    let d = c.buyer("那M码呢?");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["stock_yes"]);
    assert!(text.contains("M码"), "{text}");
    assert_eq!(c.session().slots.size.as_deref(), Some("M"));
    // Thanks in between do not end the topic.
    c.buyer("好的谢谢");
    let d = c.buyer("S码呢");
    assert_eq!(reply_keys(&d), ["stock_yes"]);
}

#[test]
fn a_question_that_points_at_nothing_is_not_a_follow_up() {
    let mut c = Conv::new().on_page("p-1");
    c.buyer("L码有货吗");
    for text in ["然后呢", "你呢", "人呢"] {
        let d = c.buyer(text);
        assert_ne!(reply_keys(&d), ["stock_no"], "{text}");
        assert_ne!(reply_keys(&d), ["stock_yes"], "{text}");
    }
}

#[test]
fn greetings_leave_no_topic_and_a_message_understood_keeps_its_own_meaning() {
    let mut c = Conv::new().on_page("p-1");
    c.buyer("你好");
    assert!(c.session().topic.is_empty());
    assert_eq!(reply_keys(&c.buyer("这个呢")), ["clarify"]);

    let mut c = Conv::new().on_page("p-1");
    c.buyer("L码有货吗");
    assert_eq!(c.session().topic, ["stock"]);
    // Understood for itself: answered as what it says.
    assert_eq!(reply_keys(&c.buyer("那这件什么材质呢")), ["product_info"]);
    assert_eq!(c.session().topic, ["product_info"]);
}

#[test]
fn a_long_message_ending_in_ne_is_not_a_follow_up() {
    let mut c = Conv::new().on_page("p-1");
    c.buyer("L码有货吗");
    let d = c.buyer("我想了想还是觉得那个颜色不太适合我呢");
    assert_eq!(reply_keys(&d), ["clarify"]);
}

#[test]
fn a_size_named_after_a_size_answer_asks_for_that_size_not_the_chart_again() {
    let mut c = Conv::new().on_page("p-1");
    let d = c.buyer("身高165体重110斤穿什么码");
    assert_eq!(reply_keys(&d), ["size_result"]);
    assert_eq!(c.session().slots.size.as_deref(), Some("M"));
    // L is sold out: the answer is about L, and L stays the size in talk.
    let d = c.buyer("那L码呢");
    assert_eq!(reply_keys(&d), ["stock_no"]);
    assert_eq!(c.session().slots.size.as_deref(), Some("L"));
}

#[test]
fn asking_whether_the_quality_is_the_same_after_a_price_comparison_asks_about_the_other_shop() {
    // Found playing a conversation: "质量一样吗" after "别家才99" got the
    // jeans' selling points, as if asked about them out of the blue.
    let mut c = Conv::shipped().on_page("p-1005");
    c.buyer("别家才99");
    assert_eq!(c.session().topic, ["cheaper_elsewhere"]);
    for ask in ["质量一样吗", "做工有区别吗"] {
        let d = c.buyer(ask);
        assert_eq!(reply_keys(&d), ["cheaper_elsewhere"], "{ask}");
    }
    // Out of that context it is a question about the item.
    let mut c = Conv::shipped().on_page("p-1005");
    c.buyer("有M码吗");
    assert_eq!(reply_keys(&c.buyer("质量一样吗")), ["product_info"]);
}

#[test]
fn another_colour_asks_whether_that_colour_is_there() {
    // After the size answer, `那黑色呢` got the size chart's answer again;
    // after the price, the item's selling points.
    let mut c = Conv::shipped().on_page("p-1001");
    c.buyer("我165 110斤穿什么码");
    let d = c.buyer("那黑色呢");
    assert_eq!(reply_keys(&d), ["stock_yes"], "{:?}", d.actions);
    let text = reply(&d).unwrap().0;
    assert!(text.contains("黑色") && text.contains("M码"), "{text}");
    let text = c.ask("那燕麦色呢").unwrap();
    assert!(text.contains("燕麦色") && text.contains("M码"), "{text}");
    let mut c = Conv::shipped().on_page("p-1001");
    c.buyer("这件多少钱");
    let d = c.buyer("那黑色呢");
    assert_eq!(reply_keys(&d), ["stock_color"], "{:?}", d.actions);
    // A colour the item does not come in points all the same.
    let mut c = Conv::shipped().on_page("p-1005");
    c.buyer("多少钱");
    let d = c.buyer("白色的呢");
    assert_eq!(reply_keys(&d), ["stock_no_such_color"], "{:?}", d.actions);
}
