//! An intent without words is refused at its `[[intent]]`; those the policy
//! hands over need none.

use crate::script::load_sources;

const SHOP: &str = "[shop]\nname = \"暖阳\"\n";

/// The problems of a pack of `intents.toml` (and the shop), as `kefu
/// check` prints them.
fn problems(intents: &str) -> Vec<String> {
    let files = [
        ("intents.toml".to_string(), intents.to_string()),
        ("shop.toml".to_string(), SHOP.to_string()),
    ];
    match load_sources(&files) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn an_intent_without_a_reply_set_is_an_error_at_its_table() {
    let pack = "[[intent]]\nname = \"greeting\"\nkeywords = [\"在吗\"]\n\n\
                [[reply]]\nintent = \"greeting\"\ntexts = [\"亲,在的~\"]\n\n\
                # 会员\n[[intent]]\nname = \"membership\"\nkeywords = [\"入会\", \"开卡\"]\n";
    let got = problems(pack);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].starts_with("intents.toml:10:1: "), "{got:#?}");
    assert!(
        got[0].contains("intent `membership` has no [[reply]] set"),
        "{got:#?}"
    );
    // Its words written, the pack loads.
    let answered = format!("{pack}\n[[reply]]\nintent = \"membership\"\ntexts = [\"亲,点店铺首页的会员入口就能入会哦~\"]\n");
    assert_eq!(problems(&answered), Vec::<String>::new());
}

#[test]
fn a_set_only_for_another_stage_still_counts_as_words() {
    // Stages are lint's: the pack answers, only not everywhere.
    let pack = "[[intent]]\nname = \"membership\"\nkeywords = [\"入会\"]\n\n\
                [[reply]]\nintent = \"membership\"\nstage = \"paid\"\ntexts = [\"亲,已为您入会~\"]\n";
    assert_eq!(problems(pack), Vec::<String>::new());
}

#[test]
fn intents_handed_to_a_person_need_no_words() {
    let pack = "[[intent]]\nname = \"complaint\"\nkeywords = [\"投诉\"]\n\n\
                [[intent]]\nname = \"human\"\nkeywords = [\"人工\"]\n\n\
                [[intent]]\nname = \"logistics\"\nkeywords = [\"物流\"]\n\n\
                [[intent]]\nname = \"return_refund\"\nkeywords = [\"退货\"]\n";
    let got = problems(pack);
    // A return question before any order is answered, so it needs words.
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(got[0].starts_with("intents.toml:13:1: "), "{got:#?}");
    assert!(got[0].contains("`return_refund`"), "{got:#?}");
}
