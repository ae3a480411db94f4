//! The shop-wide `[[faq]]` (the items' `faq` is tested beside the items).

use crate::script::load::tests::{assert_one_error, check_with_base, errors_of};

const PACK: &str = r#"
[[faq]]
ask = ["有实体店吗", "实体店在哪"]
say = "亲,我们暂时没有线下实体店哦~"
intent = "greeting"

[[faq]]
ask = ["退货运费", "運費誰出"]
say = "亲,下单送运费险哦~"
intent = "greeting"
"#;

#[test]
fn the_shops_faq_compiles_and_is_found_in_one_pass() {
    let checked = check_with_base(PACK).expect("the pack loads");
    let faq = &checked.shop.faq;
    assert_eq!(faq.entries().len(), 2);
    let found = |text| -> Vec<&str> {
        (faq.find_all(text).into_iter())
            .map(|f| f.say.as_str())
            .collect()
    };
    assert_eq!(found("你们有实体店吗"), ["亲,我们暂时没有线下实体店哦~"]);
    // Written in traditional characters, found in simplified text.
    assert_eq!(found("运费谁出啊"), ["亲,下单送运费险哦~"]);
    assert!(found("实体店比你们便宜").is_empty());
    // Two entries asked are both found, in the order asked, each once.
    assert_eq!(
        found("退货运费谁出 有实体店吗 实体店在哪"),
        ["亲,下单送运费险哦~", "亲,我们暂时没有线下实体店哦~"]
    );
}

#[test]
fn the_shops_faq_is_checked_like_an_items() {
    assert_one_error(
        &PACK.replace("\"退货运费\", ", "\"退货运费\", \"有实体店吗\", "),
        8,
        "[[faq]]: faq words `有实体店吗` are also asked at test.toml:3",
    );
    assert_one_error(
        &PACK.replacen("intent = \"greeting\"", "intent = \"greting\"", 1),
        5,
        "faq for unknown intent `greting`: did you mean `greeting`?",
    );
    // The base pack has no `product_info` to answer under.
    assert_one_error(
        &PACK.replacen("intent = \"greeting\"\n", "", 1),
        2,
        "[[faq]]: this faq entry names no `intent`",
    );
    assert_one_error(
        &PACK.replace("say = \"亲,我们暂时没有线下实体店哦~\"", "say = \"\""),
        4,
        "[[faq]]: a faq entry with an empty answer",
    );
}

#[test]
fn an_answer_quotes_the_shops_facts_and_nothing_else() {
    let quoting = PACK.replace("我们暂时没有线下实体店哦~", "{shop}暂时没有线下实体店哦~");
    let checked = check_with_base(&quoting).expect("the pack loads");
    let [first, _] = checked.shop.faq.entries() else {
        panic!("two entries")
    };
    assert_eq!(first.say, "亲,暖阳家居旗舰店暂时没有线下实体店哦~");
    // The base shop states no hours; a conversation's values are no facts.
    assert_one_error(
        &PACK.replace("我们暂时没有线下实体店哦~", "人工在线{business_hours}"),
        4,
        "quotes {business_hours}, which the shop does not state",
    );
    assert_one_error(
        &PACK.replace("我们暂时没有线下实体店哦~", "{size}码有货"),
        4,
        "quotes {size}; an answer can quote only the shop's facts",
    );
    assert_one_error(
        &PACK.replace("我们暂时没有线下实体店哦~", "{shop"),
        4,
        "unclosed '{'",
    );
}

#[test]
fn an_answer_quoting_a_fact_in_full_width_braces_is_an_error() {
    let errors = errors_of(check_with_base(
        "[[faq]]\nask = [\"几点上班\"]\nsay = \"人工｛business_hours｝在线\"\nintent = \"greeting\"\n",
    ));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.line, 3);
    assert!(
        errors[0]
            .message
            .contains("｛business_hours｝ uses full-width braces; write {business_hours}"),
        "{}",
        errors[0]
    );
}
