//! Invoices: what the buyer gave is kept, what is missing is asked for, a
//! complete one is written on the order once, and other goods on it are
//! refused.

use super::*;

#[test]
fn a_company_invoice_given_after_payment_is_written_on_the_order_not_asked_again() {
    // Found playing a buyer: the 抬头 and 税号 sent got "请提供发票抬头和税号"
    // again, and nothing was written on the order.
    let mut c = on_the_shipped_pack();
    c.order("o-9", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("要开发票");
    assert_eq!(reply_keys(&d), ["invoice"]);
    assert!(remarks(&d).is_empty());
    let d = c.buyer("抬头:杭州木子科技有限公司 税号:91330106MA28ABCD1X");
    assert_eq!(reply_keys(&d), ["invoice_noted"]);
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert_eq!(noted[0].0, "o-9");
    let text = &noted[0].1;
    for part in [
        "杭州木子科技有限公司",
        "91330106MA28ABCD1X",
        "129元",
        "实际商品",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let (said, _) = reply(&d).expect("a reply");
    assert!(said.contains("91330106MA28ABCD1X"), "{said}");
    // Asked again, it is said to be noted, and not written twice.
    let d = c.buyer("发票什么时候开");
    assert_eq!(reply_keys(&d), ["invoice_noted"]);
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
    assert_eq!(transfer(&d), None);
}

#[test]
fn a_personal_invoice_needs_no_tax_id() {
    let mut c = on_the_shipped_pack();
    c.order("o-9", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("要发票 个人的");
    assert_eq!(reply_keys(&d), ["invoice_noted"]);
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(noted[0].1.contains("个人抬头"), "{}", noted[0].1);
    assert!(!noted[0].1.contains("税号"), "{}", noted[0].1);
}

#[test]
fn a_missing_tax_id_is_asked_for_and_the_invoice_kept_until_the_order() {
    let mut c = on_the_shipped_pack();
    let d = c.buyer("能开发票吗 抬头是杭州木子科技有限公司");
    assert_eq!(reply_keys(&d), ["invoice_need_tax_id"]);
    let (said, _) = reply(&d).expect("a reply");
    assert!(said.contains("杭州木子科技有限公司"), "{said}");
    // The 税号 alone, with no word of invoices, completes it.
    let d = c.buyer("91330106MA28ABCD1X");
    assert_eq!(reply_keys(&d), ["invoice_kept"]);
    assert!(remarks(&d).is_empty(), "no order to write it on yet");
    // Written on the order the buyer places, once.
    let d = c.order("o-3", OrderStatus::Created, &[("p-1001", "黑色 M")]);
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(noted[0].1.contains("91330106MA28ABCD1X"), "{}", noted[0].1);
    assert_eq!(reply_keys(&d), ["order_created"]);
    let d = c.order("o-3", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    assert!(remarks(&d).is_empty(), "{:?}", d.actions);
}

#[test]
fn a_corrected_title_is_written_again() {
    let mut c = on_the_shipped_pack();
    c.order("o-9", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    c.buyer("发票抬头:杭州木子科技有限公司 税号91330106MA28ABCD1X");
    let d = c.buyer("不好意思抬头写错了 抬头是杭州木子网络科技有限公司");
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(
        noted[0].1.contains("杭州木子网络科技有限公司"),
        "{}",
        noted[0].1
    );
}

#[test]
fn other_goods_on_the_invoice_are_refused() {
    // Before: "抬头和税号发我,我们先帮您备注上~", a yes to an invoice that
    // does not match the goods.
    let mut c = on_the_shipped_pack();
    c.order("o-9", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("发票能开成办公用品吗");
    assert_eq!(reply_keys(&d), ["invoice_content"]);
    assert!(remarks(&d).is_empty());
}

#[test]
fn a_special_invoice_is_marked_on_the_order_and_the_buyer_hears_which_the_shop_issues() {
    // Before, `能开专票吗` got "个人发票发个抬头就行" and a complete 专票
    // request was noted as any company invoice: the buyer took the remark
    // for a promise of a VAT special invoice the shop does not issue.
    let mut c = on_the_shipped_pack();
    let (text, keys) = reply(&c.buyer("能开专票吗")).expect("a reply");
    assert_eq!(keys, ["invoice"]);
    assert!(text.contains("开不了增值税专用发票"), "{text}");
    c.order("o-9", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("抬头:杭州木子科技有限公司 税号:91330106MA28ABCD1X");
    assert_eq!(reply_keys(&d), ["invoice_special"], "{:?}", d.actions);
    let noted = remarks(&d);
    assert_eq!(noted.len(), 1, "{:?}", d.actions);
    assert!(noted[0].1.contains("增值税专用发票"), "{}", noted[0].1);
    let (said, _) = reply(&d).expect("a reply");
    assert!(
        said.contains("91330106MA28ABCD1X") && said.contains("普票"),
        "{said}"
    );
    // An ordinary company invoice is noted as before, not marked.
    let mut c = on_the_shipped_pack();
    c.order("o-9", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    c.buyer("要开发票");
    let d = c.buyer("抬头:杭州木子科技有限公司 税号:91330106MA28ABCD1X");
    assert_eq!(reply_keys(&d), ["invoice_noted"]);
    assert!(!remarks(&d)[0].1.contains("专用"), "{:?}", d.actions);
}

#[test]
fn a_shop_that_states_no_invoices_answers_a_special_invoice_as_any() {
    // Without `[shop] invoices` nothing is said of which invoices the shop
    // issues: the note is still marked, the reply is the plain one.
    let mut scripts = crate::script::load_embedded();
    scripts.shop.invoices = None;
    let mut c = Conv::on(scripts).on_page("p-1001");
    c.step = 60;
    c.order("o-9", OrderStatus::Paid, &[("p-1001", "黑色 M")]);
    let d = c.buyer("开专票 抬头:杭州木子科技有限公司 税号:91330106MA28ABCD1X");
    assert_eq!(reply_keys(&d), ["invoice_noted"], "{:?}", d.actions);
    assert!(remarks(&d)[0].1.contains("增值税专用发票"));
}
