//! The figures of `kefu eval` on small hand-made packs and messages.

use super::*;
use crate::nlu::{IntentRule, NegationRule};

fn intent(name: &str, keywords: &[(&str, f32)]) -> IntentRule {
    IntentRule {
        name: name.into(),
        keywords: keywords.iter().map(|(k, w)| (k.to_string(), *w)).collect(),
        negatable: false,
        ..IntentRule::default()
    }
}

fn labelled(text: &str, labels: &[&str]) -> Labelled {
    Labelled {
        id: None,
        text: text.into(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        line: 0,
    }
}

fn classifier() -> Classifier {
    let intents = [
        intent("shipping", &[("包邮", 1.5), ("发货", 1.0)]),
        intent("stock", &[("有货", 1.0)]),
        intent("greeting", &[("在吗", 0.5)]),
    ];
    Classifier::build(&intents, &NegationRule::default(), &[]).unwrap()
}

#[test]
fn accuracy_recall_and_other_are_counted_per_message() {
    let data = [
        labelled("包邮吗", &["shipping"]),
        // Top is shipping (1.5 > 1.0); stock is found too: any-label recall, not top.
        labelled("有货吗包邮吗", &["stock", "shipping"]),
        labelled("有货吗,发货快吗?包邮", &["stock"]),
        labelled("嗯", &["other"]),
        labelled("颜色好看", &["product_info"]),
    ];
    let r = evaluate(&classifier(), &data);
    assert_eq!(r.messages, 5);
    // Right: 包邮吗, 嗯.
    assert!((r.accuracy - 2.0 / 5.0).abs() < 1e-9, "{r:?}");
    // Top among labels: 包邮吗, 有货吗包邮吗, 嗯.
    assert!((r.top_in_labels - 3.0 / 5.0).abs() < 1e-9, "{r:?}");
    // Some label found at all: the first four.
    assert!((r.any_label_recall - 4.0 / 5.0).abs() < 1e-9, "{r:?}");
    assert!((r.wrongly_other - 1.0 / 5.0).abs() < 1e-9, "{r:?}");
    assert!((r.other_share - 2.0 / 5.0).abs() < 1e-9, "{r:?}");
    let shipping = r.intents.iter().find(|f| f.intent == "shipping").unwrap();
    assert_eq!(
        (shipping.support, shipping.predicted, shipping.correct),
        (1, 3, 1)
    );
    assert!((shipping.precision - 1.0 / 3.0).abs() < 1e-9);
    // Shipping scored in three messages, two of them labelled with it.
    assert_eq!(shipping.hits, 3);
    assert!((shipping.hit_precision - 2.0 / 3.0).abs() < 1e-9);
    // Stock never came first, but it was found twice and is right both times.
    let stock = r.intents.iter().find(|f| f.intent == "stock").unwrap();
    assert_eq!((stock.predicted, stock.hits), (0, 2));
    assert!((stock.hit_precision - 1.0).abs() < 1e-9);
    assert_eq!(
        r.min_precision().map(|f| f.intent.as_str()),
        Some("shipping")
    );
    assert_eq!(r.confusions[0].label, "stock");
    assert_eq!(r.confusions[0].predicted, "shipping");
    assert_eq!(r.confusions[0].count, 2);
    assert_eq!(r.misses.len(), 3);
}

#[test]
fn only_the_intents_a_reply_answers_count_as_answered() {
    let intents = [
        intent("shipping", &[("包邮", 1.5), ("发货", 1.0)]),
        intent("stock", &[("有货", 1.0)]),
        intent("product_info", &[("颜色", 0.5)]),
    ];
    let classifier = Classifier::build(&intents, &NegationRule::default(), &[]).unwrap();
    let data = [
        // Stock scores 1.0 of 1.5: answered beside shipping, and asked.
        labelled("包邮吗有货吗", &["shipping", "stock"]),
        // 1.0 of 2.5 is just 0.4: answered, but not asked.
        labelled("包邮发货吗有货", &["shipping"]),
        // 0.5 of 2.5: not answered, so the colour question is not found.
        labelled("包邮发货吗颜色", &["product_info"]),
    ];
    let r = evaluate(&classifier, &data);
    assert_eq!(r.also_answered, 2, "{r:?}");
    assert!((r.also_answered_labelled - 0.5).abs() < 1e-9, "{r:?}");
    assert!((r.any_label_recall - 2.0 / 3.0).abs() < 1e-9, "{r:?}");
    // Scoring at all is still a hit.
    let info = r
        .intents
        .iter()
        .find(|f| f.intent == "product_info")
        .unwrap();
    assert_eq!(info.hits, 1);
    let table = render_table(&r, 0);
    assert!(
        table.contains("also answered       2 (50.0% labelled)"),
        "{table}"
    );
}

#[test]
fn pinyin_changes_are_counted_as_fixed_broken_or_neither() {
    let data = [
        // 包油 sounds like 包邮: fixed by pinyin.
        labelled("包油吗", &["shipping"]),
        // 在马路上 holds 在马, a close sound-alike of 在吗: a collision.
        labelled("我在马路上", &["other"]),
        // Unchanged either way.
        labelled("在吗", &["greeting"]),
    ];
    let r = evaluate(&classifier(), &data);
    assert_eq!(r.pinyin.changed, 2, "{:?}", r.pinyin);
    assert_eq!(r.pinyin.fixed, 1);
    assert_eq!(r.pinyin.broken, 1);
    assert_eq!(r.pinyin.still_wrong, 0);
    assert!((r.pinyin.exact_accuracy - 2.0 / 3.0).abs() < 1e-9);
    let fixed = &r.pinyin.changes[0];
    assert_eq!(
        (fixed.exact.as_str(), fixed.with_pinyin.as_str()),
        ("other", "shipping")
    );
}

#[test]
fn table_shows_every_figure() {
    let data = [
        labelled("包油吗", &["shipping"]),
        labelled("嗯", &["greeting"]),
    ];
    let table = render_table(&evaluate(&classifier(), &data), 5);
    for needle in [
        "top-intent accuracy  50.0%",
        "any-label recall     50.0%",
        "wrongly 'other'      50.0%",
        "greeting  ",
        "greeting → other",
        "pinyin matching changed 1 top intent: 1 fixed, 0 broken",
        "[shipping] other → shipping  包油吗",
        "misses",
    ] {
        assert!(table.contains(needle), "missing `{needle}` in\n{table}");
    }
}

#[test]
fn labelled_files_are_read_with_line_numbers_in_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.jsonl");
    std::fs::write(
        &path,
        "{\"text\":\"在吗\",\"labels\":[\"greeting\"]}\n\n{\"text\":\"x\",\"labels\":[]}\n",
    )
    .unwrap();
    let err = read_labelled(&path).unwrap_err();
    assert!(err.ends_with("l.jsonl:3: \"labels\" is empty"), "{err}");
    std::fs::write(&path, "{\"text\":\"在吗\",\"labels\":[\"greeting\"]}\n").unwrap();
    assert_eq!(read_labelled(&path).unwrap().len(), 1);
}

