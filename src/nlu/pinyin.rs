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
//! the CJK blocks), a message becomes a short string of those ids, one per
//! character, and the keywords' id strings are looked up in it directly: they
//! are kept sorted, so at each character the candidates are the range of
//! sounds starting with its syllable, narrowed by binary search on each next
//! syllable (usually empty after the second). No pinyin string is built per
//! message. (It used to be a second Aho-Corasick automaton over a two-byte
//! encoding of the ids: two automaton steps and two pushes per character made
//! this pass a quarter of a classification.)
//!
//! A character without a reading (digits, letters, punctuation) has id 0,
//! which no keyword contains, so a keyword never matches across `包,油` or
//! `在1马`.
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
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

mod typed;
pub use typed::TypedIndex;

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
    /// Per id (index 0 unused): the syllable without its tone (`bao`), which
    /// is what a buyer typing pinyin letters writes (see `typed`).
    bases: Vec<&'static str>,
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
    Syllables {
        of_char,
        any_tone,
        bases,
    }
});

/// Loads the syllable tables now, so the first message does not pay for them.
pub fn warm_up() {
    LazyLock::force(&SYLLABLES);
    typed::warm_up();
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

/// The sounds of a (normalised) keyword, when every character is a Han
/// character with a reading and there are at least `min_chars` of them: one
/// syllable id per character, one sound per tone a neutral-tone character
/// may be typed in.
pub fn encode_keyword(keyword: &str, min_chars: usize) -> Option<Vec<Vec<u16>>> {
    let mut variants: Vec<Vec<u16>> = vec![Vec::with_capacity(keyword.len() / 3)];
    let mut count = 0;
    for c in keyword.chars() {
        let id = syllable(c);
        if id == 0 {
            return None;
        }
        count += 1;
        let tones = &SYLLABLES.any_tone[id as usize];
        if tones.is_empty() || variants.len() * tones.len() > MAX_VARIANTS {
            variants.iter_mut().for_each(|v| v.push(id));
            continue;
        }
        variants = variants
            .iter()
            .flat_map(|v| {
                tones.iter().map(move |&t| {
                    let mut longer = v.clone();
                    longer.push(t);
                    longer
                })
            })
            .collect();
    }
    (count >= min_chars.max(1)).then_some(variants)
}

/// The sound index of a classifier: every keyword sound, sorted.
#[derive(Debug)]
pub struct SoundIndex {
    /// Per syllable id, the sound made of that syllable alone, if any
    /// (only with `min_chars` 1); empty when there is none, so that the
    /// usual pack costs no load of it per character.
    single: Vec<Option<u32>>,
    /// Per pair of syllables, the range of sounds (in sorted order) that
    /// start with it: see [`Pairs`].
    pairs: Pairs,
    /// Sound `s` is `ids[spans[s].0..spans[s].0 + spans[s].1]`; sounds are
    /// sorted, so a sound sorts right before the longer ones it begins.
    spans: Vec<(u32, u32)>,
    ids: Vec<u16>,
    /// `keywords[owners[s].0..owners[s].1]` are the keywords sounding like
    /// sound `s`.
    owners: Vec<(u32, u32)>,
    keywords: Vec<u32>,
    /// The normalised spelling of `keywords[j]` starts at
    /// `spellings[spelled_at[j]]` and is as long as its sound. One flat
    /// array, so that comparing a sound's owners reads neighbouring memory
    /// instead of a separate allocation each.
    spelled_at: Vec<u32>,
    spellings: Vec<char>,
}

/// A keyword index and its normalised spelling, while the index is built.
type Owner = (u32, Box<[char]>);

/// Per-thread buffers of the sound pass.
#[derive(Default)]
pub struct SoundScratch {
    /// Syllable id per character of the message (0: no reading).
    ids: Vec<u16>,
    /// Byte offset of each character, and the text's length after the last.
    starts: Vec<u32>,
}

impl SoundIndex {
    /// Builds the index from `(keyword index, normalised keyword, sound)`;
    /// `None` when there are none. Keywords sharing a sound share one entry.
    pub fn build(sounds: Vec<(u32, String, Vec<u16>)>) -> Result<Option<SoundIndex>, String> {
        if sounds.is_empty() {
            return Ok(None);
        }
        let mut by_sound: BTreeMap<Vec<u16>, Vec<Owner>> = BTreeMap::new();
        for (keyword, text, sound) in sounds {
            let spelling: Box<[char]> = text.chars().collect();
            if sound.is_empty() || sound.contains(&0) || sound.len() != spelling.len() {
                return Err(format!(
                    "keyword `{text}` does not have one reading per character"
                ));
            }
            by_sound.entry(sound).or_default().push((keyword, spelling));
        }
        let mut single = vec![None; SYLLABLES.any_tone.len()];
        let mut pairs: BTreeMap<(u16, u16), (u32, u32)> = BTreeMap::new();
        let mut index = SoundIndex {
            single: Vec::new(),
            pairs: Pairs::default(),
            spans: Vec::with_capacity(by_sound.len()),
            ids: Vec::new(),
            owners: Vec::with_capacity(by_sound.len()),
            keywords: Vec::new(),
            spelled_at: Vec::new(),
            spellings: Vec::new(),
        };
        // The map iterates in lexicographic order of the sounds, the order
        // `find` narrows ranges in; sounds sharing their first two syllables
        // are therefore consecutive.
        for (s, (sound, owners)) in by_sound.into_iter().enumerate() {
            let s = s as u32;
            match sound[..] {
                [only] => {
                    *single
                        .get_mut(only as usize)
                        .ok_or_else(|| format!("syllable id {only} out of range"))? = Some(s);
                }
                [a, b, ..] => pairs.entry((a, b)).or_insert((s, s)).1 = s + 1,
                [] => unreachable!("empty sounds are refused above"),
            }
            index
                .spans
                .push((index.ids.len() as u32, sound.len() as u32));
            index.ids.extend_from_slice(&sound);
            let from = index.keywords.len() as u32;
            for (keyword, spelling) in owners {
                index.keywords.push(keyword);
                index.spelled_at.push(index.spellings.len() as u32);
                index.spellings.extend_from_slice(&spelling);
            }
            index.owners.push((from, index.keywords.len() as u32));
        }
        if single.iter().any(Option::is_some) {
            index.single = single;
        }
        index.pairs = Pairs::build(&pairs);
        Ok(Some(index))
    }

    /// Pushes `(keyword, start, end)` for every keyword that sounds like a
    /// stretch of `text` and is spelled close enough to it (see the module
    /// doc); the offsets are byte offsets into `text`. The order of the hits
    /// is unspecified (the classifier sorts them).
    pub fn find(&self, text: &str, scratch: &mut SoundScratch, out: &mut Vec<(u32, usize, usize)>) {
        let SoundScratch { ids, starts } = scratch;
        ids.clear();
        starts.clear();
        // The table once, not through the lazy static for every character.
        let table = &SYLLABLES.of_char;
        for (at, c) in text.char_indices() {
            let code = c as u32;
            let id = if (FIRST..=LAST).contains(&code) {
                table[(code - FIRST) as usize]
            } else {
                0
            };
            ids.push(id);
            starts.push(at as u32);
        }
        starts.push(text.len() as u32);
        let found = Found { text, starts, out };
        self.search(ids, found);
    }

    fn search(&self, ids: &[u16], mut found: Found) {
        for i in 0..ids.len() {
            let id = ids[i];
            if id == 0 {
                continue;
            }
            if let Some(&Some(s)) = self.single.get(id as usize) {
                self.report(s, i, 1, &mut found);
            }
            let Some(&next) = ids.get(i + 1) else { break };
            // Most characters start no keyword's sound: one probe of the pair
            // table settles that, where an automaton took two steps.
            let Some((mut lo, mut hi)) = self.pairs.get(id, next) else {
                continue;
            };
            let mut depth = 2;
            while lo < hi {
                // Every sound in lo..hi begins with ids[i..i + depth]; one
                // that ends there sorts first.
                if self.spans[lo as usize].1 as usize == depth {
                    self.report(lo, i, depth, &mut found);
                    lo += 1;
                }
                let Some(&next) = ids.get(i + depth) else {
                    break;
                };
                if lo == hi || next == 0 {
                    break;
                }
                // The sounds left are longer than `depth`: keep those whose
                // next syllable is `next` (a few, sorted).
                let range = &self.spans[lo as usize..hi as usize];
                let below = range.partition_point(|&(at, _)| self.ids[at as usize + depth] < next);
                let upto = below
                    + range[below..]
                        .partition_point(|&(at, _)| self.ids[at as usize + depth] == next);
                hi = lo + upto as u32;
                lo += below as u32;
                depth += 1;
            }
        }
    }

    /// Pushes the keywords of sound `s`, heard at characters `i..i + len`,
    /// that are spelled close enough to what is written there.
    fn report(&self, s: u32, i: usize, len: usize, found: &mut Found) {
        let (start, end) = (found.starts[i], found.starts[i + len]);
        let written = &found.text[start as usize..end as usize];
        let (from, to) = self.owners[s as usize];
        let owners = from as usize..to as usize;
        for (&k, &at) in self.keywords[owners.clone()]
            .iter()
            .zip(&self.spelled_at[owners])
        {
            let spelling = &self.spellings[at as usize..at as usize + len];
            if close_spelling(written, spelling) {
                found.out.push((k, start as usize, end as usize));
            }
        }
    }
}

/// What `report` needs of one message.
struct Found<'a> {
    text: &'a str,
    starts: &'a [u32],
    out: &'a mut Vec<(u32, usize, usize)>,
}

