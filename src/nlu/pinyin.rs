//! Homophone tolerance: keywords also match by sound (toneless pinyin).
//!
//! Buyers type on pinyin input methods and pick the first candidate that
//! sounds right: `包油` for `包邮`, `在马` for `在吗`, `优会券` for `优惠券`.
//! Listing every such spelling by hand never ends, so every keyword of at
//! least [`PinyinRule::min_chars`] Han characters is also matched by its
//! syllables (`bao1 you2`).
//!
//! Syllables are compared with their tones: measured on real chats, toneless
//! matching mostly found other words (`买完`/`卖完`, `那个`/`哪个`,
//! `使用`/`试用`), while the typos buyers make keep the tone (`包油`,
//! `优会券`). A keyword character in the neutral tone (`吗`, `呢`, `的`) has
//! no tone to keep, so it matches its syllable in any tone: `在马` finds `在吗`.
//!
//! Why it stays cheap on the hot path: each Han character is mapped to a small
//! syllable id through one dense table built once (about 27 000 entries for
//! the CJK blocks), a message becomes a short byte string of those ids, and
//! ONE second Aho-Corasick automaton over the keywords' id strings finds every
//! sound-alike in a single pass. No pinyin string is built per message.
//!
//! Encoding: an id takes two bytes, the first with its high bit set and the
//! second without, so a match can only start on a character boundary. Every
//! run of characters without a reading (digits, letters, punctuation) becomes
//! one separator unit (id 0) that no keyword contains, so a keyword never
//! matches across `包,油` or `在1马`.
//!
//! What keeps sound-alikes from colliding (two syllables are shared by many
//! unrelated words: `以为`/`异味`, `在家`/`再加`, `不知`/`不值`):
//!
//! - a typo replaces a character or two, not the whole word, so a sound hit
//!   must keep at least half of the keyword's characters as written, and
//!   what it keeps must include a content character, not only particles and
//!   negations like `吗`, `的`, `不` (`号的` is not `好的`, `薄吗` is not
//!   `包吗`), and what it replaces must not be such a particle (`款是` is not
//!   `款式`) — checked here, on the few hits, never on the whole message;
//! - a minimum length and a weight factor below 1 (an exact hit always
//!   counts more), from [`PinyinRule`](super::PinyinRule);
//! - the classifier drops a sound hit where an exact keyword of the same
//!   intent already matched, and inside an exclusion phrase of its intent,
//!   which is how a supervisor silences a collision (`退件` sounds like `推荐`).

use pinyin::ToPinyin;
use std::collections::HashMap;
use std::sync::LazyLock;

use super::scan::Scanner;

/// The code points the syllable table covers: CJK Extension A and the
/// Unified Ideographs block, where every character buyers type lives.
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// Syllables with their tones, numbered from 1.
struct Syllables {
    /// Syllable id per code point in `FIRST..=LAST`; 0 = no reading.
    of_char: Vec<u16>,
    /// Per id (index 0 unused): every id with the same toneless syllable,
    /// when the id is in the neutral tone; empty otherwise.
    any_tone: Vec<Vec<u16>>,
}

static SYLLABLES: LazyLock<Syllables> = LazyLock::new(|| {
    let mut ids: HashMap<&'static str, u16> = HashMap::new();
    let mut bases: Vec<&'static str> = vec![""];
    let mut neutral: Vec<bool> = vec![false];
    let of_char = (FIRST..=LAST)
        .map(
            |code| match char::from_u32(code).and_then(|c| c.to_pinyin()) {
                Some(p) if !p.plain().is_empty() => {
                    *ids.entry(p.with_tone_num_end()).or_insert_with(|| {
                        bases.push(p.plain());
                        // Tones 1-4 end in their digit; the neutral tone has none.
                        neutral.push(!p.with_tone_num_end().ends_with(['1', '2', '3', '4']));
                        bases.len() as u16 - 1
                    })
                }
                _ => 0,
            },
        )
        .collect();
    let any_tone = (0..bases.len())
        .map(|id| {
            if !neutral[id] {
                return Vec::new();
            }
            (1..bases.len())
                .filter(|&other| bases[other] == bases[id])
                .map(|other| other as u16)
                .collect()
        })
        .collect();
    Syllables { of_char, any_tone }
});

/// Loads the syllable table now, so the first message does not pay for it.
pub fn warm_up() {
    LazyLock::force(&SYLLABLES);
}

fn syllable(c: char) -> u16 {
    let code = c as u32;
    if !(FIRST..=LAST).contains(&code) {
        return 0;
    }
    SYLLABLES.of_char[(code - FIRST) as usize]
}

/// At most this many spellings of one keyword's sound (neutral tones expand).
const MAX_VARIANTS: usize = 32;

/// Two bytes per unit, the first marked with the high bit (see module doc).
fn push_unit(out: &mut Vec<u8>, id: u16) {
    out.push(0x80 | (id >> 7) as u8);
    out.push((id & 0x7F) as u8);
}

