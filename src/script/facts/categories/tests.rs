//! `[[category]]` and the items' `categories` and `good_for`: what they
//! compile to, and one test per kind of mistake.

use crate::script::load::tests::{assert_one_error, check_with_base, errors_of};

/// Two categories, one item in the first, none in the second.
const PACK: &str = r#"
[[category]]
name = "外套"
words = ["外套", "大衣"]

[[category]]
name = "裙子"
words = ["裙子", "连衣裙"]

[[item]]
id = "p-1"
name = "短款羽绒服"
price = 499
stock = { M = 3 }
sizes = ["M"]
categories = ["外套"]
good_for = ["保暖", "冬天"]
"#;

#[test]
fn categories_and_needs_compile_with_their_words_normalised() {
    let pack = PACK.replace("\"冬天\"]", "\"冬天\", \"Oversize\"]");
    let scripts = check_with_base(&pack).expect("the pack loads");
    let catalog = &scripts.catalog;
    assert_eq!(catalog.categories.len(), 2);
    assert_eq!(catalog.categories[0].words, ["外套", "大衣"]);
    let coat = catalog.item("p-1").unwrap();
    assert_eq!(coat.categories, ["外套"]);
    // Lower case, like the messages they are looked for in.
    assert_eq!(coat.good_for, ["保暖", "冬天", "oversize"]);
    assert_eq!(catalog.items_of("外套").count(), 1);
    assert_eq!(catalog.items_of("裙子").count(), 0);
}

#[test]
fn an_item_in_an_undeclared_category_is_an_error() {
    assert_one_error(
        &PACK.replace(
            "categories = [\"外套\"]",
            "categories = [\"外套\", \"外套们\"]",
        ),
        16,
        "item `p-1`: unknown category `外套们`: did you mean `外套`?",
    );
    assert_one_error(
        &PACK.replace("categories = [\"外套\"]", "categories = [\"鞋子\"]"),
        16,
        "unknown category `鞋子` (declared: `外套`, `裙子`)",
    );
}

#[test]
fn a_word_of_two_categories_is_an_error() {
    assert_one_error(
        &PACK.replace(
            "words = [\"裙子\", \"连衣裙\"]",
            "words = [\"裙子\", \"大衣\"]",
        ),
        8,
        "the word `大衣` is also a word of category `外套` at test.toml:4",
    );
}

#[test]
fn a_category_without_words_is_an_error() {
    assert_one_error(
        &PACK.replace("words = [\"裙子\", \"连衣裙\"]", "words = []"),
        8,
        "category `裙子` has no words",
    );
}

#[test]
fn a_duplicate_category_is_an_error() {
    let pack = PACK
        .replace("name = \"裙子\"", "name = \"外套\"")
        .replace("words = [\"裙子\", \"连衣裙\"]", "words = [\"长外套\"]");
    assert_one_error(
        &pack,
        7,
        "duplicate category `外套`: it is also defined at test.toml:3",
    );
}

#[test]
fn an_empty_need_is_an_error() {
    let errors = errors_of(check_with_base(
        &PACK.replace("\"冬天\"]", "\"冬天\", \" \"]"),
    ));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains("empty word in `good_for`"),
        "{}",
        errors[0]
    );
}

/// The pack above with two recipients, the coat a present for one.
fn with_recipients() -> String {
    PACK.replace(
        "good_for = [\"保暖\", \"冬天\"]",
        "good_for = [\"保暖\", \"冬天\"]\ngift_for = [\"长辈\"]",
    ) + r#"
[[recipient]]
name = "长辈"
words = ["妈妈", "爸爸"]

[[recipient]]
name = "男生"
words = ["男朋友", "老公"]
"#
}

#[test]
fn recipients_and_the_items_for_them_compile() {
    let scripts = check_with_base(&with_recipients()).expect("the pack loads");
    let catalog = &scripts.catalog;
    assert_eq!(catalog.recipients.len(), 2);
    assert_eq!(catalog.recipients[1].words, ["男朋友", "老公"]);
    assert_eq!(catalog.item("p-1").unwrap().gift_for, ["长辈"]);
    assert_eq!(catalog.gifts_for("长辈").count(), 1);
    let gift = catalog.recipient_in("送妈妈什么好").expect("a recipient");
    assert_eq!(gift.recipient.name, "长辈");
}

#[test]
fn an_item_for_an_undeclared_recipient_is_an_error() {
    assert_one_error(
        &with_recipients().replace("gift_for = [\"长辈\"]", "gift_for = [\"老人\"]"),
        18,
        "item `p-1`: unknown recipient `老人` (declared: `长辈`, `男生`)",
    );
}

#[test]
fn a_word_of_two_recipients_is_an_error() {
    assert_one_error(
        &with_recipients().replace("[\"男朋友\", \"老公\"]", "[\"男朋友\", \"爸爸\"]"),
        26,
        "recipient `男生`: the word `爸爸` is also a word of recipient `长辈`",
    );
}
