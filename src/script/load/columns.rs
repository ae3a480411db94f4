//! Columns: every problem a load reports points at the value at fault, or
//! at the character inside it, as `file:line:column` (characters, 1-based).

use super::tests::{assert_one_error_at, check_with_base, errors_of};

#[test]
fn an_invalid_regex_points_at_the_character_the_parser_stopped_at() {
    // `(` is the 22nd character: `patterns = ['有货', '不值` is 21.
    let text = "[[intent]]\nname = \"stock\"\npatterns = ['有货', '不值(这个']\n";
    assert_one_error_at(text, 3, 22, "invalid regex `不值(这个`: unclosed group");
    // The same in an inline table, and in a file with CRLF line ends.
    let text = "[[intent]]\nname = \"stock\"\npatterns = [{ re = '贵.{0,2}(了', weight = 0.8 }]\n";
    assert_one_error_at(text, 3, 28, "unclosed group");
    let text = "[[intent]]\r\nname = \"stock\"\r\npatterns = ['有货', '不值(这个']\r\n";
    assert_one_error_at(text, 3, 22, "unclosed group");
}

#[test]
fn a_regex_error_in_a_pattern_read_otherwise_is_placed_as_written() {
    // `（` is read as `(`, one character for one: still the character.
    let text = "[[intent]]\nname = \"stock\"\npatterns = ['不值（这个']\n";
    assert_one_error_at(text, 3, 16, "(read as `不值(这个`)");
    // An escape in double quotes shifts what follows: the value's start.
    let text = "[[intent]]\nname = \"stock\"\npatterns = [\"\\\\d+件(\"]\n";
    assert_one_error_at(text, 3, 13, "unclosed group");
}

#[test]
fn a_word_boundary_points_at_its_backslash() {
    let text = "[[intent]]\nname = \"stock\"\npatterns = ['有货\\b']\n";
    assert_one_error_at(text, 3, 16, "uses \\b");
}

#[test]
fn a_wrong_name_points_at_its_value() {
    let reply = |line: &str| {
        format!("[[intent]]\nname = \"stock\"\nkeywords = [\"有货\"]\n\n[[reply]]\n{line}\n")
    };
    assert_one_error_at(
        &reply("intent = \"stokc\"\ntexts = [\"在的\"]"),
        6,
        10,
        "reply for unknown intent or situation `stokc`",
    );
    assert_one_error_at(
        &reply("intent = \"stock\"\ntexts = [\"在的\"]\nstage = \"unpaid\""),
        8,
        9,
        "unknown stage `unpaid`",
    );
    assert_one_error_at(
        &reply("intent = \"stock\"\ntexts = [\"有的\"]\nwhen = [\"现货\"]"),
        8,
        9,
        "`when` names `现货`",
    );
}

#[test]
fn a_template_mistake_points_at_its_brace() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\"]\n\n\
                [[reply]]\nintent = \"stock\"\ntexts = [\"在的\", \"亲,{itme}有货哦\"]\n";
    assert_one_error_at(text, 7, 19, "unknown template variable {itme}");
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\"]\n\n\
                [[reply]]\nintent = \"stock\"\ntexts = [\"亲,｛item｝有货哦\"]\n";
    assert_one_error_at(text, 7, 13, "uses full-width braces");
}

#[test]
fn a_value_of_the_wrong_kind_or_an_unknown_key_points_at_it() {
    assert_one_error_at(
        "[[item]]\nid = \"p-1\"\nname = \"卫衣\"\nprice = \"129元\"\n",
        4,
        9,
        "`price` must be a number",
    );
    assert_one_error_at(
        "[[intent]]\nname = \"stock\"\n  keywrods = [\"有货\"]\n",
        3,
        3,
        "unknown field `keywrods`",
    );
    assert_one_error_at(
        "[[item]]\nid = \"p-1\"\nname = \"卫衣\"\nprice = -5\n",
        4,
        9,
        "price",
    );
}

#[test]
fn a_place_named_in_a_message_has_its_column_too() {
    let text = "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\"]\n\n\
                [[intent]]\nname = \"stock\"\nkeywords = [\"现货\"]\n";
    assert_one_error_at(text, 6, 8, "it is also defined at test.toml:2:8");
}

#[test]
fn every_problem_of_a_broken_pack_has_a_column() {
    // One of each kind across the checks; `errors_of` asserts the columns.
    let text = "[[intent]]\nname = \"Stock\"\nkeywords = [\"\"]\nweight = 0\n\n\
                [[reply]]\nintent = \"nobody\"\ntexts = []\nstages = [\"paid\", \"later\"]\n\n\
                [[item]]\nid = \"p-1\"\nname = \"\"\nprice = 0\nsizes = [\"M\"]\n\
                size_chart = \"none\"\nsimilar = [\"p-9\"]\n";
    let errors = errors_of(check_with_base(text));
    assert!(errors.len() >= 8, "{errors:#?}");
    assert!(errors.iter().all(|e| e.at.column > 0), "{errors:#?}");
}
