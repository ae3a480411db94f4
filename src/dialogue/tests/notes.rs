//! Notes the buyer asks for on an order: written on one not yet shipped,
//! kept until one is placed when none is seen yet, and confirmed when the
//! buyer asks whether it is done.

use super::*;

#[test]
fn a_note_for_the_warehouse_is_written_on_the_order_and_confirmed() {
    // Found playing a conversation: "帮我备注一下一双38一双39" after 拍下 got
    // "没付款可以取消重新拍哦" and nothing was noted.
    let mut c = on_the_shipped_pack();
    c.order("o-7", OrderStatus::Created, &[("p-1009", "黑色 38")]);
    let d = c.buyer("我拍了两双 帮我备注一下一双38一双39");
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    let (order, text, flag) = &noted[0];
    assert_eq!(order, "o-7");
    assert_eq!(flag.as_deref(), Some("red"));
    assert!(
        text.contains("买家备注") && text.contains("一双38一双39"),
        "{text}"
    );
    assert_eq!(reply_keys(&d), ["note_written"]);
    assert_eq!(transfer(&d), None);
    // After payment, before shipping: noted the same, no person needed.
    c.order("o-7", OrderStatus::Paid, &[("p-1009", "黑色 38")]);
    let d = c.buyer("备注不要放发票,电话13812345678");
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(noted[0].1.contains("138****5678"), "masked: {}", noted[0].1);
    assert_eq!(reply_keys(&d), ["note_written"]);
    assert_eq!(transfer(&d), None);
}

#[test]
fn asking_whether_a_note_can_be_written_waits_for_the_note() {
    let mut c = on_the_shipped_pack();
    c.order("o-8", OrderStatus::Created, &[("p-1009", "黑色 38")]);
    let d = c.buyer("可以备注吗");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(reply_keys(&d), ["order_change"]);
    let d = c.buyer("一双38一双39");
    assert_eq!(remarks(&d).len(), 1, "{:?}", d.actions);
    assert!(remarks(&d)[0].1.contains("「一双38一双39」"));
    // A new question after the request is no note.
    let mut c = on_the_shipped_pack();
    c.order("o-9", OrderStatus::Created, &[("p-1009", "黑色 38")]);
    c.buyer("帮我备注一下");
    let d = c.buyer("什么时候发货");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
}

