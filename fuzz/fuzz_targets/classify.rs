//! Normalisation, classification, entities and privacy masking on any text,
//! with the built-in script pack: no panic, and normalising is idempotent.
#![no_main]

use kefu::nlu::{mask_private, normalize};
use kefu::script::{load_embedded, Scripts};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static SCRIPTS: LazyLock<Scripts> = LazyLock::new(load_embedded);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = normalize(&text);
    let twice = normalize(&once.text);
    // Known and reported (tests/fuzz_regressions.rs): a second pass can find
    // emoticon codes the first one made, by lower-casing (`/:B` → `/:b`) or
    // by splicing the text around a removed code (`[[R]R]` → `[R]`). Any
    // other difference between the passes is a new finding.
    if twice.emoticons.is_empty() {
        assert_eq!(once.text, twice.text, "normalize is not idempotent");
    }
    let c = SCRIPTS.classifier.classify(&text);
    for intent in &c.intents {
        assert!(intent.score.is_finite() && intent.score > 0.0, "{intent:?}");
    }
    let _ = mask_private(&text);
});
