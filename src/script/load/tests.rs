//! Loading as a whole: files, syntax, shapes, merging; plus the helpers the
//! other checks' tests share.

use super::*;
use crate::script::ScriptError;
use std::io::Write as _;

/// A `[shop]` and one intent: the least a pack needs, so a test adds only
/// the file it is about and sees only the problems of that file.
pub(crate) const BASE: [(&str, &str); 2] = [
    (
        "base_intents.toml",
        "[[intent]]\nname = \"greeting\"\nkeywords = [\"你好\", \"在吗\"]\n",
    ),
    ("base_shop.toml", "[shop]\nname = \"暖阳家居旗舰店\"\n"),
];

fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

/// Phase 1 only (no matcher), from memory, like `load_sources`.
pub(crate) fn check_files(files: &[(&str, &str)]) -> Result<Checked, ScriptErrors> {
    let mut files = owned(files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    check(Sources::new("<scripts>"), Problems::default(), files, false)
}

/// `test.toml` with `text`, on top of the base pack.
pub(crate) fn check_with_base(text: &str) -> Result<Checked, ScriptErrors> {
    let mut files = BASE.to_vec();
    files.push(("test.toml", text));
    check_files(&files)
}

/// All problems of a load that must fail; each on a line has its column.
pub(crate) fn errors_of(result: Result<Checked, ScriptErrors>) -> Vec<ScriptError> {
    match result {
        Ok(_) => panic!("expected the pack to be refused"),
        Err(errors) => {
            for e in &errors.0 {
                assert!(e.at.line == 0 || e.at.column > 0, "no column: {e}");
            }
            errors.0
        }
    }
}

/// Asserts that `text` (on top of the base pack) has exactly one problem,
/// at `test.toml:line`, whose message contains `fragment`.
/// Every problem on a line has its column too: this is checked with every
/// problem these helpers see, so each check's tests keep it so.
pub(crate) fn assert_one_error(text: &str, line: usize, fragment: &str) {
    one_error_of(text, line, fragment);
}

/// [`assert_one_error`], at `test.toml:line:column`.
pub(crate) fn assert_one_error_at(text: &str, line: usize, column: usize, fragment: &str) {
    let e = one_error_of(text, line, fragment);
    assert_eq!(e.at.column, column, "{e}");
}

fn one_error_of(text: &str, line: usize, fragment: &str) -> ScriptError {
    let errors = errors_of(check_with_base(text));
    assert_eq!(errors.len(), 1, "expected one problem, got: {errors:#?}");
    let e = errors[0].clone();
    assert_eq!(e.at.file, "test.toml", "{e}");
    assert_eq!(e.at.line, line, "{e}");
    assert!(e.message.contains(fragment), "`{fragment}` not in: {e}");
    e
}

#[test]
fn a_syntax_error_is_reported_at_its_line() {
    assert_one_error(
        "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\" \"现货\"]\n\n[[reply]]\n",
        3,
        "TOML syntax error",
    );
    assert_one_error(
        "[[intent]]\nname = \"stock\nkeywords = []\n",
        2,
        "TOML syntax error",
    );
}

#[test]
fn an_unknown_key_is_an_error_at_its_line() {
    assert_one_error(
        "[[intent]]\nname = \"stock\"\nkeywrods = [\"有货\"]\n",
        3,
        "unknown field `keywrods`",
    );
    assert_one_error(
        "[[intent]]\nname = \"stock\"\nkeywords = [\n  \"有货\",\n  { txt = \"货\" },\n]\n",
        5,
        "unknown field `txt`",
    );
}

#[test]
fn an_unknown_table_is_an_error() {
    assert_one_error(
        "\n[[intents]]\nname = \"stock\"\n",
        2,
        "unknown table `intents`: did you mean `intent`?",
    );
}

#[test]
fn tables_must_have_the_right_shape() {
    assert_one_error("[intent]\nname = \"stock\"\n", 1, "write [[intent]]");
    let errors = errors_of(check_files(&[
        BASE[0],
        ("test.toml", "\n[[shop]]\nname = \"x\"\n"),
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.line, 2);
    assert!(errors[0].message.contains("write [shop]"), "{}", errors[0]);
}

#[test]
fn a_missing_field_names_the_field() {
    assert_one_error(
        "[[intent]]\nname = \"stock\"\nkeywords = [\"有货\"]\n\n[[reply]]\nintent = \"stock\"\n",
        5,
        "missing field `texts`",
    );
}

#[test]
fn a_bom_is_stripped_and_lines_still_count_right() {
    let checked = check_with_base("\u{feff}[[intent]]\nname = \"stock\"\nkeywords = [\"有货\"]\n")
        .expect("a BOM is not an error");
    assert!(checked.rules.defines("stock"));
    assert_one_error(
        "\u{feff}[[intent]]\nname = \"stock\"\nweight = 0\nkeywords = [\"有货\"]\n",
        3,
        "weight",
    );
}

#[test]
fn crlf_line_endings_work() {
    let text = "[[intent]]\r\nname = \"stock\"\r\nkeywords = [\"有货\"]\r\n";
    assert!(check_with_base(text).is_ok());
    assert_one_error(
        "[[intent]]\r\nname = \"stock\"\r\nkeywords = [\"有货\"]\r\n\r\nweight = -1\r\n",
        5,
        "weight",
    );
}

#[test]
fn a_pack_without_intents_is_refused_naming_the_pack() {
    let errors = errors_of(check_files(&[BASE[1]]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.file, "<scripts>");
    assert!(errors[0].message.contains("no [[intent]]"), "{}", errors[0]);
    assert!(errors[0].message.contains("<scripts>"), "{}", errors[0]);
}

#[test]
fn every_problem_of_every_file_is_reported_in_order() {
    let intents = "[[intent]]\nname = \"stock\"\nkeywrods = [\"有货\"]\n\n\
                   [[intent]]\nname = \"size_advice\"\nkeywords = [\"\"]\n";
    let replies = "[[reply]]\nintent = \"stok\"\ntexts = [\"在的\"]\n\n\
                   [[reply]]\nintent = \"size_advice\"\ntexts = [\"亲{itme}\"]\n";
    let shop = "[shop]\nname = \"店\"\nship_cutoff = \"5pm\"\n";
    let errors = errors_of(check_files(&[
        ("c_shop.toml", shop),
        ("a_intents.toml", intents),
        ("b_replies.toml", replies),
    ]));
    let got: Vec<(String, usize)> = errors
        .iter()
        .map(|e| (e.at.file.clone(), e.at.line))
        .collect();
    let want = [
        ("a_intents.toml", 3),
        ("a_intents.toml", 7),
        ("b_replies.toml", 2),
        ("b_replies.toml", 7),
        ("c_shop.toml", 3),
    ]
    .map(|(f, l)| (f.to_string(), l));
    assert_eq!(got, want, "{errors:#?}");
}

#[test]
fn a_syntax_error_does_not_cause_follow_up_errors() {
    // The intent file cannot be read, so the reply to `stock` may well be
    // fine: only the syntax error is reported.
    let errors = errors_of(check_files(&[
        ("intents.toml", "[[intent]\nname = \"stock\"\n"),
        (
            "replies.toml",
            "[[reply]]\nintent = \"stock\"\ntexts = [\"有的亲\"]\n",
        ),
        BASE[1],
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.file, "intents.toml");
}

#[test]
fn sets_told_apart_by_when_are_not_duplicates_when_their_intent_did_not_parse() {
    // Found by breaking a copy of the shipped scripts: one syntax error in
    // intents.toml came with six "a second reply set" errors, one for each
    // set that a `when` told apart from its intent's other set.
    let errors = errors_of(check_files(&[
        ("intents.toml", "[[intent]\nname = \"shipping\"\n"),
        (
            "replies.toml",
            "[[reply]]\nintent = \"shipping\"\ntexts = [\"48小时内发货\"]\n\n\
             [[reply]]\nintent = \"shipping\"\nwhen = [\"几天到\"]\ntexts = [\"三天左右到\"]\n",
        ),
        BASE[1],
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.file, "intents.toml");
}

#[test]
fn a_broken_intent_is_not_also_reported_as_unknown() {
    let text = "[[intent]]\nname = \"stock\"\nkeywrods = [\"有货\"]\n\n\
                [[reply]]\nintent = \"stock\"\ntexts = [\"有的亲\"]\n";
    assert_one_error(text, 3, "keywrods");
}

#[test]
fn load_dir_reads_toml_files_and_names_them_by_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "not a script").unwrap();
    std::fs::write(dir.path().join("a.toml"), BASE[0].1).unwrap();
    std::fs::write(
        dir.path().join("b.toml"),
        "[shop]\nname = \"店\"\nship_cutoff = \"25:00\"\n",
    )
    .unwrap();
    let errors = load_dir(dir.path()).unwrap_err().0;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].at.file,
        dir.path().join("b.toml").display().to_string()
    );
    assert_eq!(errors[0].at.line, 3);
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), BASE[0].1).unwrap();
    std::fs::write(dir.path().join("b.toml"), BASE[1].1).unwrap();
    let mut f = std::fs::File::create(dir.path().join("c.toml")).unwrap();
    f.write_all(b"[[reply]]\nintent = \"greeting\"\ntexts = [\"\xc4\xe3\xba\xc3\"]\n")
        .unwrap(); // GBK, as old Windows editors save it
    let errors = load_dir(dir.path()).unwrap_err().0;
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].at.file.ends_with("c.toml"), "{}", errors[0]);
    assert_eq!(errors[0].at.line, 3);
    assert!(errors[0].message.contains("UTF-8"), "{}", errors[0]);
}