/// An open-addressing hash table from a pair of syllable ids to a range of
/// sounds, built once. Linear probing at most half full, so a pair no sound
/// starts with (the usual case) is settled in a probe or two.
///
/// In front of it, a filter of 2^16 bits (8 KiB, so it stays in the L1
/// cache) with one bit per hashed pair: a large pack's table is hundreds of
/// KiB, and most characters would otherwise cost a probe into it.
#[derive(Debug, Default)]
struct Pairs {
    /// `(key, lo, hi)`; key 0 marks an empty slot (no syllable id is 0).
    slots: Vec<(u32, u32, u32)>,
    shift: u32,
    filter: Vec<u64>,
}

/// Bits of the filter's hash: 2^16 bits.
const FILTER_BITS: u32 = 16;

impl Pairs {
    fn build(ranges: &BTreeMap<(u16, u16), (u32, u32)>) -> Pairs {
        let bits = (ranges.len() * 2)
            .max(2)
            .next_power_of_two()
            .trailing_zeros();
        let mut pairs = Pairs {
            slots: vec![(0, 0, 0); 1 << bits],
            shift: 32 - bits,
            filter: vec![0; (1 << FILTER_BITS) / 64],
        };
        let mask = pairs.slots.len() - 1;
        for (&(a, b), &(lo, hi)) in ranges {
            let key = Pairs::key(a, b);
            let bit = Pairs::filter_bit(key);
            pairs.filter[bit / 64] |= 1 << (bit % 64);
            let mut at = pairs.slot(key);
            while pairs.slots[at].0 != 0 {
                at = (at + 1) & mask;
            }
            pairs.slots[at] = (key, lo, hi);
        }
        pairs
    }

