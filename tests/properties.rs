//! Properties that must hold for every input, checked on generated ones
//! (proptest): normalisation is idempotent, frame decoding never panics,
//! templates round-trip, masking hides every phone number, lint never panics.
//! The fuzz targets in `fuzz/` explore the same code far longer; these run
//! in every `cargo test`.

use kefu::channel::protocol::decode;
use kefu::nlu::{mask_private, normalize};
use kefu::script::lint::check_wording;
use kefu::script::{Template, TEMPLATE_VARS};
use proptest::prelude::*;

/// Text as buyers type it: Han characters (simplified and traditional),
/// full-width and half-width ASCII, emoticon codes, digits, whitespace.
fn buyer_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("在吗".to_string()),
        Just("這款".to_string()),
        Just("ＸＬ".to_string()),
        Just("？？？".to_string()),
        Just("~~".to_string()),
        Just("[微笑]".to_string()),
        Just("/:^_^".to_string()),
        Just("[数字x]".to_string()),
        Just(" ".to_string()),
        Just("\u{3000}".to_string()),
        Just("\u{200b}".to_string()),
        "[0-9]{1,4}",
        "[a-zA-Z]{1,3}",
        "\\PC{1,3}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalising_twice_changes_nothing(text in buyer_text()) {
        let once = normalize(&text);
        let twice = normalize(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.emoticons.is_empty(), "{:?}", twice.emoticons);
    }

    #[test]
    fn normalising_any_string_is_idempotent(text in "\\PC{0,40}") {
        let once = normalize(&text);
        let twice = normalize(&once.text);
        prop_assert!(twice.emoticons.is_empty(), "{:?}", twice.emoticons);
        prop_assert_eq!(twice.text, once.text);
    }

    #[test]
    fn decoding_any_text_never_panics(text in "\\PC{0,200}") {
        let _ = decode(&text);
    }

    #[test]
    fn decoding_json_shaped_frames_never_panics(
        kind in prop_oneof![
            Just("message"), Just("order"), Just("agent_message"),
            Just("send_result"), Just("hello"), Just("x"),
        ],
        fields in prop::collection::vec(
            (
                prop_oneof![
                    Just("id"), Just("shop"), Just("conversation"), Just("buyer"),
                    Just("text"), Just("sent_at"), Just("status"), Just("items"),
                    Just("amount"), Just("ref"), Just("ok"), Just("protocol"),
                    Just("shops"), Just("order"), Just("item"),
                ],
                prop_oneof![
                    Just(serde_json::json!(null)), Just(serde_json::json!("")),
                    Just(serde_json::json!("e-1")), Just(serde_json::json!(1)),
                    Just(serde_json::json!(-1.5e300)), Just(serde_json::json!(true)),
                    Just(serde_json::json!([])), Just(serde_json::json!([{"item":"p","sku":"L","qty":-1}])),
                    Just(serde_json::json!({})), Just(serde_json::json!("paid")),
                ],
            ),
            0..12,
        ),
    ) {
        let mut frame = serde_json::Map::new();
        frame.insert("type".into(), kind.into());
        for (key, value) in fields {
            frame.insert(key.into(), value);
        }
        let _ = decode(&serde_json::Value::Object(frame).to_string());
    }

    #[test]
    fn templates_round_trip(parts in prop::collection::vec(
        prop_oneof![
            "\\PC{1,8}".prop_map(Part::Literal),
            prop::sample::select(TEMPLATE_VARS).prop_map(|v| Part::Var(v.to_string())),
        ],
        1..8,
    )) {
        // Source text as a supervisor would write it: braces doubled.
        let source: String = parts.iter().map(|p| match p {
            Part::Literal(s) => s.replace('{', "{{").replace('}', "}}"),
            Part::Var(v) => format!("{{{v}}}"),
        }).collect();
        prop_assume!(!source.trim().is_empty());
        let template = Template::parse(&source).unwrap();
        prop_assert_eq!(template.source(), source.as_str());
        let expected_vars: Vec<&str> = parts.iter().filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Literal(_) => None,
        }).collect();
        prop_assert_eq!(template.vars().collect::<Vec<_>>(), expected_vars);
        let rendered = template.render(|v| Some(format!("<{v}>"))).unwrap();
        let expected: String = parts.iter().map(|p| match p {
            Part::Literal(s) => s.clone(),
            Part::Var(v) => format!("<{v}>"),
        }).collect();
        prop_assert_eq!(rendered, expected);
    }

    #[test]
    fn parsing_any_template_never_panics(source in "\\PC{0,40}") {
        if let Ok(t) = Template::parse(&source) {
            let _ = t.render(|_| Some(String::new()));
        }
    }

    #[test]
    fn masking_hides_every_phone_number(
        before in buyer_text(),
        phone in "1[3-9][0-9]{9}",
        sep in prop_oneof![Just(""), Just(" "), Just("-")],
        after in buyer_text(),
    ) {
        let written = format!("{}{}{}{}", &phone[..3], sep, &phone[3..7], sep) + &phone[7..];
        let text = format!("{before}电话{written}。{after}");
        let masked = mask_private(&text);
        prop_assert!(!masked.contains(&phone), "{masked}");
        prop_assert!(!masked.contains(&written), "{masked}");
        prop_assert!(masked.contains(&format!("{}****{}", &phone[..3], &phone[7..])), "{masked}");
    }

    #[test]
    fn linting_any_text_never_panics(text in "\\PC{0,60}") {
        let _ = check_wording(&text);
    }
}

#[derive(Debug, Clone)]
enum Part {
    Literal(String),
    Var(String),
}
