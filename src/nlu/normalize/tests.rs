//! Normalisation, step by step and through the one-pass fast path.

use super::*;

fn text(s: &str) -> String {
    normalize(s).text
}

#[test]
fn traditional_becomes_simplified() {
    assert_eq!(text("這件衣服多少錢?有貨嗎"), "这件衣服多少钱?有货吗");
    assert_eq!(text("太貴了"), "太贵了");
    assert_eq!(text("頭髮"), "头发");
}

#[test]
fn simplified_text_is_left_alone() {
    // `么` and `干` are simplified forms: no phrase rule may rewrite them.
    assert_eq!(text("怎么这么贵"), "怎么这么贵");
    assert_eq!(text("干净吗"), "干净吗");
    assert!(!is_traditional('么'));
    assert!(is_traditional('麼'));
    assert!(is_traditional('貴'));
}

#[test]
fn full_width_and_case_are_folded() {
    assert_eq!(text("ＸＬ有嗎？"), "xl有吗?");
    assert_eq!(text("好的，谢谢！"), "好的,谢谢!");
    assert_eq!(text("Ｓ码～"), "s码~");
    assert_eq!(text("１７０ｃｍ"), "170cm");
    assert_eq!(text("XL"), "xl");
}

#[test]
fn whitespace_is_removed_but_numbers_stay_apart() {
    assert_eq!(text(" 有 货\u{3000}吗\t\n"), "有货吗");
    assert_eq!(text("170 120斤"), "170,120斤");
    assert_eq!(text("170  ,120"), "170,120");
    assert_eq!(text("a\u{200B}b"), "ab");
}

#[test]
fn repeated_punctuation_collapses() {
    assert_eq!(text("在吗???"), "在吗?");
    assert_eq!(text("在吗？？？"), "在吗?");
    assert_eq!(text("好的~~~"), "好的~");
    assert_eq!(text("嗯。。。"), "嗯。");
    assert_eq!(text("……"), "…");
    // Different punctuation and repeated characters that are not punctuation stay.
    assert_eq!(text("?!哈哈哈"), "?!哈哈哈");
    assert_eq!(text("1.75米"), "1.75米");
}

#[test]
fn bracket_emoticons_are_reported_and_removed() {
    let n = normalize("[微笑]在吗[呲牙][OK]");
    assert_eq!(n.text, "在吗");
    assert_eq!(n.emoticons, ["[微笑]", "[呲牙]", "[OK]"]);
    // Removing an emoticon may bring punctuation together: it still collapses.
    assert_eq!(text("好?[微笑]?"), "好?");
}

#[test]
fn jddc_masks_and_other_brackets_stay() {
    let n = normalize("订单[订单x]到哪了,[数字x]天了 [链接x] [姓名x]");
    assert!(n.emoticons.is_empty());
    assert_eq!(n.text, "订单[订单x]到哪了,[数字x]天了[链接x][姓名x]");
    assert_eq!(text("[不是表情因为太长]"), "[不是表情因为太长]");
    assert_eq!(text("[12]"), "[12]");
    assert_eq!(text("[XL]"), "[xl]");
    assert_eq!(text("a[b"), "a[b");
}

#[test]
fn slash_emoticons_are_reported_and_removed() {
    let n = normalize("好的/:^_^谢谢/:012/:?/:8-)");
    assert_eq!(n.text, "好的谢谢");
    assert_eq!(n.emoticons, ["/:^_^", "/:012", "/:?", "/:8-)"]);
    // A slash that starts no code is ordinary text.
    assert_eq!(text("s/m"), "s/m");
    assert_eq!(text("http://x.cn"), "http://x.cn");
    assert_eq!(text("/:12a"), "/:12a");
}

#[test]
fn rule_strings_normalise_like_messages() {
    assert_eq!(text("貴"), text("贵"));
    assert_eq!(text("ＸＬ"), "xl");
    assert_eq!(text(""), "");
}

