//! Entity extraction over normalised text.

use super::*;
use crate::nlu::normalize;

fn ent(raw: &str) -> Entities {
    extract_entities(&normalize(raw).text)
}

#[test]
fn heights_in_every_form() {
    for (text, cm) in [
        ("身高170", 170),
        ("身高:165穿什么码", 165),
        ("170cm", 170),
        ("我168公分", 168),
        ("1米7", 170),
        ("1米75", 175),
        ("1.7米", 170),
        ("1.65m穿多大", 165),
        ("一米七", 170),
        ("一米六八", 168),
        ("１７０ｃｍ", 170),
    ] {
        assert_eq!(ent(text).height_cm, Some(cm), "{text}");
    }
}

#[test]
fn weights_in_every_form() {
    for (text, jin) in [
        ("120斤", 120),
        ("体重120斤", 120),
        ("60kg", 120),
        ("60公斤", 120),
        ("62.5kg", 125),
        ("体重55", 110),
        ("体重130", 130),
        ("一百二十斤", 120),
        ("九十斤", 90),
        ("一百零五斤", 105),
    ] {
        assert_eq!(ent(text).weight_jin, Some(jin), "{text}");
    }
}

#[test]
fn height_weight_pairs() {
    for text in [
        "170 120斤",
        "170,120斤",
        "170/120斤",
        "170120斤",
        "身高170体重120",
        "170 120",
        "1米7 120斤",
        "170。120斤",
    ] {
        let e = ent(text);
        assert_eq!(
            (e.height_cm, e.weight_jin),
            (Some(170), Some(120)),
            "{text}"
        );
    }
    let e = ent("165 55kg");
    assert_eq!((e.height_cm, e.weight_jin), (Some(165), Some(110)));
}

#[test]
fn no_measurements_from_other_numbers() {
    for text in [
        "一斤装的",
        "5斤装",
        "128元",
        "发货要3天",
        "双11",
        "买了两斤",
        "120块",
        "2019年",
    ] {
        let e = ent(text);
        assert_eq!((e.height_cm, e.weight_jin), (None, None), "{text}");
    }
}

#[test]
fn letter_sizes() {
    for (text, size) in [
        ("xl有吗", "XL"),
        ("ＸＬ", "XL"),
        ("要m码", "M"),
        ("L号", "L"),
        ("2xl", "XXL"),
        ("3XL的", "XXXL"),
        ("xxxl", "XXXL"),
        ("s码还有吗", "S"),
        ("170cm穿l", "L"),
    ] {
        assert_eq!(ent(text).size.as_deref(), Some(size), "{text}");
    }
}

#[test]
fn numeric_sizes() {
    assert_eq!(ent("38码有吗").size.as_deref(), Some("38"));
    assert_eq!(ent("穿42码的").size.as_deref(), Some("42"));
}

#[test]
fn no_sizes_in_words_or_units() {
    for text in [
        "170cm", "1.75m", "5mm", "ok", "love it", "hello", "60kg", "500ml", "yes", "i'm",
    ] {
        assert_eq!(ent(text).size, None, "{text}");
    }
}

#[test]
fn order_numbers() {
    assert_eq!(ent("订单号:123456789").order.as_deref(), Some("123456789"));
    assert_eq!(ent("订单 2419512345").order.as_deref(), Some("2419512345"));
    assert_eq!(
        ent("我的单到哪了2419512345678901234").order.as_deref(),
        Some("2419512345678901234")
    );
    // Phone numbers, ID numbers and short numbers are not orders.
    assert_eq!(ent("13812345678").order, None);
    assert_eq!(ent("110105199003071234").order, None);
    assert_eq!(ent("11010519900307123x").order, None);
    assert_eq!(ent("123456").order, None);
    assert_eq!(ent("订单[订单x]").order, None);
}

#[test]
fn phones_are_kept_masked() {
    let e = ent("电话13812345678");
    assert_eq!(e.phone.as_deref(), Some("138****5678"));
    assert_eq!(e.order, None);
    assert_eq!(ent("138 1234 5678").phone.as_deref(), Some("138****5678"));
    assert_eq!(ent("138-1234-5678").phone.as_deref(), Some("138****5678"));
    // Not a mobile number: wrong second digit, or part of a longer run.
    assert_eq!(ent("12812345678").phone, None);
    assert_eq!(ent("2413812345678").phone, None);
}

#[test]
fn nothing_in_plain_messages() {
    assert_eq!(ent("在吗,这个有优惠吗"), Entities::default());
    assert_eq!(ent(""), Entities::default());
}