#[test]
fn an_empty_or_missing_directory_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let errors = load_dir(dir.path()).unwrap_err().0;
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("no *.toml"), "{}", errors[0]);
    assert!(
        errors[0]
            .message
            .contains(&dir.path().display().to_string()),
        "{}",
        errors[0]
    );
    let missing = dir.path().join("nope");
    let errors = load_dir(&missing).unwrap_err().0;
    assert!(errors[0].message.contains("cannot read"), "{}", errors[0]);
}

#[test]
fn no_files_at_all_is_an_error() {
    let errors = load_sources(&[]).unwrap_err().0;
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("no script files"));
}

#[test]
fn a_valid_pack_loads_and_understands_messages() {
    let intents = r#"
[negation]
window = 2

[[intent]]
name = "too_expensive"
keywords = ["太贵", { text = "贵", weight = 0.6 }]
exclude = ["不贵"]

[[intent]]
name = "stock"
keywords = ["有货", "现货"]
patterns = ['还有.{0,3}码']
"#;
    let replies =
        "[[reply]]\nintent = \"stock\"\ntexts = [\"亲,{item}有现货的哦~\", \"亲,有货的~\"]\n\n\
         [[reply]]\nintent = \"too_expensive\"\ntexts = [\"亲,一分钱一分货哦~\"]\n";
    let catalog =
        "[[item]]\nid = \"p-1\"\nname = \"加绒卫衣\"\naliases = [\"卫衣\"]\nprice = 129\n\
                   sizes = [\"M\"]\nstock = { M = 2 }\n";
    let shop = "\u{feff}[shop]\r\nname = \"暖阳家居旗舰店\"\r\nship_cutoff = \"17:00\"\r\n";
    let scripts = load_sources(&owned(&[
        ("replies.toml", replies),
        ("intents.toml", intents),
        ("catalog.toml", catalog),
        ("shop.toml", shop),
    ]))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scripts.dir, None);
    assert_eq!(scripts.intents, ["too_expensive", "stock"]);
    assert_eq!(
        scripts.classifier.classify("这个太贵了").top(),
        "too_expensive"
    );
    assert_eq!(scripts.classifier.classify("还有L码吗").top(), "stock");
    assert_eq!(scripts.classifier.classify("今天天气不错").top(), "other");
    let set = scripts
        .replies
        .for_key("stock", crate::script::Stage::Consulting)
        .unwrap();
    assert_eq!(set.texts.len(), 2);
    assert_eq!(set.at.to_string(), "replies.toml:1");
    assert_eq!(scripts.catalog.item("p-1").unwrap().stock_of("M"), 2);
    assert_eq!(scripts.shop.name, "暖阳家居旗舰店");
    assert_eq!(scripts.shop.ship_cutoff.as_deref(), Some("17:00"));
}

