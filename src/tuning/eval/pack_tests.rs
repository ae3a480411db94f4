//! The figures of `kefu eval` that need a whole pack: what goes to a
//! person, where a miss's keywords are written, labels checked against the
//! pack's intents.

use super::*;
use crate::script::load_sources;

fn labelled(text: &str, labels: &[&str], line: usize) -> Labelled {
    Labelled {
        id: None,
        text: text.into(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        line,
    }
}

/// The shipped pack as `intents.toml`, `replies.toml` …, with `from`
/// replaced by `to` in intents.toml; and the line of `to` there.
fn shipped_with(from: &str, to: &str) -> (Scripts, String, usize) {
    let mut files = crate::script::shipped::shipped_files();
    files[0].1 = files[0].1.replacen(from, to, 1);
    let intents = files[0].1.clone();
    let line = 1 + intents[..intents.find(to).unwrap()].matches('\n').count();
    (load_sources(&files).unwrap(), intents, line)
}

#[test]
fn a_miss_names_the_keywords_behind_its_top_intent_and_their_lines() {
    let (scripts, intents, _) = shipped_with("", "");
    let data = [labelled("在吗", &["shipping"], 1)];
    let report = evaluate_pack(&scripts, &data);
    let miss = &report.misses[0];
    assert_eq!(miss.predicted, "greeting");
    assert!(!miss.matched.is_empty(), "{miss:?}");
    for word in &miss.matched {
        let at = word.at.as_deref().expect("where the keyword is written");
        let line: usize = at.strip_prefix("intents.toml:").unwrap().parse().unwrap();
        let written = intents.lines().nth(line - 1).unwrap();
        // Keywords are written in double quotes, patterns in single ones.
        let quoted = |q: char| format!("{q}{}{q}", word.word);
        assert!(
            written.contains(&quoted('"')) || written.contains(&quoted('\'')),
            "{at}: {written}"
        );
    }
    let table = render_table(&report, 5);
    assert!(table.contains("[shipping] → greeting  在吗"), "{table}");
    assert!(
        table.contains("      matched 在吗 ← intents.toml:"),
        "{table}"
    );
}

#[test]
fn messages_handed_to_a_person_are_counted_by_the_policy() {
    let (shipped, _, _) = shipped_with("", "");
    let data = [
        labelled("我要投诉你们", &["complaint"], 1),
        labelled("有黑色的吗", &["stock"], 2),
        labelled("包邮吗", &["shipping"], 3),
    ];
    let rate = evaluate_pack(&shipped, &data).handover.unwrap();
    assert_eq!((rate.handed_over, rate.messages), (1, 3));
    assert_eq!(rate.by_reason.get("complaint"), Some(&1));
    // `的` in complaint, weighed so little that no top intent changes:
    // complaint still hands over wherever it ranks.
    let (draft, _, line) = shipped_with(
        r#""投诉", "差评","#,
        r#""投诉", "差评", { text = "的", weight = 0.1 },"#,
    );
    let c = compare_packs(&shipped, &draft, &data);
    assert!(c.changes.is_empty(), "{c:?}");
    let h = c.handover.as_ref().unwrap();
    assert_eq!((h.before.handed_over, h.after.handed_over), (1, 2));
    assert_eq!(h.no_longer, 0);
    assert_eq!(h.newly.len(), 1, "{h:?}");
    assert_eq!(h.newly[0].text, "有黑色的吗");
    assert_eq!(h.newly[0].reason, "complaint");
    assert_eq!(h.newly[0].words, [format!("的 ← intents.toml:{line}")]);
    let shown = render_comparison(&c, "scripts");
    assert!(
        shown.contains("handed to a person 33.3% (1 of 3) → 66.7% (2 of 3): 1 newly, 0 no longer"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "  to a person [stock] complaint: 的 ← intents.toml:{line}  有黑色的吗"
        )),
        "{shown}"
    );
    let table = render_table(&evaluate_pack(&draft, &data), 0);
    assert!(
        table.contains("handed to a person  66.7% (2 of 3): complaint 2"),
        "{table}"
    );
}

#[test]
fn a_label_that_is_no_intent_is_an_error_at_its_line() {
    let intents = ["greeting", "shipping", "stock"];
    let path = std::path::Path::new("labelled.jsonl");
    let good = [
        labelled("在吗", &["greeting"], 1),
        labelled("嗯", &["other"], 2),
    ];
    assert_eq!(check_labels(&good, path, intents), Ok(()));
    let bad = [
        labelled("在吗", &["greeting"], 1),
        labelled("包邮吗", &["shiping"], 3),
        labelled("嗯", &["stock", "会员"], 4),
    ];
    let err = check_labels(&bad, path, intents).unwrap_err();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "labelled.jsonl:3: label `shiping` is no intent of the scripts: did you mean `shipping`?",
            "labelled.jsonl:4: label `会员` is no intent of the scripts: use one of the pack's intents, or `other`",
        ]
    );
}
