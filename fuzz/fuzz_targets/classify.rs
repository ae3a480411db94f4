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
    // Normalising twice changes nothing (fixed finding: codes made by
    // lower-casing or by splicing around a removed code, see
    // tests/fuzz_regressions.rs).
    assert_eq!(once.text, twice.text, "normalize is not idempotent");
    assert!(twice.emoticons.is_empty(), "a second pass found {:?}", twice.emoticons);
    let c = SCRIPTS.classifier.classify(&text);
    for intent in &c.intents {
        assert!(intent.score.is_finite() && intent.score > 0.0, "{intent:?}");
    }
    let _ = mask_private(&text);
});