/// The sounds of a (normalised) keyword, when every character is a Han
/// character with a reading and there are at least `min_chars` of them: one
/// per tone a neutral-tone character may be typed in.
pub fn encode_keyword(keyword: &str, min_chars: usize) -> Option<Vec<Vec<u8>>> {
    let mut variants: Vec<Vec<u8>> = vec![Vec::with_capacity(keyword.len())];
    let mut count = 0;
    for c in keyword.chars() {
        let id = syllable(c);
        if id == 0 {
            return None;
        }
        count += 1;
        let tones = &SYLLABLES.any_tone[id as usize];
        if tones.is_empty() || variants.len() * tones.len() > MAX_VARIANTS {
            variants.iter_mut().for_each(|v| push_unit(v, id));
            continue;
        }
        variants = variants
            .iter()
            .flat_map(|v| {
                tones.iter().map(move |&t| {
                    let mut longer = v.clone();
                    push_unit(&mut longer, t);
                    longer
                })
            })
            .collect();
    }
    (count >= min_chars.max(1)).then_some(variants)
}

/// Encodes a message into `bytes`, with the byte span in `text` of every
/// unit in `units`. Returns how many units carry a reading: with none there
/// is nothing to search.
fn encode_text(text: &str, bytes: &mut Vec<u8>, units: &mut Vec<(u32, u32)>) -> usize {
    let mut readable = 0;
    let mut in_separator = false;
    for (at, c) in text.char_indices() {
        let id = syllable(c);
        let end = (at + c.len_utf8()) as u32;
        if id == 0 {
            // One separator unit per run; stretch its span over the run.
            if in_separator {
                if let Some(last) = units.last_mut() {
                    last.1 = end;
                }
                continue;
            }
            in_separator = true;
        } else {
            in_separator = false;
            readable += 1;
        }
        push_unit(bytes, id);
        units.push((at as u32, end));
    }
    readable
}

/// The sound index of a classifier: keyword sounds in one automaton.
#[derive(Debug)]
pub struct SoundIndex {
    automaton: Scanner,
    /// `keywords[ranges[p].0..ranges[p].1]` are the keywords sounding like
    /// pattern `p`, each with its normalised spelling.
    ranges: Vec<(u32, u32)>,
    keywords: Vec<(u32, Box<str>)>,
}

/// Per-thread buffers of the sound pass.
#[derive(Default)]
pub struct SoundScratch {
    bytes: Vec<u8>,
    units: Vec<(u32, u32)>,
}

