//! A backup copy left in the script folder.
//!
//! Every `*.toml` in the folder is read and merged, so `faq - 副本.toml`
//! (Windows' "copy of") or `replies_old.toml` defines everything a second
//! time, and the check drowns the one mistake in hundreds of "also defined
//! at" errors. A file most of whose lines are another file's is taken for
//! such a copy before anything is parsed, and the load stops at one error
//! that says what to do with it.

use super::{Location, ScriptError, ScriptErrors};
use std::collections::HashSet;
use std::path::Path;

/// Past this share of its lines found in another file, a file is a copy of
/// it. Files of one pack share a few lines (`intent = "return_refund"` in
/// both the replies and the shop's answers), never half.
const SHARED: f64 = 0.5;

/// Fewer lines than this tell nothing: two tiny files may well agree.
const MIN_LINES: usize = 4;

/// `Err` naming each file that repeats another, with that other.
pub fn check(files: &[(String, String)]) -> Result<(), ScriptErrors> {
    let lines: Vec<HashSet<&str>> = files.iter().map(|(_, text)| content(text)).collect();
    let mut errors = Vec::new();
    let mut copies: Vec<usize> = Vec::new();
    for a in 0..files.len() {
        for b in a + 1..files.len() {
            let smaller = lines[a].len().min(lines[b].len());
            if smaller < MIN_LINES || copies.contains(&a) || copies.contains(&b) {
                continue;
            }
            let shared = lines[a].intersection(&lines[b]).count();
            if (shared as f64) < SHARED * smaller as f64 {
                continue;
            }
            let (copy, original) = which_is_the_copy(files, a, b);
            copies.push(copy);
            let name = |i: usize| file_name(&files[i].0);
            errors.push(ScriptError {
                at: Location {
                    file: files[copy].0.clone(),
                    line: 0,
                    column: 0,
                },
                message: format!(
                    "`{}` repeats `{}` ({shared} of its lines are the same): every *.toml file \
                     in the folder is read, so a copy defines everything twice; move the copy \
                     out of the folder (keep backups elsewhere)",
                    name(copy),
                    name(original),
                ),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ScriptErrors(errors))
    }
}

/// The lines that say something: not blank, not comments, not table
/// headers or brackets alone, which every file of a kind shares.
fn content(text: &str) -> HashSet<&str> {
    (text.lines())
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.starts_with('[') && l.chars().count() >= 8)
        .collect()
}

/// `(copy, original)`: the one whose name holds the other's (`faq - 副本`
/// holds `faq`, `replies_old` holds `replies`), else the later by name.
fn which_is_the_copy(files: &[(String, String)], a: usize, b: usize) -> (usize, usize) {
    let stem = |i: usize| {
        let path = Path::new(&files[i].0);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        stem.unwrap_or_default()
    };
    let (sa, sb) = (stem(a), stem(b));
    if sa.len() > sb.len() && sa.contains(&sb) {
        (a, b)
    } else {
        (b, a)
    }
}

fn file_name(name: &str) -> String {
    let path = Path::new(name);
    let file = path.file_name().map(|s| s.to_string_lossy().into_owned());
    file.unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        (list.iter())
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    const FAQ: &str = "[[faq]]\nask = [\"有实体店吗\", \"实体店在哪\"]\nsay = \"亲,我们是线上旗舰店哦~\"\n\n\
                       [[faq]]\nask = [\"退货运费谁出\"]\nsay = \"亲,七天无理由退货的运费由买家承担哦~\"\n\
                       intent = \"return_refund\"\n";

    #[test]
    fn a_copy_is_named_once_with_what_it_repeats() {
        let pack = files(&[
            ("scripts/faq - 副本.toml", FAQ),
            ("scripts/faq.toml", FAQ),
            ("scripts/shop.toml", "[shop]\nname = \"暖阳家居旗舰店\"\n"),
        ]);
        let errors = check(&pack).unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let e = errors[0].to_string();
        assert!(
            e.starts_with("scripts/faq - 副本.toml: `faq - 副本.toml` repeats `faq.toml`"),
            "{e}"
        );
        assert!(e.contains("move the copy out of the folder"), "{e}");
    }

    #[test]
    fn an_older_copy_is_one_still() {
        let newer = format!("{FAQ}\n[[faq]]\nask = [\"有新品吗\"]\nsay = \"亲,每周五上新哦~\"\n");
        let pack = files(&[("faq.toml", &newer), ("faq_old.toml", FAQ)]);
        let errors = check(&pack).unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0].at.file, "faq_old.toml");
    }

    #[test]
    fn the_shipped_files_repeat_nothing() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
        let shipped: Vec<(String, String)> = ["intents", "replies", "catalog", "shop", "faq"]
            .iter()
            .map(|name| {
                let path = dir.join(format!("{name}.toml"));
                let text = std::fs::read_to_string(&path).unwrap();
                (path.display().to_string(), text)
            })
            .collect();
        assert_eq!(check(&shipped), Ok(()));
    }
}