#[test]
fn asking_whether_it_is_done_confirms_the_note_written() {
    // Found playing a conversation: `备注好了吗` right after the note was
    // written was taken for a change to the paid order, flagged red quoting
    // "备注好了吗" and handed over; `好了吗` got "没太明白".
    let mut c = on_the_shipped_pack();
    c.order("o-20", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("帮我备注一下不要放价格单");
    assert_eq!(reply_keys(&d), ["note_written"]);
    for check in ["备注好了吗", "好了吗"] {
        let d = c.buyer(check);
        assert!(remarks(&d).is_empty(), "{check}: {:?}", d.actions);
        assert_eq!(transfer(&d), None, "{check}");
        assert_eq!(reply_keys(&d), ["note_done"], "{check}");
    }
    // Shipped since: `好了吗` is no longer about the note.
    c.order("o-20", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("好了吗");
    assert_ne!(reply_keys(&d), ["note_done"]);
    // Nothing written: no confirmation of it.
    let mut c = on_the_shipped_pack();
    c.order("o-21", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("好了吗");
    assert_ne!(reply_keys(&d), ["note_done"]);
}

#[test]
fn asking_whether_the_invoice_is_done_says_what_is_on_the_order() {
    let mut c = on_the_shipped_pack();
    c.order("o-22", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("开发票 抬头杭州木子科技有限公司 税号91330106MA28ABCD1X");
    assert_eq!(reply_keys(&d), ["invoice_noted"]);
    let d = c.buyer("弄好了没");
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["invoice_done"]);
    assert!(text.contains("杭州木子科技有限公司"), "{text}");
    assert!(remarks(&d).is_empty(), "written once: {:?}", d.actions);
}

#[test]
fn a_bare_request_for_a_note_on_a_paid_order_asks_what_to_note() {
    // Before, `帮我备注一下` after payment was remarked as a change quoting
    // "帮我备注一下" and handed over, though the note it announces is one
    // the bot writes itself.
    let mut c = on_the_shipped_pack();
    c.order("o-23", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("帮我备注一下");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(transfer(&d), None);
    assert_eq!(reply_keys(&d), ["order_change"]);
    let d = c.buyer("一件M一件L");
    assert_eq!(remarks(&d).len(), 1, "{:?}", d.actions);
    assert_eq!(reply_keys(&d), ["note_written"]);
}

#[test]
fn a_note_needs_an_order_not_yet_shipped_and_the_packs_words() {
    // No order: nothing to write on yet (the note is kept for one).
    let mut c = on_the_shipped_pack();
    let d = c.buyer("帮我备注一下一双38一双39");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    // Shipped: too late for the warehouse; a person says so.
    let mut c = on_the_shipped_pack();
    c.order("o-10", OrderStatus::Paid, &[("p-1009", "黑色 38")]);
    c.order("o-10", OrderStatus::Shipped, &[("p-1009", "黑色 38")]);
    let d = c.buyer("帮我备注一下送人的");
    assert_ne!(reply_keys(&d), ["note_written"]);
    // A pack without `note_written` writes no note: a paid order's note is
    // a change, remarked and handed over as before.
    let mut c = Conv::shipped_without("note_written").on_page("p-1009");
    c.step = 20;
    c.order("o-11", OrderStatus::Paid, &[("p-1009", "黑色 38")]);
    let d = c.buyer("备注不要放发票");
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));
}

#[test]
fn a_packing_instruction_is_a_note_with_an_order_and_kept_for_one_without() {
    let mut c = on_the_shipped_pack();
    let d = c.buyer("送人的 不要放发票");
    assert!(remarks(&d).is_empty(), "no order yet: {:?}", d.actions);
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["note_before_order"]);
    assert!(text.contains("记下"), "{text}");
    // Written on the order once it is placed, and said so.
    let d = c.order("o-12", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(noted[0].1.contains("不要放发票"), "{}", noted[0].1);
    assert_eq!(reply_keys(&d), ["order_created_noted"]);
    // Once: paying writes nothing more.
    let d = c.order("o-12", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    // Asked as a question, it is still the request.
    let d = c.buyer("可以不放价格单吗");
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(noted[0].1.contains("不放价格单"), "{}", noted[0].1);
    assert_eq!(reply_keys(&d), ["note_written"]);
}

#[test]
fn where_to_leave_the_parcel_is_a_note_on_an_order_not_shipped() {
    // Found playing whole flows: a paid order's `能放丰巢吗 白天家里没人` was
    // told "有要求可以写在下单备注里", which the buyer no longer can.
    let mut c = on_the_shipped_pack();
    let d = c.buyer("能放丰巢吗");
    assert!(remarks(&d).is_empty(), "no order yet: {:?}", d.actions);
    assert!(reply(&d).is_some());
    c.order("o-14", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("能放丰巢吗 白天家里没人");
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(noted[0].1.contains("放丰巢"), "{}", noted[0].1);
    assert_eq!(reply_keys(&d), ["note_written"]);
    // Shipped, it is too late for a note: left there and not arrived is
    // a parcel for a person.
    c.order("o-14", OrderStatus::Shipped, &[("p-1001", "黑色 M")]);
    let d = c.buyer("放丰巢了没收到");
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert!(transfer(&d).is_some());
}

#[test]
fn a_delayed_shipment_is_a_note_once_the_day_is_said() {
    // Found playing a conversation: after payment, `能不能晚几天发 我出差`
    // got "今天就会安排发出", the opposite of what was asked.
    let mut c = on_the_shipped_pack();
    c.order("o-20", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let d = c.buyer("能不能晚几天发");
    assert!(remarks(&d).is_empty(), "no day yet: {:?}", d.actions);
    let (text, keys) = reply(&d).expect("a reply");
    assert_eq!(keys, ["order_change"]);
    assert!(text.contains("日期"), "{text}");
    let d = c.buyer("15号发吧");
    assert_eq!(remarks(&d).len(), 1, "{:?}", d.actions);
    assert!(remarks(&d)[0].1.contains("15号发吧"));
    assert_eq!(reply_keys(&d), ["note_written"]);
    // The day said at once, after payment: noted, no person needed.
    let mut c = on_the_shipped_pack();
    c.order("o-21", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("下周一再发可以吗");
    assert_eq!(remarks(&d).len(), 1, "{:?}", d.actions);
    assert_eq!(reply_keys(&d), ["note_written"]);
    // After payment with no day: a change a person settles with the buyer.
    let mut c = on_the_shipped_pack();
    c.order("o-22", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("能不能晚几天发 我出差");
    assert_eq!(transfer(&d).as_deref(), Some("order_change"));
    assert!(!reply(&d).unwrap().0.contains("发出"), "{:?}", d.actions);
    // `补发` and `重新再发` are no delay.
    let mut c = on_the_shipped_pack();
    c.order("o-23", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    assert!(remarks(&c.buyer("什么时候再发货")).is_empty());
}

#[test]
fn a_note_asked_before_the_order_is_seen_goes_on_it_when_it_comes() {
    // Found playing a buyer: `我拍了 帮我备注一下别放价格单 送人的`, sent
    // before the order's event came, got "把要备注的内容发我" and "拍下后跟
    // 我说一声", asking for the note just given.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("我拍了 帮我备注一下别放价格单 送人的");
    assert_eq!(reply_keys(&d), ["note_before_order"], "{:?}", d.actions);
    assert!(remarks(&d).is_empty());
    // Kept across a question in between, then written when the order is
    // paid (the placing was missed), and confirmed when asked.
    c.buyer("今天能发吗");
    let d = c.order("o-30", OrderStatus::Paid, &[("p-1001", "黑色 L")]);
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert_eq!(noted[0].0, "o-30");
    assert!(noted[0].1.contains("别放价格单"), "{}", noted[0].1);
    assert_eq!(reply_keys(&d), ["order_paid_noted"]);
    assert_eq!(reply_keys(&c.buyer("好了吗")), ["note_done"]);
    // An invoice to be written in the note is the invoice's business.
    let mut c = Conv::shipped().on_page("p-1001");
    let d = c.buyer("好的那我直接在备注备注发票抬头");
    assert_ne!(reply_keys(&d), ["note_before_order"], "{:?}", d.actions);
    // A pack without the words answers as before.
    let mut c = Conv::shipped_without("note_before_order").on_page("p-1001");
    let d = c.buyer("我拍了 帮我备注一下别放价格单 送人的");
    assert!(!reply_keys(&d).contains(&"note_before_order".to_string()));
}
