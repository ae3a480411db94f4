//! Messages typed in pinyin letters instead of characters: `zaima`,
//! `you huo ma`, `duoshaoqian`.
//!
//! A buyer whose input method is off (a borrowed phone, an English
//! keyboard) still writes the sounds. Such a message holds no Han character,
//! so neither the exact scan nor the sound-alike pass (which reads the
//! syllables of characters) finds anything, and the bot would answer "没太
//!明白". Here a message made only of ASCII letters (and punctuation) is cut
//! into pinyin syllables, and each keyword of at least
//! [`PinyinRule::min_chars`](crate::nlu::PinyinRule) characters is looked for
//! by its syllables. Typed letters carry no tones, so the comparison is
//! toneless; what keeps that from matching everything is the cut itself:
//! every letter of the message must belong to a syllable (`hello`, `ok`,
//! `xl`, `iphone` are not pinyin and are left alone).
//!
//! The hits go through the classifier's sound-alike path: they score the
//! keyword's weight times the sound factor, are labelled `≈keyword`, and the
//! exclusion checks apply as to any sound-alike.
//!
//! This path is rare, so it is simple: a message that is not pure ASCII is
//! turned away on its first byte, and for the others every keyword's
//! syllables are compared with the message's at each position.

use pinyin::{ToPinyin, ToPinyinMulti};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The longest toneless syllable, in letters (`zhuang`, `chuang`).
const LONGEST: usize = 6;

/// Every toneless syllable of the CJK characters, numbered from 1, as
/// buyers type them (`ü` as `v`: `lv`, `nv`): the toned syllables' bases
/// of the sound-alike table, which has read every character once already.
static SYLLABLES: LazyLock<HashMap<String, u16>> = LazyLock::new(|| {
    let mut ids = HashMap::new();
    for base in super::SYLLABLES.bases.iter().skip(1) {
        let next = ids.len() as u16 + 1;
        ids.entry(as_typed(base)).or_insert(next);
    }
    ids
});

fn as_typed(plain: &str) -> String {
    plain.replace('ü', "v")
}

/// The syllable ids of `c`'s readings, `None` if it has none.
fn readings(c: char) -> Option<Readings> {
    let id = |p: pinyin::Pinyin| SYLLABLES.get(&as_typed(p.plain())).copied();
    let usual = id(c.to_pinyin()?)?;
    let mut all: Vec<u16> = (c.to_pinyin_multi()?.into_iter()).filter_map(id).collect();
    all.push(usual);
    all.sort_unstable();
    all.dedup();
    Some(Readings {
        usual,
        all: all.into_boxed_slice(),
    })
}

/// Keywords by their toneless syllables, for messages typed in pinyin.
#[derive(Debug, Default)]
pub struct TypedIndex {
    /// The keyword's index in the classifier and its characters' readings.
    sounds: Vec<(u32, Box<[Readings]>)>,
}

/// The readings of one keyword character: its usual one, and all it has
/// (`便` is `bian` in 方便 and `pian` in 便宜, and the characters alone do
/// not say which). The others count only in keywords of three characters
/// or more: a two-character keyword read with a rare reading is as likely
/// another word (`有虫` read `you hui`, as in `有会…`).
#[derive(Debug)]
struct Readings {
    usual: u16,
    all: Box<[u16]>,
}

/// Keywords at least this long also match through a character's rarer readings.
const RARE_READINGS_FROM: usize = 3;

