//! Shoes sized by a size of another country (`美码9`, `UK 7`, `欧码39`):
//! the foot it stands for against the item's own table, men's or women's
//! where the US differs, and the pairs just recommended.

use super::*;

#[test]
fn a_us_size_of_known_kind_gets_the_size_with_the_size_repeated() {
    // Before, `我老公穿美码9 拍多大` got the item's answer to `老公穿`, that
    // men can wear them too, and no size.
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("我老公穿美码9 拍多大")).expect("a reply");
    assert_eq!(keys, ["size_from_system"]);
    // Men's 9 is a foot of 26.2cm: 42 fits 26cm, 43 26.5cm.
    assert!(text.contains("男款美码9"), "{text}");
    assert!(text.contains("26.2cm") && text.contains("43码"), "{text}");
    // Women's sizes run a size and a half higher: 7 is a 23.3cm foot.
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("美码女7穿多大")).expect("a reply");
    assert_eq!(keys, ["size_from_system"]);
    assert!(
        text.contains("女款美码7") && text.contains("37码"),
        "{text}"
    );
    // The shoes half a size large take a size less for the same foot.
    let mut c = Conv::shipped().on_page("p-1010");
    let text = c.ask("US M9 穿几码").expect("a reply");
    assert!(text.contains("42码") && !text.contains("43码"), "{text}");
}

#[test]
fn uk_and_eu_sizes_need_no_kind() {
    // UK 7 is a 25.4cm foot, whoever wears it: 41 on the standard last.
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("UK 7")).expect("a reply");
    assert_eq!(keys, ["size_from_system"]);
    assert!(text.contains("英码7") && text.contains("41码"), "{text}");
    // 欧码 is the Chinese number: 39 on standard shoes, 38 on shoes half a
    // size large.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("欧码39穿哪个码").expect("a reply");
    assert!(text.contains("欧码39") && text.contains("拍39码"), "{text}");
    let mut c = Conv::shipped().on_page("p-1010");
    let text = c.ask("欧码39").expect("a reply");
    assert!(text.contains("38码") && text.contains("24.5cm"), "{text}");
    // A size sold out says so, as for a foot length.
    let mut c = Conv::shipped().on_page("p-1009");
    assert_eq!(c.item("p-1009").stock_of("38"), 0, "premise: 38 sold out");
    assert_eq!(
        reply_keys(&c.buyer("欧码38可以吗")),
        ["size_from_system", "stock_no"]
    );
}

#[test]
fn a_us_size_of_unknown_kind_gets_the_size_both_ways() {
    // Before: the tip, "是标准码,脚宽或脚背高的话建议拍大一码", to `美码9穿多大`.
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("美码9穿多大")).expect("a reply");
    assert_eq!(keys, ["size_system_either"]);
    assert!(text.contains("美码9"), "{text}");
    assert!(text.contains("26.2cm") && text.contains("43码"), "{text}");
    assert!(text.contains("25cm") && text.contains("40码"), "{text}");
    // Whose they are, said next, settles it.
    let (text, keys) = reply(&c.buyer("男的")).expect("a reply");
    assert_eq!(keys, ["size_from_system"]);
    assert!(
        text.contains("男款美码9") && text.contains("43码"),
        "{text}"
    );
    // A sold-out size, or one past the table, is marked in the list.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("US 8.5").expect("a reply");
    assert!(text.contains("42码(暂时售罄)"), "{text}");
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("平时穿耐克美码11").expect("a reply");
    assert!(text.contains("44码(会偏小)"), "{text}");
    // A pack without the words asks which.
    let mut c = Conv::shipped_without("size_system_either").on_page("p-1009");
    let (text, keys) = reply(&c.buyer("我穿美码7")).expect("a reply");
    assert_eq!(keys, ["size_system_ask"]);
    assert!(text.contains("男款还是女款"), "{text}");
}

