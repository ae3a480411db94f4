use super::super::{lint_sources, LintOptions};
use crate::script::load_sources;

/// The shipped pack with `edit` made to intents.toml (`from` replaced by
/// `to`, once), linted; the warnings as `kefu check` prints them, and the
/// line of `to`.
fn lint_edited(from: &str, to: &str) -> (Vec<String>, usize) {
    let mut files = crate::script::shipped::shipped_files();
    let intents = &mut files[0].1;
    assert!(intents.contains(from), "{from}");
    *intents = intents.replacen(from, to, 1);
    let line = 1 + intents[..intents.find(to).unwrap()].matches('\n').count();
    let scripts = load_sources(&files).unwrap();
    let warnings = lint_sources(&files, &scripts, &LintOptions::default());
    (warnings.iter().map(ToString::to_string).collect(), line)
}

fn at_line(lines: &[String], line: usize) -> Vec<&String> {
    let prefix = format!("intents.toml:{line}:");
    lines.iter().filter(|w| w.starts_with(&prefix)).collect()
}

#[test]
fn the_shipped_words_hand_no_ordinary_message_over() {
    let scripts = crate::script::load_embedded();
    let handed: Vec<&str> = (super::ORDINARY.iter().copied())
        .filter(|m| {
            crate::dialogue::open_with(&scripts, m)
                .handed_over
                .is_some()
        })
        .collect();
    assert!(handed.is_empty(), "{handed:?}");
}

#[test]
fn a_one_character_complaint_keyword_is_flagged_whatever_its_weight() {
    let (lines, line) = lint_edited(
        r#""投诉", "差评","#,
        r#""投诉", "差评", { text = "的", weight = 0.1 },"#,
    );
    let found = at_line(&lines, line);
    assert_eq!(found.len(), 1, "{lines:#?}");
    let warning = found[0];
    assert!(
        warning.contains("keyword `的` of intent `complaint`"),
        "{warning}"
    );
    assert!(warning.contains("single character"), "{warning}");
    assert!(
        warning.contains("would hand 16 of 80 ordinary buyer messages to a person"),
        "{warning}"
    );
    assert!(warning.contains("有黑色的吗"), "{warning}");
    assert!(warning.contains("lower weight does not help"), "{warning}");
}

#[test]
fn a_pattern_that_matches_anything_is_flagged() {
    let (lines, line) = lint_edited(
        "patterns = [\n  { re = '(就|只)等",
        "patterns = ['.*',\n  { re = '(就|只)等",
    );
    let found = at_line(&lines, line);
    // Also slow: it holds no fixed text.
    assert!(
        found.iter().any(|w| w.contains("matches every message")
            && w.contains("would hand 80 of 80 ordinary buyer messages")),
        "{lines:#?}"
    );
}

#[test]
fn a_function_word_asking_for_a_person_is_flagged() {
    let (lines, line) = lint_edited(r#""人工", "转人工","#, r#""人工", "你们", "转人工","#);
    let found = at_line(&lines, line);
    assert_eq!(found.len(), 1, "{lines:#?}");
    assert!(found[0].contains("`你们` of intent `human`"), "{lines:#?}");
    assert!(found[0].contains("common function word"), "{lines:#?}");
}

#[test]
fn a_longer_word_in_many_ordinary_messages_is_flagged_by_what_it_hands_over() {
    let (lines, line) = lint_edited(r#""投诉", "差评","#, r#""投诉", "颜色", "差评","#);
    let found = at_line(&lines, line);
    assert_eq!(found.len(), 1, "{lines:#?}");
    assert!(
        !found[0].contains("single character") && !found[0].contains("function word"),
        "{lines:#?}"
    );
    assert!(found[0].contains("would hand 3 of 80"), "{lines:#?}");
}