/// The one pass gives up when step 3 or 4 may have work to do.
#[test]
fn one_pass_gives_up_on_emoticons_and_traditional_text() {
    for raw in [
        "[微笑]",
        "a[微笑]b",
        "[[微笑]",
        "[OK]",
        "［ＯＫ］",
        "好/:^_^",
        "/ :)",
        "/\u{200B}:",
        "／：",
        "/:12a",
        "/::",
        "[呲牙]]]",
        "太貴了",
        "ＸＬ貴",
        "[数字x]貴",
    ] {
        assert_eq!(one_pass(raw), None, "{raw:?}");
    }
    // Brackets that hold no code (JDDC masks, sizes, long or odd bodies) and
    // slashes without a colon stay on the one pass.
    for raw in [
        "在吗",
        "s/m",
        "http://x.cn",
        "a:b",
        "怎么这么贵",
        "ＸＬ有吗？？",
        "",
        "[数字x]天了",
        "[链接x] 是的",
        "[XL]",
        "[12]",
        "a[b",
        "[不是表情因为太长]",
        "[]",
        "[a b c d e]",
        "[[数字x]]",
    ] {
        assert!(one_pass(raw).is_some(), "{raw:?}");
    }
}

/// Edge cases of doing folding, whitespace, case and collapsing at once.
#[test]
fn one_pass_steps_interact_like_separate_steps() {
    for (raw, want) in [
        // Whitespace between digits, also full-width ones and ideographic space.
        ("１７０　１２０斤", "170,120斤"),
        ("1 \t 2", "1,2"),
        ("1 a 2", "1a2"),
        // A `,` put in collapses with a `,` typed next to it, as when separate.
        ("1, 2", "1,2"),
        ("1 ,2", "1,2"),
        // Repeats meet across dropped whitespace and invisible characters.
        ("? ?", "?"),
        ("?\u{200B}?", "?"),
        ("？?", "?"),
        ("。 。", "。"),
        // Letters repeat freely; only punctuation collapses.
        ("ＡＡａ", "aaa"),
        ("//", "//"),
        ("好\u{FEFF}的", "好的"),
        ("\u{7}", ""),
    ] {
        assert_eq!(one_pass(raw).as_deref(), Some(want), "{raw:?}");
        assert_eq!(step_by_step(raw).text, want, "{raw:?}");
    }
}

/// Whenever the one pass finishes, it agrees with the steps done one by one,
/// over generated strings mixing every kind of character the steps treat.
#[test]
fn one_pass_agrees_with_step_by_step() {
    const PIECES: &[&str] = &[
        "在",
        "吗",
        "货",
        "么",
        "贵",
        "貴",
        "Ａ",
        "ｘ",
        "Ｌ",
        "１",
        "？",
        "，",
        "～",
        "\u{301C}",
        "\u{3000}",
        " ",
        "\t",
        "\n",
        "\u{200B}",
        "\u{FEFF}",
        "\u{7}",
        "1",
        "7",
        "0",
        "A",
        "b",
        "?",
        "?",
        "!",
        ",",
        ".",
        "/",
        ":",
        "[",
        "]",
        "。",
        "…",
        "、",
        "\u{FF61}",
        "é",
        "𠀀",
        "㐀",
        "x",
        // Codes and what looks like them.
        "X",
        "OK",
        "[微笑]",
        "[数字x]",
        "[XL]",
        "［",
        "］",
        "／",
        "：",
        "^_^",
        "012",
        "微笑",
    ];
    let mut rng = fastrand::Rng::with_seed(7);
    let mut finished = 0;
    for _ in 0..20_000 {
        let raw: String = (0..rng.usize(0..10))
            .map(|_| PIECES[rng.usize(..PIECES.len())])
            .collect();
        let slow = step_by_step(&raw);
        if let Some(text) = one_pass(&raw) {
            finished += 1;
            assert_eq!(text, slow.text, "{raw:?}");
            assert!(slow.emoticons.is_empty(), "{raw:?}");
        }
    }
    // The comparison must have happened often enough to mean something.
    assert!(
        finished > 5_000,
        "only {finished} strings took the one pass"
    );
}

#[test]
fn has_finds_words_and_characters_as_contains_does() {
    let texts = [
        "",
        "穿",
        "我平时穿38码",
        "可以备注一下不要放发票吗",
        "a long ascii text, longer than sixty-four bytes for the other path",
    ];
    let words = [
        "穿",
        "备注",
        "不要放",
        "发票吗",
        "38",
        "x",
        "path",
        "ascii text",
    ];
    for text in texts {
        for word in words {
            assert_eq!(has(text, word), text.contains(word), "{text:?} {word:?}");
        }
    }
}