    fn key(a: u16, b: u16) -> u32 {
        (u32::from(a) << 16) | u32::from(b)
    }

    /// Fibonacci hashing: the top bits of the key times 2^32 / φ.
    fn slot(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9) >> self.shift) as usize
    }

    /// Another multiplicative hash than `slot`'s, so that the filter and
    /// the table do not refuse the same keys.
    fn filter_bit(key: u32) -> usize {
        (key.wrapping_mul(0x85EB_CA6B) >> (32 - FILTER_BITS)) as usize
    }

    #[inline]
    fn get(&self, a: u16, b: u16) -> Option<(u32, u32)> {
        let key = Pairs::key(a, b);
        let bit = Pairs::filter_bit(key);
        // (`get`: an empty, default table refuses everything.)
        let word = self.filter.get(bit / 64).copied().unwrap_or(0);
        if word & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.slot(key);
        loop {
            let (k, lo, hi) = self.slots[at];
            if k == key {
                return Some((lo, hi));
            }
            if k == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }
}

/// Characters that carry no meaning of their own: a sound-alike that keeps
/// only these of the keyword is a different word (`号的` for `好的`).
const LIGHT: &[char] = &[
    '吗', '么', '嘛', '呢', '吧', '啊', '呀', '哦', '的', '地', '得', '了', '啦', '不', '没', '是',
    '有', '个', '一', '就', '也', '都', '还', '很', '又', '才', '要',
];

/// Whether `found` (same sound as `keyword`, so as many characters) is a
/// plausible misspelling of it: at most half of the characters differ, at
/// least one does, and a content character is kept.
///
/// The keyword spelled exactly is the exact scan's hit at the same place,
/// which the classifier has already accepted or refused for reasons that
/// hold for a sound hit there too (exclusion, negation): not a sound-alike.
/// The stretch of the message is decoded as it is compared, against the
/// keyword's characters decoded once at build: keeping every message's
/// characters in a buffer for the few candidates cost a store per character.
fn close_spelling(found: &str, keyword: &[char]) -> bool {
    // Most candidates are the exact spelling: settle those without looking
    // any character up in `LIGHT`.
    if found.chars().eq(keyword.iter().copied()) {
        return false;
    }
    let (mut total, mut differ, mut kept_content) = (0, 0, false);
    for (a, &b) in found.chars().zip(keyword) {
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
    differ > 0 && differ * 2 <= total && kept_content
}

#[cfg(test)]
mod tests;
