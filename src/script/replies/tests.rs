//! `[[reply]]` checks, one test per kind of mistake, and the compiled sets.

use crate::script::load::tests::{assert_one_error, check_with_base};
use crate::script::Stage;

#[test]
fn reply_sets_compile_and_are_found_by_key_and_stage() {
    let text = r#"
[[reply]]
intent = "greeting"
texts = ["亲,在的~", "您好{buyer},欢迎光临{shop}"]
short = ["亲,在的~"]

[[reply]]
intent = "greeting"
stages = ["paid", "closed"]
texts = ["亲,订单已在处理中哦~"]

[[reply]]
intent = "stock_no"
stage = "consulting"
texts = ["亲,这个码暂时断货了{{抱歉}}"]
"#;
    let checked = check_with_base(text).unwrap();
    let replies = &checked.replies;
    assert_eq!(replies.sets().len(), 3);
    let generic = replies.for_key("greeting", Stage::Consulting).unwrap();
    assert_eq!(generic.texts.len(), 2);
    assert_eq!(
        generic.texts[1].vars().collect::<Vec<_>>(),
        ["buyer", "shop"]
    );
    assert_eq!(generic.short[0].source(), "亲,在的~");
    assert_eq!(generic.at.to_string(), "test.toml:2");
    let paid = replies.for_key("greeting", Stage::Paid).unwrap();
    assert_eq!(paid.stages, [Stage::Paid, Stage::Closed]);
    let situation = replies.for_key("stock_no", Stage::Consulting).unwrap();
    assert_eq!(
        situation.texts[0].render(|_| None).as_deref(),
        Some("亲,这个码暂时断货了{抱歉}")
    );
    assert!(replies.for_key("stock_no", Stage::Greeting).is_none());
}

#[test]
fn a_reply_for_an_unknown_intent_is_an_error() {
    assert_one_error(
        "[[reply]]\nintent = \"greting\"\ntexts = [\"在的\"]\n",
        2,
        "unknown intent or situation `greting`: did you mean `greeting`?",
    );
    // Nothing close: the list of situations instead.
    assert_one_error(
        "[[reply]]\nintent = \"库存\"\ntexts = [\"在的\"]\n",
        2,
        "no [[intent]] has this name; situations are `clarify`",
    );
}

#[test]
fn an_unknown_stage_is_an_error() {
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\nstage = \"paying\"\ntexts = [\"在的\"]\n",
        3,
        "unknown stage `paying`: did you mean `paid`?",
    );
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\nstages = [\n\"paid\",\n\"shipped\"]\ntexts = [\"在的\"]\n",
        5,
        "unknown stage `shipped`",
    );
}

#[test]
fn a_stage_cut_short_suggests_the_stage_holding_it_and_nothing_else() {
    // Two sets for `greeting`: the second's misspelt stage made it look
    // stage-free, and a "second reply set with no stage" came with it.
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = [\"在的\"]\n\n\
         [[reply]]\nintent = \"greeting\"\nstage = \"unpaid\"\ntexts = [\"拍下记得付款哦\"]\n",
        7,
        "unknown stage `unpaid`: did you mean `ordered_unpaid`?",
    );
}

#[test]
fn stage_and_stages_together_are_an_error() {
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\nstage = \"paid\"\nstages = [\"closed\"]\ntexts = [\"在的\"]\n",
        3,
        "not both",
    );
}

#[test]
fn an_unknown_template_variable_is_reported_at_its_text() {
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = [\n  \"在的\",\n  \"亲,{itme}有货\",\n]\n",
        5,
        "unknown template variable {itme} (did you mean {item}?)",
    );
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = [\"亲,{宝贝}有货\"]\n",
        3,
        "unknown template variable {宝贝} (known: buyer, shop, item,",
    );
}

#[test]
fn unbalanced_braces_are_reported_at_their_text() {
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = [\"亲,{item有货\"]\n",
        3,
        "unclosed '{'",
    );
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = [\"在的\"]\nshort = [\"亲}\"]\n",
        4,
        "stray '}'",
    );
}

#[test]
fn full_width_braces_around_a_variable_are_reported_at_their_text() {
    // Sent as written before: the buyer read 亲,｛item｝有货哦.
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = [\n  \"在的\",\n  \"亲,｛item｝有货哦\",\n]\n",
        5,
        "｛item｝ uses full-width braces; write {item}",
    );
}

#[test]
fn empty_texts_are_errors() {
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = []\n",
        3,
        "has no texts",
    );
    assert_one_error(
        "[[reply]]\nintent = \"greeting\"\ntexts = [\"在的\", \"\"]\n",
        3,
        "empty text in reply `greeting`",
    );
}

#[test]
fn a_second_set_for_the_same_key_and_stage_is_an_error() {
    let text = "[[reply]]\nintent = \"greeting\"\ntexts = [\"在的\"]\n\n\
                [[reply]]\nintent = \"greeting\"\ntexts = [\"您好\"]\n";
    assert_one_error(text, 5, "a second reply set for `greeting` with no stage");
    let text = "[[reply]]\nintent = \"greeting\"\nstage = \"paid\"\ntexts = [\"在的\"]\n\n\
                [[reply]]\nintent = \"greeting\"\nstages = [\"closed\", \"paid\"]\ntexts = [\"您好\"]\n";
    assert_one_error(text, 6, "in stage `paid`");
}