#[test]
fn comparing_two_packs_lists_what_an_edit_fixes_and_breaks() {
    // The edit adds `快递` to shipping: "快递丢了" (labelled logistics) now
    // reads as shipping, "发快递吗" (shipping) is now understood.
    let edited = Classifier::build(
        &[
            intent("shipping", &[("包邮", 1.5), ("发货", 1.0), ("快递", 1.0)]),
            intent("stock", &[("有货", 1.0)]),
            intent("greeting", &[("在吗", 0.5)]),
        ],
        &NegationRule::default(),
        &[],
    )
    .unwrap();
    let data = [
        labelled("发快递吗", &["shipping"]),
        labelled("快递丢了", &["other"]),
        labelled("快递什么时候到", &["logistics"]),
        labelled("有货吗", &["stock"]),
    ];
    let c = compare(&classifier(), &edited, &data);
    assert_eq!((c.fixed, c.broken, c.other_changes), (1, 1, 1));
    assert_eq!(c.accuracy_before, 0.5);
    assert_eq!(c.accuracy_after, 0.5);
    // Broken first: what a supervisor must look at before going live.
    let verdicts: Vec<(&str, &str)> = c
        .changes
        .iter()
        .map(|x| (x.verdict(), x.text.as_str()))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("broken", "快递丢了"),
            ("fixed", "发快递吗"),
            ("changed", "快递什么时候到")
        ]
    );
    let shown = render_comparison(&c, "scripts");
    assert!(
        shown.contains("3 top intents changed: 1 fixed, 1 broken"),
        "{shown}"
    );
    assert!(
        shown.contains("broken  [other] other → shipping  快递丢了"),
        "{shown}"
    );
}
