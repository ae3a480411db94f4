//! The shipped pack's files as text, for tests that edit one line of it and
//! load or lint the result: what a supervisor's slip does to the real pack.

/// The shipped pack's five files, `(file name, text)`, intents first.
pub(crate) fn shipped_files() -> Vec<(String, String)> {
    ["intents", "replies", "catalog", "shop", "faq"]
        .iter()
        .map(|name| {
            let path = format!("{}/scripts/{name}.toml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            (format!("{name}.toml"), text)
        })
        .collect()
}
