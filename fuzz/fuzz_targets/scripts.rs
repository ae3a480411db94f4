//! Script parsing and validation: any file content gives a pack or a list
//! of problems with file:line, never a panic.
//!
//! The input replaces one file of a small but complete pack (chosen by its
//! first byte), or is added as a fifth file, so mutations reach the
//! cross-file checks and the matcher compiler, not only the TOML parser.
//! The pack is small on purpose: compiling the full shipped pack takes a
//! large part of a second under the sanitizer, which leaves the fuzzer a
//! handful of runs a second; the shipped files are in the seeds instead.
#![no_main]

use kefu::script::load_sources;
use libfuzzer_sys::fuzz_target;

const PACK: [(&str, &str); 4] = [
    (
        "intents.toml",
        r#"[negation]
markers = ["不", "没"]
window = 2

[[intent]]
name = "greeting"
keywords = ["在吗", "你好", { text = "hi", weight = 0.5 }]
patterns = ['^在.{0,2}吗']

[[intent]]
name = "too_expensive"
keywords = ["太贵", "贵"]
exclude = ["不贵"]
negatable = true
"#,
    ),
    (
        "replies.toml",
        r#"[[reply]]
intent = "greeting"
texts = ["亲,在的~{shop}欢迎您", "亲,{item}有{sizes}哦"]
short = ["在的~"]

[[reply]]
intent = "too_expensive"
stage = "objection"
texts = ["亲,送您{coupon}哦", "亲,价格是统一的哦"]

[[reply]]
intent = "clarify"
texts = ["亲,能再说详细一点吗?"]
"#,
    ),
    (
        "catalog.toml",
        r#"[[item]]
id = "p-1"
name = "卫衣"
aliases = ["帽衫"]
price = 99.0
selling_points = ["加绒"]
colors = ["黑色"]
sizes = ["M", "L"]
stock = { M = 3, L = 0 }
size_chart = "tops"
similar = []

[[size_chart]]
name = "tops"
rows = [
  { size = "M", height = [160, 170], weight = [90, 120] },
  { size = "L", height = [171, 180], weight = [121, 150] },
]
"#,
    ),
    (
        "shop.toml",
        r#"[shop]
name = "测试店"
ship_cutoff = "17:00"
couriers = ["中通"]

[[coupon]]
name = "满99减10"
text = "满99减10的券"
"#,
    ),
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
