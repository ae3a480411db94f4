//! Inputs the fuzz targets (`fuzz/`) found, kept as regression tests: each
//! saved input goes through the same code as its target, in every
//! `cargo test`. Add a new crash input by copying it from
//! `fuzz/artifacts/<target>/` to `tests/fuzz_regressions/<target>/` with a
//! name saying what it broke.

use kefu::channel::protocol::decode;
use kefu::nlu::{mask_private, normalize};
use kefu::script::{load_embedded, load_sources};
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn decode_inputs() {
    for (path, bytes) in inputs("decode") {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(kefu::channel::protocol::Inbound::Event(e)) = decode(&text) {
            assert!(!e.id().is_empty(), "{}", path.display());
        }
    }
}

#[test]
fn classify_inputs_do_not_panic() {
    let scripts = load_embedded();
    for (path, bytes) in inputs("classify") {
        let text = String::from_utf8_lossy(&bytes);
        let c = scripts.classifier.classify(&text);
        for intent in c.intents() {
            assert!(
                intent.score.is_finite() && intent.score > 0.0,
                "{}",
                path.display()
            );
        }
        let _ = mask_private(&text);
    }
}

/// The classify target also asserts that normalising is idempotent. Two
/// saved inputs break it, both by a second pass finding emoticon codes the
/// first pass made: `/:B` is no code, but lower-casing (after the codes are
/// taken out) turns it into the code `/:b`; and in `[[R]R]` taking out the
/// code `[R]` splices `[` and `R]` into a new `[R]`.
#[test]
fn classify_inputs_normalise_idempotently() {
    let mut texts: Vec<String> = inputs("classify")
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    texts.extend(["/:B", "好/:B的", "[[R]R]", "[[微笑]微笑]"].map(String::from));
    let broken: Vec<(String, String, String)> = texts
        .into_iter()
        .filter_map(|text| {
            let once = normalize(&text).text;
            let twice = normalize(&once).text;
            (once != twice).then_some((text, once, twice))
        })
        .collect();
    assert!(broken.is_empty(), "(input, once, twice): {broken:#?}");
}

#[test]
fn scripts_inputs() {
    const PACK: [&str; 4] = ["intents.toml", "replies.toml", "catalog.toml", "shop.toml"];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    for (path, bytes) in inputs("scripts") {
        let Some((&which, rest)) = bytes.split_first() else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(rest) else {
            continue;
        };
        // As the fuzz target does: the input replaces one file of the pack.
        let replaced = which as usize % (PACK.len() + 1);
        let mut files: Vec<(String, String)> = PACK
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != replaced)
            .map(|(_, name)| {
                (
                    name.to_string(),
                    std::fs::read_to_string(dir.join(name)).unwrap(),
                )
            })
            .collect();
        files.push(("fuzz.toml".into(), text.into()));
        if let Err(errors) = load_sources(&files) {
            assert!(!errors.0.is_empty(), "{}", path.display());
        }
    }
}
