//! Script parsing and validation: any file content gives a pack or a list
//! of problems with file:line, never a panic.
//!
//! The input replaces one file of the built-in pack (chosen by its first
//! byte), so mutations reach the cross-file checks and the matcher compiler,
//! not only the TOML parser.
#![no_main]

use kefu::script::load_sources;
use libfuzzer_sys::fuzz_target;

const PACK: [(&str, &str); 4] = [
    ("intents.toml", include_str!("../../scripts/intents.toml")),
    ("replies.toml", include_str!("../../scripts/replies.toml")),
    ("catalog.toml", include_str!("../../scripts/catalog.toml")),
    ("shop.toml", include_str!("../../scripts/shop.toml")),
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let replaced = which as usize % (PACK.len() + 1);
    let mut files: Vec<(String, String)> = PACK
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != replaced)
        .map(|(_, (name, text))| (name.to_string(), text.to_string()))
        .collect();
    // `replaced == PACK.len()` adds the input as a fifth file instead.
    files.push(("fuzz.toml".to_string(), text.to_string()));
    if let Err(errors) = load_sources(&files) {
        assert!(!errors.0.is_empty(), "an error without a problem");
        for e in &errors.0 {
            assert!(!e.message.is_empty(), "a problem without a reason");
        }
    }
});