impl TypedIndex {
    /// Adds keyword `k` (normalised) if every character has a reading and
    /// there are at least `min_chars` of them.
    pub fn add(&mut self, k: u32, keyword: &str, min_chars: usize) {
        let sound: Option<Vec<Readings>> = keyword.chars().map(readings).collect();
        if let Some(sound) = sound.filter(|s| s.len() >= min_chars.max(2)) {
            self.sounds.push((k, sound.into_boxed_slice()));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sounds.is_empty()
    }

    /// Pushes `(keyword, start, end)` for every keyword whose syllables the
    /// (normalised) `text` spells, when all of `text` is typed pinyin;
    /// offsets are bytes of `text`. Nothing for any other text.
    pub fn find(&self, text: &str, out: &mut Vec<(u32, usize, usize)>) {
        if !text.is_ascii() {
            return;
        }
        let Some(syllables) = cut(text) else {
            return;
        };
        let ids: Vec<u16> = syllables.iter().map(|&(id, _, _)| id).collect();
        for (k, sound) in &self.sounds {
            for (at, window) in ids.windows(sound.len()).enumerate() {
                let usual = sound.iter().zip(window).all(|(r, id)| r.usual == *id);
                let any = sound.len() >= RARE_READINGS_FROM
                    && sound.iter().zip(window).all(|(r, id)| r.all.contains(id));
                if usual || any {
                    let start = syllables[at].1;
                    let end = syllables[at + sound.len() - 1].2;
                    out.push((*k, start, end));
                }
            }
        }
    }
}

/// `text` as `(syllable id, start, end)`, when each of its runs of letters
/// is a sequence of pinyin syllables and there are at least two syllables
/// in all; other ASCII (punctuation, digits) separates runs.
fn cut(text: &str) -> Option<Vec<(u16, usize, usize)>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_lowercase() {
            at += 1;
            continue;
        }
        let end = (at..bytes.len())
            .find(|&i| !bytes[i].is_ascii_lowercase())
            .unwrap_or(bytes.len());
        out.extend(
            cut_run(&text[at..end])?
                .into_iter()
                .map(|(id, s, e)| (id, at + s, at + e)),
        );
        at = end;
    }
    (out.len() >= 2).then_some(out)
}

/// One run of letters cut into the fewest syllables (`xian` is one, not
/// `xi an`; `fangan` is `fang an`: both cuts have two syllables, and the
/// longer first syllable wins), or `None` if no cut uses every letter.
fn cut_run(run: &str) -> Option<Vec<(u16, usize, usize)>> {
    let n = run.len();
    // best[i]: fewest syllables spelling run[i..], with the first one's length.
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[n] = Some((0, 0));
    for i in (0..n).rev() {
        for len in (1..=LONGEST.min(n - i)).rev() {
            let Some((count, _)) = best[i + len] else {
                continue;
            };
            if !SYLLABLES.contains_key(&run[i..i + len]) {
                continue;
            }
            if best[i].is_none_or(|(c, _)| count + 1 < c) {
                best[i] = Some((count + 1, len));
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let (_, len) = best[i]?;
        out.push((SYLLABLES[&run[i..i + len]], i, i + len));
        i += len;
    }
    Some(out)
}

/// Loads the syllable table now, so the first message does not pay for it.
pub fn warm_up() {
    LazyLock::force(&SYLLABLES);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syllables(text: &str) -> Option<Vec<&str>> {
        cut(text).map(|s| s.iter().map(|&(_, a, b)| &text[a..b]).collect())
    }

    #[test]
    fn letters_are_cut_into_the_fewest_syllables() {
        assert_eq!(syllables("zaima"), Some(vec!["zai", "ma"]));
        assert_eq!(syllables("youhuoma"), Some(vec!["you", "huo", "ma"]));
        assert_eq!(syllables("xianhuo"), Some(vec!["xian", "huo"]));
        assert_eq!(syllables("fangan"), Some(vec!["fang", "an"]));
        assert_eq!(syllables("lvse"), Some(vec!["lv", "se"]));
        assert_eq!(syllables("zaima?"), Some(vec!["zai", "ma"]));
    }

    #[test]
    fn what_is_not_pinyin_is_not_cut() {
        for text in ["hello", "ok", "xl", "iphone", "ma", "thanks"] {
            assert_eq!(syllables(text), None, "{text}");
        }
    }

    #[test]
    fn keywords_are_found_by_their_toneless_syllables() {
        let mut index = TypedIndex::default();
        index.add(0, "在吗", 2);
        index.add(1, "有货", 2);
        index.add(2, "贵", 2); // one character: never by sound
        index.add(3, "便宜点", 2); // 便 is bian and pian
        index.add(4, "便宜", 2); // only its usual reading, bian yi
        let mut out = Vec::new();
        index.find("zaima,youhuoma", &mut out);
        assert_eq!(out, [(0, 0, 5), (1, 6, 12)]);
        out.clear();
        index.find("pianyidian", &mut out);
        assert_eq!(out, [(3, 0, 10)]);
        out.clear();
        index.find("在吗", &mut out);
        index.find("gui", &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