impl SoundIndex {
    /// Builds the index from `(keyword index, normalised keyword, sound)`;
    /// `None` when there are none. Keywords sharing a sound share one pattern.
    pub fn build(sounds: Vec<(u32, String, Vec<u8>)>) -> Result<Option<SoundIndex>, String> {
        if sounds.is_empty() {
            return Ok(None);
        }
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<(u32, Box<str>)>> = Vec::new();
        for (keyword, text, sound) in sounds {
            let id = *index.entry(sound.clone()).or_insert_with(|| {
                patterns.push(sound);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            owners[id].push((keyword, text.into_boxed_str()));
        }
        let automaton = Scanner::build(&patterns)
            .map_err(|e| format!("pinyin automaton could not be built: {e}"))?;
        let mut ranges = Vec::with_capacity(owners.len());
        let mut keywords = Vec::new();
        for list in owners {
            let start = keywords.len() as u32;
            keywords.extend(list);
            ranges.push((start, keywords.len() as u32));
        }
        Ok(Some(SoundIndex {
            automaton,
            ranges,
            keywords,
        }))
    }

    /// Pushes `(keyword, start, end)` for every keyword that sounds like a
    /// stretch of `text` and is spelled close enough to it (see the module
    /// doc); the offsets are byte offsets into `text`.
    pub fn find(&self, text: &str, scratch: &mut SoundScratch, out: &mut Vec<(u32, usize, usize)>) {
        scratch.bytes.clear();
        scratch.units.clear();
        if encode_text(text, &mut scratch.bytes, &mut scratch.units) == 0 {
            return;
        }
        let units = &scratch.units;
        self.automaton
            .for_each_match(&scratch.bytes, |pattern, from_byte, to_byte| {
                let first = units[from_byte / 2];
                let last = units[to_byte / 2 - 1];
                let (from, to) = self.ranges[pattern];
                let (start, end) = (first.0 as usize, last.1 as usize);
                let found = &text[start..end];
                for (k, spelling) in &self.keywords[from as usize..to as usize] {
                    // The keyword spelled exactly is the exact scan's hit at
                    // the same place, which the classifier has already
                    // accepted or refused for reasons that hold for a sound
                    // hit there too (exclusion, negation): not a sound-alike.
                    if found != &**spelling && close_spelling(found, spelling) {
                        out.push((*k, start, end));
                    }
                }
            });
    }
}

/// Characters that carry no meaning of their own: a sound-alike that keeps
/// only these of the keyword is a different word (`号的` for `好的`).
const LIGHT: &[char] = &[
    '吗', '么', '嘛', '呢', '吧', '啊', '呀', '哦', '的', '地', '得', '了', '啦', '不', '没', '是',
    '有', '个', '一', '就', '也', '都', '还', '很', '又', '才', '要',
];

/// Whether `found` (same sound as `keyword`) is a plausible misspelling of
/// it: at most half of the characters differ and a content character is kept.
fn close_spelling(found: &str, keyword: &str) -> bool {
    let (mut total, mut differ, mut kept_content) = (0, 0, false);
    for (a, b) in found.chars().zip(keyword.chars()) {
        total += 1;
        if a != b {
            // A particle typed in place of a keyword character makes another
            // phrase (`款是` is not `款式`, `好了` is not `好叻`).
            if LIGHT.contains(&a) {
                return false;
            }
            differ += 1;
        } else if !LIGHT.contains(&a) {
            kept_content = true;
        }
    }
    differ * 2 <= total && kept_content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homophones_share_a_sound_when_the_tones_agree() {
        let sounds = |k: &str| encode_keyword(k, 2).unwrap();
        assert_eq!(sounds("包邮"), sounds("包油"));
        assert_eq!(sounds("优惠券"), sounds("优会券"));
        assert_ne!(sounds("包邮"), sounds("包装"));
        // Other tones are other words.
        assert_ne!(sounds("卖完"), sounds("买完"));
        assert_ne!(sounds("哪个"), sounds("那个"));
        // A neutral tone matches its syllable in any tone: 吗 (ma) finds 马 (ma3).
        let zaima = sounds("在吗");
        assert!(zaima.len() > 1);
        assert!(zaima.contains(&sounds("在马")[0]));
    }

    #[test]
    fn short_or_mixed_keywords_have_no_sound() {
        assert_eq!(encode_keyword("券", 2), None);
        assert_eq!(encode_keyword("包邮", 3), None);
        assert_eq!(encode_keyword("双11", 2), None);
        assert_eq!(encode_keyword("xl码", 2), None);
        assert!(encode_keyword("优惠券", 3).is_some());
    }

    #[test]
    fn matches_map_back_to_text_and_never_span_separators() {
        let sounds = vec![(
            7,
            "包邮".into(),
            encode_keyword("包邮", 2).unwrap().remove(0),
        )];
        let index = SoundIndex::build(sounds).unwrap().unwrap();
        let mut scratch = SoundScratch::default();
        let mut out = Vec::new();
        let text = "亲,包油吗";
        index.find(text, &mut scratch, &mut out);
        assert_eq!(out.len(), 1);
        let (k, start, end) = out[0];
        assert_eq!((k, &text[start..end]), (7, "包油"));
        out.clear();
        index.find("包,油 包12油 包", &mut scratch, &mut out);
        assert!(out.is_empty(), "{out:?}");
        index.find("123", &mut scratch, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn keywords_with_one_sound_share_a_pattern() {
        let sounds = vec![
            (
                1,
                "包邮".into(),
                encode_keyword("包邮", 2).unwrap().remove(0),
            ),
            (
                2,
                "包油".into(),
                encode_keyword("包油", 2).unwrap().remove(0),
            ),
        ];
        let index = SoundIndex::build(sounds).unwrap().unwrap();
        let mut out = Vec::new();
        index.find("能包由吗", &mut SoundScratch::default(), &mut out);
        let mut found: Vec<u32> = out.iter().map(|h| h.0).collect();
        found.sort();
        assert_eq!(found, [1, 2]);
    }

    #[test]
    fn a_sound_alike_must_keep_half_the_keyword_and_some_content() {
        assert!(close_spelling("包油", "包邮"));
        assert!(close_spelling("在马", "在吗"));
        assert!(close_spelling("优会券", "优惠券"));
        // Every character different: another word that happens to sound alike.
        assert!(!close_spelling("以为", "异味"));
        assert!(!close_spelling("在家", "再加"));
        // Only a particle or a negation kept.
        assert!(!close_spelling("号的", "好的"));
        assert!(!close_spelling("不知", "不值"));
        // Two of three changed.
        assert!(!close_spelling("优会圈", "优惠券"));
        // A particle in place of a keyword character.
        assert!(!close_spelling("款是", "款式"));
        assert!(!close_spelling("就结", "纠结"));
        let sounds = vec![(
            1,
            "异味".into(),
            encode_keyword("异味", 2).unwrap().remove(0),
        )];
        let index = SoundIndex::build(sounds).unwrap().unwrap();
        let mut out = Vec::new();
        index.find("我还以为是这种的", &mut SoundScratch::default(), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
