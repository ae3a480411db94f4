//! Reply sets bound to what matched (`when`): the specific question gets the
//! specific answer, the rest of the intent the key's own set.

use super::*;

/// The test pack with a delivery-time set for `shipping`, bound to the
/// keyword `几天到` (added to the intent in a file of its own).
fn with_when_sets() -> Conv {
    let mut c = Conv::new();
    let pack = super::PACK.replace(
        "keywords = [\"发货\", \"快递\"]",
        "keywords = [\"发货\", \"快递\", \"几天到\"]",
    );
    assert_ne!(
        pack,
        super::PACK,
        "the test pack's shipping keywords changed"
    );
    let extra = r#"
[[reply]]
intent = "shipping"
when = ["几天到"]
texts = ["亲,发货后一般2-4天到哦~", "亲,一般2-4天能收到~"]
short = ["一般2-4天到~"]
"#;
    c.scripts =
        crate::script::load_sources(&[("t.toml".into(), pack), ("when.toml".into(), extra.into())])
            .expect("pack loads");
    c
}

#[test]
fn the_set_for_what_matched_answers_before_the_keys_own() {
    let mut c = with_when_sets();
    assert_eq!(c.ask("几天到").as_deref(), Some("亲,发货后一般2-4天到哦~"));
    // The other shipping questions get the key's set, as before.
    assert_eq!(
        c.ask("什么时候发货").as_deref(),
        Some("亲,17:00前付款当天发货,默认中通、韵达~")
    );
    // The set rotates on its own: its second variant next time.
    assert_eq!(c.ask("几天到").as_deref(), Some("亲,一般2-4天能收到~"));
    // In a combined reply, its short variant.
    let d = c.buyer("你好,几天到");
    let (text, _) = reply(&d).expect("a reply");
    assert!(text.ends_with("一般2-4天到~"), "{text}");
}

#[test]
fn a_stage_bound_set_still_answers_when_nothing_specific_matched() {
    let mut c = with_when_sets();
    c.order("o-1", OrderStatus::Paid, &[("p-1", "M")]);
    // Paid: `什么时候发货` gets the paid-stage set; `几天到` its own set.
    assert_eq!(
        c.ask("什么时候发货").as_deref(),
        Some("亲,您的宝贝会尽快发出的~")
    );
    assert_eq!(c.ask("几天到").as_deref(), Some("亲,发货后一般2-4天到哦~"));
}

#[test]
fn the_shipped_pack_answers_the_specific_shipping_and_gift_questions() {
    let mut c = Conv::new().on_page("p-1001");
    c.scripts = crate::script::load_embedded();
    let shop = c.scripts.shop.clone();
    let delivery = shop
        .delivery_time
        .expect("the shipped shop says how long parcels take");
    let text = c.ask("几天能到").expect("a reply");
    assert!(text.contains(&delivery), "{text}");
    let text = c.ask("发什么快递").expect("a reply");
    assert!(
        shop.couriers.iter().all(|k| text.contains(k.as_str())),
        "{text}"
    );
    let gift = shop.gift.expect("the shipped shop has a gift");
    let text = c.ask("有没有运费险").expect("a reply");
    assert!(text.contains(&gift), "{text}");
}