#[test]
fn a_when_set_names_keywords_or_patterns_of_its_intent() {
    let text = r#"
[[intent]]
name = "shipping"
keywords = ["包邮", "几天到", "快递"]
patterns = ['(几|多少)天.{0,2}到']

[[reply]]
intent = "shipping"
texts = ["亲,包邮的~"]

[[reply]]
intent = "shipping"
when = ["几天到", '(几|多少)天.{0,2}到']
texts = ["亲,一般2-4天到~"]

[[reply]]
intent = "shipping"
when = ["快递"]
texts = ["亲,默认发中通~"]
"#;
    let checked = check_with_base(text).unwrap();
    let replies = &checked.replies;
    // The set without `when` is the key's set; the others only on a match.
    let generic = replies.for_key("shipping", Stage::Consulting).unwrap();
    assert!(generic.when.is_empty());
    let found: Vec<_> = replies
        .for_matched("shipping", Stage::Consulting, &["(几|多少)天.{0,2}到"])
        .map(|s| s.texts[0].source())
        .collect();
    assert_eq!(found, ["亲,一般2-4天到~"]);
    assert_eq!(
        replies
            .for_matched("shipping", Stage::Consulting, &["包邮"])
            .count(),
        0
    );
}

#[test]
fn a_when_entry_that_is_not_the_intents_own_is_an_error() {
    let intent = "[[intent]]\nname = \"shipping\"\nkeywords = [\"几天到\"]\n\n";
    assert_one_error(
        &format!("{intent}[[reply]]\nintent = \"shipping\"\nwhen = [\n  \"几天道\",\n]\ntexts = [\"亲~\"]\n"),
        8,
        "`when` names `几天道`, which is not a keyword or pattern of intent `shipping`",
    );
    // A keyword of another intent does not count either.
    assert_one_error(
        &format!(
            "{intent}[[reply]]\nintent = \"shipping\"\nwhen = [\"你好\"]\ntexts = [\"亲~\"]\n"
        ),
        7,
        "`when` names `你好`",
    );
    assert_one_error(
        "[[reply]]\nintent = \"stock_yes\"\nwhen = [\"有货\"]\ntexts = [\"亲~\"]\n",
        3,
        "`when` is for an intent's replies, and `stock_yes` is a situation",
    );
    // A situation only one intent asks for goes by that intent's words.
    let place =
        "[[reply]]\nintent = \"shipping_place\"\nwhen = [\"几天到\"]\ntexts = [\"亲,{place}~\"]\n";
    assert!(check_with_base(&format!("{intent}{place}")).is_ok());
    assert_one_error(
        &format!("{intent}{}", place.replace("几天到", "你好")),
        7,
        "`when` names `你好`, which is not a keyword or pattern of intent `shipping`",
    );
    // Two sets may not claim one keyword.
    assert_one_error(
        &format!(
            "{intent}[[reply]]\nintent = \"shipping\"\nwhen = [\"几天到\"]\ntexts = [\"亲~\"]\n\n\
             [[reply]]\nintent = \"shipping\"\nwhen = [\"几天到\"]\ntexts = [\"亲!\"]\n"
        ),
        10,
        "`几天到` is already in the `when` of the set at test.toml:5",
    );
}

#[test]
fn sets_for_what_matched_come_bound_first_in_file_order_and_once() {
    let text = r#"
[[intent]]
name = "shipping"
keywords = ["包邮", "几天到", "快递", "顺丰"]

[[reply]]
intent = "shipping"
texts = ["亲,包邮的~"]

[[reply]]
intent = "shipping"
when = ["快递", "顺丰"]
texts = ["亲,默认发中通~"]

[[reply]]
intent = "shipping"
when = ["几天到"]
texts = ["亲,一般2-4天到~"]

[[reply]]
intent = "shipping"
stage = "consulting"
when = ["顺丰"]
texts = ["亲,顺丰需要补运费哦~"]
"#;
    let checked = check_with_base(text).unwrap();
    let replies = &checked.replies;
    let found = |stage, matched: &[&str]| -> Vec<String> {
        (replies.for_matched("shipping", stage, matched))
            .map(|s| s.texts[0].source().to_string())
            .collect()
    };
    // Two labels naming one set give it once; the set bound to the stage
    // comes before the stage-free ones, which keep their file order
    // whatever the order of the labels.
    assert_eq!(
        found(Stage::Consulting, &["顺丰", "几天到", "快递"]),
        ["亲,顺丰需要补运费哦~", "亲,默认发中通~", "亲,一般2-4天到~"]
    );
    assert_eq!(
        found(Stage::Paid, &["顺丰"]),
        ["亲,默认发中通~"],
        "a set bound to another stage is not for this one"
    );
    assert!(found(Stage::Consulting, &["包邮"]).is_empty());
    assert!(found(Stage::Consulting, &[]).is_empty());
    // What to try: those, then the key's own set.
    let to_try: Vec<_> = (replies.to_try("shipping", Stage::Paid, &["几天到"]))
        .into_iter()
        .map(|s| s.texts[0].source().to_string())
        .collect();
    assert_eq!(to_try, ["亲,一般2-4天到~", "亲,包邮的~"]);
}

#[test]
fn a_when_pattern_typed_in_chinese_mode_names_the_pattern_as_read() {
    let text = "[[intent]]\nname = \"promotion\"\nkeywords = [\"活动\"]\n\
                patterns = ['会员（卡|积分）']\n\n\
                [[reply]]\nintent = \"promotion\"\ntexts = [\"有活动哦\"]\n\n\
                [[reply]]\nintent = \"promotion\"\nwhen = ['会员（卡|积分）']\ntexts = [\"会员有积分哦\"]\n";
    let checked = check_with_base(text).unwrap();
    let when: Vec<_> = checked
        .replies
        .sets()
        .iter()
        .flat_map(|s| s.when.iter().map(String::as_str))
        .collect();
    assert_eq!(when, ["会员(卡|积分)"]);
}
