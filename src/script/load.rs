//! Loading a script pack: read the files, parse them, validate, compile.
//!
//! Loading runs in two phases. First every file is parsed and every check
//! that needs only the files themselves runs (`rules`, `replies`, `facts`),
//! collecting all problems. Only a pack without problems reaches the second
//! phase: whether every intent has words (`coverage`), then compiling the
//! matcher, whose own complaints are mapped back to the line of the intent
//! or rule at fault. This way a supervisor sees the
//! whole batch of mistakes at once, and the matcher never sees a rule that is
//! known to be broken.
//!
//! Each file is parsed into a span-carrying TOML tree and each table is
//! deserialized on its own, so a typo in one `[[intent]]` does not hide the
//! problems of the next one.

use super::model::{InFile, Pack};
use super::rules::Rules;
use super::source::{one_error, quoted_list, unknown, Problems, Sources};
use super::{copies, coverage, facts, plain, replies, rules, syntax};
use super::{Catalog, Location, Replies, ScriptError, ScriptErrors, Scripts, Shop};
use crate::nlu::{Classifier, ItemAlias};
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Deserialize as _;
use serde_spanned::Spanned;
use std::fs;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// The top-level keys a script file may hold.
const TABLES: [&str; 11] = [
    "negation",
    "intent",
    "reply",
    "item",
    "category",
    "recipient",
    "size_chart",
    "shop",
    "coupon",
    "region",
    "faq",
];

/// Loads every `*.toml` file of `dir`, in file-name order.
pub fn load_dir(dir: &Path) -> Result<Scripts, ScriptErrors> {
    let sources = Sources::new(dir.display().to_string());
    let mut problems = Problems::default();
    let mut files = Vec::new();
    let mut incomplete = false;

    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return Err(one_error(
                sources.whole(),
                format!("cannot read the script directory {}: {e}", dir.display()),
            ));
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
                    paths.push(path);
                }
            }
            Err(e) => {
                problems.push(sources.whole(), format!("cannot list the directory: {e}"));
                incomplete = true;
            }
        }
    }
    paths.sort();
    if paths.is_empty() {
        problems.push(
            sources.whole(),
            format!("no *.toml script files in {}", dir.display()),
        );
        return Err(problems.into_errors());
    }

    for path in &paths {
        let name = path.display().to_string();
        match fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((name, text)),
                Err(e) => {
                    // What comes before the first bad byte is valid, so
                    // its characters can be counted for the column.
                    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let valid = std::str::from_utf8(valid).unwrap_or_default();
                    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
                    problems.push(
                        Location {
                            file: name,
                            line: 1 + valid.matches('\n').count(),
                            column: valid[line_start..].chars().count() + 1,
                        },
                        "the file is not valid UTF-8 (the first bad byte is here): save it as \
                         UTF-8",
                    );
                    incomplete = true;
                }
            },
            Err(e) => {
                problems.push(
                    Location {
                        file: name,
                        line: 0,
                        column: 0,
                    },
                    format!("cannot read the file: {e}"),
                );
                incomplete = true;
            }
        }
    }
    load(
        sources,
        problems,
        files,
        incomplete,
        Some(dir.to_path_buf()),
    )
}

/// Loads a pack from `(file name, text)` pairs, as if they were the files of
/// a directory: sorted by name, then merged.
pub fn load_sources(files: &[(String, String)]) -> Result<Scripts, ScriptErrors> {
    let mut files = files.to_vec();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let sources = Sources::new("<scripts>");
    if files.is_empty() {
        return Err(one_error(sources.whole(), "no script files given"));
    }
    load(sources, Problems::default(), files, false, None)
}

/// The default pack, compiled into the binary so that kefu runs with no
/// script directory at all.
const EMBEDDED: [(&str, &str); 5] = [
    ("intents.toml", include_str!("../../scripts/intents.toml")),
    ("replies.toml", include_str!("../../scripts/replies.toml")),
    ("catalog.toml", include_str!("../../scripts/catalog.toml")),
    ("shop.toml", include_str!("../../scripts/shop.toml")),
    ("faq.toml", include_str!("../../scripts/faq.toml")),
];