#[test]
fn whose_shoes_they_are_is_read_from_the_conversation() {
    // Her measurements said before: women's sizes.
    let mut c = Conv::shipped().on_page("p-1009");
    c.ask("我妈160 110斤").expect("a reply");
    let text = c.ask("美码7呢").expect("a reply");
    assert!(
        text.contains("女款美码7") && text.contains("37码"),
        "{text}"
    );
    // A length said after the size is the newer word.
    let mut c = Conv::shipped().on_page("p-1009");
    c.ask("美码9穿多大").expect("a reply");
    let (text, keys) = reply(&c.buyer("脚长24.5cm")).expect("a reply");
    assert_eq!(keys, ["size_from_foot"]);
    assert!(!text.contains("美码"), "{text}");
    // `男的` with no size waiting says nothing of a size.
    let mut c = Conv::shipped().on_page("p-1009");
    c.ask("脚长24.5cm").expect("a reply");
    assert!(!reply_keys(&c.buyer("男的"))
        .iter()
        .any(|k| k.contains("system")));
}

#[test]
fn a_size_of_another_country_after_two_pairs_were_recommended() {
    // Before: "没太明白", to a buyer just shown two pairs.
    let mut c = Conv::shipped();
    c.ask("想买双鞋").unwrap();
    let (text, keys) = reply(&c.buyer("欧码39")).expect("a reply");
    assert_eq!(keys, ["size_for_picks_system"]);
    assert!(text.contains("欧码39"), "{text}");
    assert!(text.contains("复古厚底老爹鞋39码"), "{text}");
    assert!(text.contains("经典低帮帆布鞋38码"), "{text}");
    // A US size asks men's or women's first, then each pair's size.
    let mut c = Conv::shipped();
    c.ask("想买双鞋").unwrap();
    let (text, keys) = reply(&c.buyer("美码9")).expect("a reply");
    assert_eq!(keys, ["size_system_ask"]);
    assert!(text.contains("美码9"), "{text}");
    let (text, keys) = reply(&c.buyer("男款")).expect("a reply");
    assert_eq!(keys, ["size_for_picks_system"]);
    assert!(text.contains("男款美码9"), "{text}");
    assert!(text.contains("复古厚底老爹鞋43码"), "{text}");
    assert!(text.contains("经典低帮帆布鞋42码"), "{text}");
    // Said with it, no question.
    let mut c = Conv::shipped();
    c.ask("想买双鞋").unwrap();
    let text = c.ask("我老婆穿美码7").unwrap();
    assert!(text.contains("女款美码7"), "{text}");
}

#[test]
fn numbers_that_are_no_shoe_size_of_another_country() {
    // On clothes, a US size is nothing to size by.
    let mut c = Conv::shipped().on_page("p-1001");
    let keys = reply_keys(&c.buyer("美码9穿多大"));
    assert!(!keys.iter().any(|k| k.contains("system")), "{keys:?}");
    // Dollars are no size, nor a size without its system.
    for text in ["US$9", "美金9块", "9码"] {
        let mut c = Conv::shipped().on_page("p-1009");
        let keys = reply_keys(&c.buyer(text));
        assert!(
            !keys.iter().any(|k| k.contains("system")),
            "{text}: {keys:?}"
        );
    }
}

#[test]
fn no_pair_fitting_a_size_of_another_country_is_said_as_that_size() {
    // `女款美码5` after two pairs stands for about 21.6cm, shorter than
    // both; before, the answer said "按您脚长21.6cm", a length the buyer
    // never measured.
    let mut c = Conv::shipped();
    c.ask("想买双鞋").unwrap();
    let (text, keys) = reply(&c.buyer("美码5 女款")).expect("a reply");
    assert_eq!(keys, ["size_picks_system_none"]);
    assert!(text.contains("女款美码5约等于脚长"), "{text}");
    assert!(text.contains("不建议"), "{text}");
    assert!(!text.contains("您脚长"), "{text}");
}