#[test]
fn load_dir_loads_a_valid_pack_and_remembers_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in BASE {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let reply = "[[reply]]\nintent = \"greeting\"\ntexts = [\"亲,在的~\"]\n";
    std::fs::write(dir.path().join("replies.toml"), reply).unwrap();
    let scripts = load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scripts.dir.as_deref(), Some(dir.path()));
    assert_eq!(scripts.intents, ["greeting"]);
    assert_eq!(scripts.classifier.classify("你好").top(), "greeting");
}

#[test]
fn the_built_in_pack_is_valid_and_covers_the_taxonomy() {
    let scripts = load_embedded();
    assert_eq!(scripts.dir, None);
    let mut intents = scripts.intents.clone();
    intents.sort();
    let mut taxonomy: Vec<String> = crate::script::TAXONOMY
        .iter()
        .map(|s| s.to_string())
        .collect();
    taxonomy.sort();
    assert_eq!(intents, taxonomy);
    for key in crate::script::SITUATIONS {
        assert!(
            scripts.replies.of(key).next().is_some(),
            "the built-in pack has no reply for the situation `{key}`"
        );
    }
    assert!(!scripts.shop.name.is_empty());
    assert!(!scripts.catalog.items.is_empty());
}

#[test]
fn a_full_width_comma_is_named_with_line_and_column() {
    let errors = errors_of(check_files(&[
        BASE[0],
        (
            "shop.toml",
            "[shop]\nname = \"店\"\ncouriers = [\"中通\"，\"韵达\"]\n",
        ),
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let shown = errors[0].to_string();
    assert!(
        shown.starts_with(
            "shop.toml:3:17: a full-width comma '，' (全角逗号): TOML needs the half-width ','"
        ),
        "{shown}"
    );
}

#[test]
fn faq_with_single_brackets_twice_suggests_double_brackets() {
    assert_one_error(
        "[faq]\nask = [\"有实体店吗\"]\nsay = \"没有\"\n\n[faq]\nask = [\"退货运费\"]\nsay = \"我们出\"\n",
        5,
        "did you mean [[faq]]?",
    );
}

#[test]
fn a_regex_in_double_quotes_is_told_to_use_single_quotes() {
    assert_one_error(
        "[[intent]]\nname = \"bargain\"\npatterns = [{ re = \"(就|只)等\\d+\" }]\n",
        3,
        "single quotes",
    );
}

#[test]
fn a_shop_that_does_not_parse_hides_the_facts_its_answers_quote() {
    // Found by a supervisor's try: one syntax error in shop.toml came after
    // an error on every faq answer quoting its facts, which sort first.
    let errors = errors_of(check_files(&[
        BASE[0],
        (
            "faq.toml",
            "[[faq]]\nask = [\"几点上班\"]\nsay = \"{business_hours}\"\n",
        ),
        (
            "shop.toml",
            "[shop]\nname = \"店\"\nbusiness_hours = \"9:00-18:00\"\nx = [1 2]\n",
        ),
    ]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].at.file, "shop.toml");
}

#[test]
fn a_value_of_the_wrong_kind_is_told_in_plain_words() {
    assert_one_error(
        "[[item]]\nid = \"p-1\"\nname = \"卫衣\"\nprice = \"129元\"\n",
        4,
        "`price` must be a number, without 元 or quotes: price = 129",
    );
    assert_one_error(
        "[[item]]\nid = \"p-1\"\nname = \"卫衣\"\nprice = 129\nsizes = [\"M\"]\nstock = { M = \"30\" }\n",
        6,
        "`M` must be a whole number, without quotes or units: M = 30",
    );
    assert_one_error(
        "[[faq]]\nask = \"有会员吗\"\nsay = \"有的\"\n",
        2,
        "a list is needed, in [ ]: ask = [\"有会员吗\"]",
    );
}