/// The default pack compiled into the binary, used when no script directory
/// is configured. A test keeps it valid, so failing here is a build defect,
/// not bad input.
pub fn load_embedded() -> Scripts {
    let files: Vec<(String, String)> = EMBEDDED
        .iter()
        .map(|(name, text)| (format!("<built-in>/{name}"), text.to_string()))
        .collect();
    match load_sources(&files) {
        Ok(scripts) => scripts,
        Err(errors) => panic!("the built-in script pack is invalid:\n{errors}"),
    }
}

/// A pack that passed every check that needs only the files.
pub(super) struct Checked {
    pub sources: Sources,
    pub rules: Rules,
    pub replies: Replies,
    pub catalog: Catalog,
    pub shop: Shop,
}

fn load(
    sources: Sources,
    problems: Problems,
    files: Vec<(String, String)>,
    incomplete: bool,
    dir: Option<PathBuf>,
) -> Result<Scripts, ScriptErrors> {
    // A backup copy in the folder: one error, not hundreds of its echoes.
    copies::check(&files)?;
    let checked = check(sources, problems, files, incomplete)?;
    // Only a pack whose sets all loaded can tell an intent without words
    // from one whose set has a typo.
    coverage::check(&checked.rules, &checked.replies)?;
    compile(checked, dir)
}

/// Phase 1: parse every file and run every check that needs only the files.
pub(super) fn check(
    mut sources: Sources,
    mut problems: Problems,
    files: Vec<(String, String)>,
    incomplete: bool,
) -> Result<Checked, ScriptErrors> {
    let mut pack = Pack {
        incomplete,
        ..Pack::default()
    };
    for (name, text) in &files {
        // Editors on Windows like to start UTF-8 files with a BOM; TOML
        // does not allow one, and it carries no meaning.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let file = sources.add(name.clone(), text);
        read_file(file, text, &sources, &mut pack, &mut problems);
    }
    if !pack.incomplete && pack.intents.is_empty() && pack.broken_intents.is_empty() {
        problems.push(
            sources.whole(),
            format!("no [[intent]] in any script file of {}", sources.label),
        );
    }
    let rules = rules::check(&pack, &sources, &mut problems);
    let replies = replies::check(&pack, &sources, &rules, &mut problems);
    let (catalog, shop) = facts::check(&pack, &sources, &rules, &mut problems);
    problems.finish()?;
    Ok(Checked {
        sources,
        rules,
        replies,
        catalog,
        shop,
    })
}

/// Phase 2: compile the matcher; map its complaints back to their lines.
fn compile(checked: Checked, dir: Option<PathBuf>) -> Result<Scripts, ScriptErrors> {
    let Checked {
        sources,
        rules,
        replies,
        catalog,
        shop,
    } = checked;
    let aliases: Vec<ItemAlias> = catalog
        .items
        .iter()
        .map(|item| ItemAlias {
            item: item.id.clone(),
            aliases: std::iter::once(item.name.clone())
                .chain(item.aliases.iter().cloned())
                .collect(),
        })
        .collect();
    let classifier = Classifier::build(&rules.intents, &rules.negation, &aliases).map_err(|e| {
        let message = match &e.rule {
            Some(rule) => format!("intent `{}`, rule `{rule}`: {}", e.intent, e.reason),
            None => format!("intent `{}`: {}", e.intent, e.reason),
        };
        ScriptErrors(vec![ScriptError {
            at: rules.locate(&e, &sources),
            message,
        }])
    })?;
    Ok(Scripts {
        dir,
        intents: rules.intents.iter().map(|r| r.name.clone()).collect(),
        rule_lines: rules.lines(),
        classifier,
        replies,
        catalog,
        shop,
        night: Default::default(),
    })
}

