//! `[[intent]]` and `[negation]` checks, one test per kind of mistake.

use super::word_boundary;
use crate::script::load::tests::{assert_one_error, check_with_base, errors_of};

#[test]
fn a_valid_intent_becomes_a_rule_with_its_weights() {
    let text = r#"
[[intent]]
name = "too_expensive"
weight = 2
negatable = false
keywords = ["太贵", { text = "贵", weight = 0.6 }]
patterns = ['不值(这个)?(价|钱)', { re = '贵.{0,2}(了|啊)', weight = 0.8 }]
exclude = ["不贵"]
"#;
    let checked = check_with_base(text).unwrap();
    let names: Vec<_> = checked
        .rules
        .intents
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["greeting", "too_expensive"]); // file-name order
    let rule = &checked.rules.intents[1];
    assert_eq!(
        rule.keywords,
        [("太贵".to_string(), 2.0), ("贵".to_string(), 0.6)]
    );
    assert_eq!(rule.patterns[0], ("不值(这个)?(价|钱)".to_string(), 2.0));
    assert_eq!(rule.patterns[1].1, 0.8);
    assert_eq!(rule.exclude, ["不贵"]);
    assert!(!rule.negatable);
    assert!(
        checked.rules.intents[0].negatable,
        "negatable defaults to true"
    );
}

#[test]
fn a_duplicate_intent_name_points_at_both_places() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\"]\n\n\
                [[intent]]\nname = \"stock\"\nkeywords = [\"现货\"]\n";
    assert_one_error(
        text,
        6,
        "duplicate intent `stock`: it is also defined at test.toml:2",
    );
}

#[test]
fn a_keyword_claimed_by_two_intents_with_equal_weight_names_both() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\", \"在吗\"]\n";
    assert_one_error(
        text,
        3,
        "keyword `在吗` is claimed by intent `greeting` (base_intents.toml:3:19) and intent `stock`",
    );
}

#[test]
fn a_keyword_shared_with_different_weights_is_fine() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [{ text = \"在吗\", weight = 0.5 }]\n";
    assert!(check_with_base(text).is_ok());
}

#[test]
fn a_keyword_listed_twice_in_one_intent_with_two_weights_is_an_error() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\n  \"有货\",\n  { text = \"有货\", weight = 2 },\n]\n";
    assert_one_error(
        text,
        5,
        "listed twice in intent `stock` with different weights",
    );
    // The same weight twice is harmless: it counts once.
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\", \"有货\"]\n";
    let checked = check_with_base(text).unwrap();
    assert_eq!(checked.rules.intents[1].keywords.len(), 1);
}

#[test]
fn keywords_are_compared_as_normalised() {
    // `在嗎` is `在吗` in traditional characters: the same keyword as the
    // greeting's, with the same weight.
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\", \"在嗎\"]\n";
    assert_one_error(
        text,
        3,
        "`在嗎` (read as `在吗`) is claimed by intent `greeting`",
    );
    // An emoticon code is taken out of messages, so it is no keyword.
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\", \"[微笑]\"]\n";
    assert_one_error(
        text,
        3,
        "keyword `[微笑]` in intent `stock` is empty once normalised",
    );
}

#[test]
fn an_empty_keyword_is_an_error() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\",\n  \" \"]\n";
    assert_one_error(text, 4, "empty keyword in intent `stock`");
}

#[test]
fn weights_must_be_positive_and_finite() {
    assert_one_error(
        "[[intent]]\nname = \"stock\"\nweight = 0\nkeywords = [\"有货\"]\n",
        3,
        "weight must be a positive number",
    );
    assert_one_error(
        "[[intent]]\nname = \"stock\"\nkeywords = [\n\"有货\",\n{ text = \"货\", weight = -0.5 }]\n",
        5,
        "weight must be a positive number",
    );
    assert_one_error(
        "[[intent]]\nname = \"stock\"\npatterns = [{ re = '有.货', weight = nan }]\n",
        3,
        "got NaN",
    );
    assert_one_error(
        "[[intent]]\nname = \"stock\"\nkeywords = [{ text = \"货\", weight = inf }]\n",
        3,
        "weight must be a positive number",
    );
}

#[test]
fn an_invalid_regex_is_reported_at_its_line() {
    let text = "[[intent]]\nname = \"stock\"\npatterns = [\n  '有货',\n  '不值(这个',\n]\n";
    assert_one_error(text, 5, "invalid regex `不值(这个`: unclosed group");
}

#[test]
fn a_word_boundary_in_a_pattern_is_refused() {
    let text = "[[intent]]\nname = \"stock\"\npatterns = ['\\b有货\\b']\n";
    assert_one_error(text, 3, "uses \\b");
    assert_eq!(word_boundary(r"x\b{start}"), Some(1));
    assert_eq!(word_boundary(r"a\\b"), None); // an escaped backslash, then a literal b
    assert_eq!(word_boundary(r"\d+b"), None);
}

#[test]
fn intent_names_are_lower_case_and_not_reserved() {
    assert_one_error(
        "[[intent]]\nname = \"Stock-2\"\nkeywords = [\"有货\"]\n",
        2,
        "must use only a-z and `_`",
    );
    assert_one_error(
        "[[intent]]\nname = \"clarify\"\nkeywords = [\"啥\"]\n",
        2,
        "reserved",
    );
}

#[test]
fn an_intent_that_can_never_match_is_an_error() {
    assert_one_error("\n[[intent]]\nname = \"stock\"\n", 3, "can never match");
}

#[test]
fn an_empty_exclude_phrase_is_an_error() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"货\"]\nexclude = [\"\"]\n";
    assert_one_error(text, 4, "empty exclude phrase");
}

#[test]
fn negation_defaults_and_overrides() {
    let checked = check_with_base("[negation]\nwindow = 3\nmarkers = [\"不\", \"没\"]\n").unwrap();
    let n = &checked.rules.negation;
    assert_eq!(n.window, 3);
    assert_eq!(n.markers, ["不", "没"]);
    assert!(n.keep_in_questions, "not given: the default");
    assert_eq!(n.question_markers.len(), 5);
}

#[test]
fn negation_given_twice_is_an_error() {
    let errors = errors_of(crate::script::load::tests::check_files(&[
        crate::script::load::tests::BASE[0],
        crate::script::load::tests::BASE[1],
        ("a.toml", "[negation]\nwindow = 1\n"),
        ("test.toml", "\n[negation]\nwindow = 2\n"),
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.file, "test.toml");
    assert_eq!(errors[0].at.line, 2);
    assert!(errors[0]
        .message
        .contains("given twice: the first is at a.toml:1"));
}

#[test]
fn an_empty_negation_marker_is_an_error() {
    assert_one_error(
        "[negation]\nmarkers = [\"不\", \"\"]\n",
        2,
        "empty negation marker",
    );
}

#[test]
fn a_pattern_is_normalised_like_the_messages_it_runs_on() {
    let text = "[[intent]]\nname = \"promotion\"\nkeywords = [\"活动\"]\n\
                patterns = ['会员（卡|积分）', '有會員吗？']\n";
    let checked = check_with_base(text).unwrap();
    let patterns: Vec<_> = checked.rules.intents[1]
        .patterns
        .iter()
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(patterns, ["会员(卡|积分)", "有会员吗\\?"]);
}

#[test]
fn an_invalid_pattern_is_named_as_written_and_as_read() {
    assert_one_error(
        "[[intent]]\nname = \"promotion\"\nkeywords = [\"活动\"]\npatterns = ['会员（卡|积分']\n",
        4,
        "invalid regex `会员（卡|积分` (read as `会员(卡|积分`)",
    );
}