/// Parses one file and deserializes each of its tables into `pack`.
fn read_file(file: usize, text: &str, src: &Sources, pack: &mut Pack, problems: &mut Problems) {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // Only the first: after it, the parser's recovery guesses at what
        // was meant, and the errors that follow are mostly echoes of the
        // first. For the same reason the file contributes nothing else.
        let e = &errors[0];
        let offset = e.span().map_or(0, |span| span.start);
        let explained = syntax::explain(text, offset, e.message());
        problems.push_syntax(src.at(file, explained.offset), explained.message);
        pack.incomplete = true;
        return;
    }
    for (key, value) in root.into_inner() {
        let at = src.of(file, &key);
        let mut reader = Reader {
            file,
            text,
            src,
            problems: &mut *problems,
        };
        match key.get_ref().as_ref() {
            "negation" => {
                reader.single("negation", value, &mut pack.negation);
            }
            "shop" => {
                if !reader.single("shop", value, &mut pack.shop) {
                    pack.broken_shop = true;
                }
            }
            "intent" => {
                let broken = reader.array("intent", value, &mut pack.intents, Some("name"));
                pack.broken_intents.extend(broken);
            }
            "reply" => {
                reader.array("reply", value, &mut pack.replies, None);
            }
            "item" => {
                let broken = reader.array("item", value, &mut pack.items, Some("id"));
                pack.broken_items.extend(broken);
            }
            "category" => {
                let broken = reader.array("category", value, &mut pack.categories, Some("name"));
                pack.broken_categories.extend(broken);
            }
            "recipient" => {
                let broken = reader.array("recipient", value, &mut pack.recipients, Some("name"));
                pack.broken_recipients.extend(broken);
            }
            "size_chart" => {
                let broken = reader.array("size_chart", value, &mut pack.size_charts, Some("name"));
                pack.broken_charts.extend(broken);
            }
            "coupon" => {
                reader.array("coupon", value, &mut pack.coupons, None);
            }
            "region" => {
                reader.array("region", value, &mut pack.regions, None);
            }
            "faq" => {
                reader.array("faq", value, &mut pack.faqs, None);
            }
            other => problems.push(
                at,
                unknown("unknown table", other, TABLES.iter().copied(), || {
                    format!("a script file holds {}", quoted_list(TABLES))
                }),
            ),
        }
    }
}

/// The `name = "…"` (or `id`) of a table, read without deserializing it.
fn name_of(value: &Spanned<DeValue<'_>>, key: &str) -> Option<String> {
    let name = value.get_ref().as_table()?.get(key)?.get_ref().as_str()?;
    Some(name.to_string())
}

/// Deserializes the tables of one file, reporting failures at their line.
struct Reader<'a> {
    file: usize,
    text: &'a str,
    src: &'a Sources,
    problems: &'a mut Problems,
}

impl Reader<'_> {
    /// A table that appears at most once per file: `[negation]`, `[shop]`.
    /// Returns whether it could be read.
    fn single<T: DeserializeOwned>(
        &mut self,
        key: &str,
        value: Spanned<DeValue<'_>>,
        out: &mut Vec<InFile<T>>,
    ) -> bool {
        if value.get_ref().is_array() {
            self.problems.push(
                self.src.of(self.file, &value),
                format!("`{key}` is a single table: write [{key}], not [[{key}]]"),
            );
            return false;
        }
        match self.one(&format!("[{key}]"), value) {
            Some(parsed) => {
                out.push(InFile {
                    file: self.file,
                    value: parsed,
                });
                true
            }
            None => false,
        }
    }

    /// An array of tables: `[[intent]]`, `[[reply]]`, …. Returns the
    /// `name_key` values of the elements that failed to deserialize.
    fn array<T: DeserializeOwned>(
        &mut self,
        key: &str,
        value: Spanned<DeValue<'_>>,
        out: &mut Vec<InFile<T>>,
        name_key: Option<&str>,
    ) -> Vec<String> {
        let at = self.src.of(self.file, &value);
        let DeValue::Array(elements) = value.into_inner() else {
            self.problems.push(
                at,
                format!("`{key}` is a list of tables: write [[{key}]], not [{key}]"),
            );
            return Vec::new();
        };
        let mut broken = Vec::new();
        for element in elements {
            let name = name_key.and_then(|k| name_of(&element, k));
            match self.one(&format!("[[{key}]]"), element) {
                Some(parsed) => out.push(InFile {
                    file: self.file,
                    value: parsed,
                }),
                None => broken.extend(name),
            }
        }
        broken
    }

    fn one<T: DeserializeOwned>(
        &mut self,
        table: &str,
        value: Spanned<DeValue<'_>>,
    ) -> Option<Spanned<T>> {
        let whole = value.span();
        match Spanned::<T>::deserialize(value.into_deserializer()) {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                let span = e.span().unwrap_or(whole);
                let message = plain::wrong_type(e.message(), self.text, span.clone())
                    .unwrap_or_else(|| e.message().trim().to_string());
                self.problems.push(
                    self.src.at_span(self.file, span),
                    format!("in {table}: {message}"),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod columns;
#[cfg(test)]
pub(super) mod tests;
