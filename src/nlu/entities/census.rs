//! One pass over a message that says which entity regexes could match at all.
//!
//! Most messages hold no entity, and a regex search, even one that fails, costs
//! far more than looking at each character once. So before any regex runs,
//! [`Census::of`] walks the text once and notes, for each regex, a short
//! sequence of characters that every match of it contains (a digit right
//! before `斤`, `身高`, a Chinese numeral right before `米`, …). A regex whose
//! sequence is absent cannot match and is not run. Skipping it changes no
//! result: its search would have found nothing.
//!
//! The regexes' `\d` is Unicode-aware (it matches `٣` and `５` too), so
//! "digit" here means any character with a numeric general category, a
//! superset of `\d`: a flag may be set for nothing, never missed.
//!
//! Numbers are only read from text with an ASCII digit, and the flags for the
//! regexes that need a digit are only looked at then. Text without one (most
//! messages) gets a lighter census: one loop over its bytes that looks for the
//! few sequences of the other regexes (`s`/`m`/`l` at the end of a word, `米`,
//! `斤`, `克` after a Chinese numeral) and hands over to the full census at
//! the first ASCII digit.
//!
//! Each flag names the regex it gates; `census_flags_are_necessary` in the
//! tests checks on generated text that a regex never matches where its flag is
//! unset.

/// What one pass over the text found. Every `bool` but `ascii_digit` is a
/// condition necessary for some regex to match; the `digit_…`, `weight_word`,
/// `height_word` and `order_word` flags are only computed (and only read)
/// when `ascii_digit` is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Census {
    /// An ASCII digit somewhere: numbers are only looked for when there is one.
    pub ascii_digit: bool,
    /// A digit right before `斤`, `kg`, `公斤` or `千克` (`PAIR`, `WEIGHT`).
    pub digit_weight_unit: bool,
    /// `体重` (`WEIGHT`).
    pub weight_word: bool,
    /// A digit right before `cm`, `m`, `米`, `公分` or `厘米` (`HEIGHT`).
    pub digit_height_unit: bool,
    /// `身高` (`HEIGHT`).
    pub height_word: bool,
    /// A digit, then `,`, `/` or `、`, then a digit (`BARE_PAIR`).
    pub digit_pair_separator: bool,
    /// A digit, then `-` or `,`, then a digit (`GROUPED_PHONE`).
    pub digit_group_separator: bool,
    /// `单` and somewhere six digits in a row (`ORDER_AFTER_WORD`).
    pub order_word: bool,
    /// A digit right before `码` (`NUMERIC_SIZE`).
    pub digit_size_unit: bool,
    /// `一`, `二` or `两` right before `米` (`CHINESE_HEIGHT`).
    pub chinese_height: bool,
    /// A Chinese numeral right before `斤`, `公斤` or `千克` (`CHINESE_WEIGHT`).
    pub chinese_weight: bool,
    /// `s`, `m` or `l` not followed by a letter `a`–`z` (`LETTER_SIZE`).
    pub letter_size: bool,
}

/// The characters the census tells apart; everything else is `Other`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Other,
    Digit,
    /// `一`, `二`, `两`: may start a Chinese height (and are numerals).
    SmallNumeral,
    /// The other characters of `[零一二两三四五六七八九十百]`.
    Numeral,
    /// A letter `a`–`z`.
    Lower(char),
    /// A character that some sequence continues from or ends with.
    Key(char),
}

#[inline(always)]
fn kind(c: char) -> Kind {
    if c.is_ascii() {
        return match c {
            '0'..='9' => Kind::Digit,
            'a'..='z' => Kind::Lower(c),
            ',' | '/' | '-' => Kind::Key(c),
            _ => Kind::Other,
        };
    }
    match c {
        '一' | '二' | '两' => Kind::SmallNumeral,
        '零' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' => {
            Kind::Numeral
        }
        '斤' | '公' | '千' | '克' | '分' | '厘' | '米' | '码' | '单' | '身' | '高' | '体'
        | '重' | '、' => Kind::Key(c),
        // Han characters are never numeric (`一` is a letter to Unicode), so
        // the table lookup below is left for the rare other scripts.
        '\u{3400}'..='\u{9FFF}' => Kind::Other,
        _ if c.is_numeric() => Kind::Digit,
        _ => Kind::Other,
    }
}

/// The bytes the byte-wise census looks closer at: ASCII digits, `s`, `m`,
/// `l`, and the last bytes of `米`, `斤` and `克` (UTF-8 continuation bytes,
/// each shared by many other characters).
static STOP: [bool; 256] = {
    let mut stop = [false; 256];
    let mut d = b'0';
    while d <= b'9' {
        stop[d as usize] = true;
        d += 1;
    }
    stop[b's' as usize] = true;
    stop[b'm' as usize] = true;
    stop[b'l' as usize] = true;
    stop["米".as_bytes()[2] as usize] = true;
    stop["斤".as_bytes()[2] as usize] = true;
    stop["克".as_bytes()[2] as usize] = true;
    stop
};

/// Whether `s` ends with one of `[零一二两三四五六七八九十百]`.
fn ends_with_numeral(s: &str) -> bool {
    s.chars().next_back().is_some_and(|c| kind(c).is_numeral())
}

impl Kind {
    fn is_digit(self) -> bool {
        self == Kind::Digit
    }

    fn is_numeral(self) -> bool {
        matches!(self, Kind::SmallNumeral | Kind::Numeral)
    }

    /// `s`, `m`, `l`: the last letter of every letter size.
    fn ends_size(self) -> bool {
        matches!(self, Kind::Lower('s' | 'm' | 'l'))
    }
}

impl Census {
    /// Walks `t` once: byte by byte (common Han characters three bytes at a
    /// time) until an ASCII digit shows up, then character by character with
    /// all flags, starting over.
    pub fn of(t: &str) -> Census {
        let b = t.as_bytes();
        let mut k = Census::default();
        let mut i = 0;
        while i < b.len() {
            // A three-byte character of U+4000–U+9FFF (common Han): only its
            // last byte can be that of `米`, `斤` or `克`.
            if let [0xE4..=0xE9, _, last, ..] = b[i..] {
                if STOP[usize::from(last)] {
                    k.look_at(t, i + 2);
                }
                i += 3;
                continue;
            }
            if STOP[usize::from(b[i])] && k.look_at(t, i) {
                return Census::full(t);
            }
            i += 1;
        }
        k
    }

    /// The byte-wise census at byte `i` of `t`, a [`STOP`] byte; `true` at
    /// an ASCII digit, where the full census has to take over.
    fn look_at(&mut self, t: &str, i: usize) -> bool {
        let b = t.as_bytes();
        match b.get(i) {
            Some(b'0'..=b'9') => return true,
            Some(b's' | b'm' | b'l') => {
                self.letter_size |= !b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
            }
            // The last byte of `米`, `斤` or `克`, or of some other character.
            _ => {
                let Some(start) = i.checked_sub(2) else {
                    return false;
                };
                let (Some(before), Some(unit)) = (t.get(..start), t.get(start..=i)) else {
                    return false;
                };
                match unit {
                    "米" => self.chinese_height |= before.ends_with(['一', '二', '两']),
                    "斤" => {
                        self.chinese_weight |= ends_with_numeral(before)
                            || before.strip_suffix('公').is_some_and(ends_with_numeral);
                    }
                    "克" => {
                        self.chinese_weight |=
                            before.strip_suffix('千').is_some_and(ends_with_numeral);
                    }
                    _ => {}
                }
            }
        }
        false
    }

    /// Walks `t` once, character by character, setting every flag.
    /// Sequences are recognised from the current character and the two
    /// before it.
    pub fn full(t: &str) -> Census {
        let mut k = Census::default();
        let (mut p2, mut p1) = (Kind::Other, Kind::Other);
        let mut digit_run = 0usize;
        let mut long_digit_run = false;
        let mut dan = false;
        for c in t.chars() {
            let cur = kind(c);
            if cur == Kind::Other && p1 == Kind::Other {
                // Nothing starts or ends here: the common case, kept short.
                p2 = p1;
                digit_run = 0;
                continue;
            }
            if p1.ends_size() && !matches!(cur, Kind::Lower(_)) {
                k.letter_size = true;
            }
            if cur.is_digit() {
                k.ascii_digit |= c.is_ascii_digit();
                digit_run += 1;
                long_digit_run |= digit_run >= 6;
                if p2.is_digit() {
                    match p1 {
                        Kind::Key(',') => {
                            k.digit_pair_separator = true;
                            k.digit_group_separator = true;
                        }
                        Kind::Key('/' | '、') => k.digit_pair_separator = true,
                        Kind::Key('-') => k.digit_group_separator = true,
                        _ => {}
                    }
                }
            } else {
                digit_run = 0;
            }
            match cur {
                Kind::Key('斤') => {
                    let after_gong = p1 == Kind::Key('公');
                    k.digit_weight_unit |= p1.is_digit() || (after_gong && p2.is_digit());
                    k.chinese_weight |= p1.is_numeral() || (after_gong && p2.is_numeral());
                }
                Kind::Key('克') if p1 == Kind::Key('千') => {
                    k.digit_weight_unit |= p2.is_digit();
                    k.chinese_weight |= p2.is_numeral();
                }
                Kind::Lower('m') => {
                    let after_c = p1 == Kind::Lower('c') && p2.is_digit();
                    k.digit_height_unit |= p1.is_digit() || after_c;
                }
                Kind::Lower('g') => k.digit_weight_unit |= p1 == Kind::Lower('k') && p2.is_digit(),
                Kind::Key('米') => {
                    k.digit_height_unit |=
                        p1.is_digit() || (p1 == Kind::Key('厘') && p2.is_digit());
                    k.chinese_height |= p1 == Kind::SmallNumeral;
                }
                Kind::Key('分') => k.digit_height_unit |= p1 == Kind::Key('公') && p2.is_digit(),
                Kind::Key('码') => k.digit_size_unit |= p1.is_digit(),
                Kind::Key('单') => dan = true,
                Kind::Key('高') => {
                    k.height_word |= p1 == Kind::Key('身');
                    // `150高`: a height with 高 for its unit.
                    k.digit_height_unit |= p1.is_digit();
                }
                Kind::Key('重') => k.weight_word |= p1 == Kind::Key('体'),
                _ => {}
            }
            (p2, p1) = (p1, cur);
        }
        if p1.ends_size() {
            k.letter_size = true;
        }
        k.order_word = dan && long_digit_run;
        k
    }

    /// Every regex allowed to run (only `ascii_digit` still read from the
    /// text): the reference the census is tested against.
    #[cfg(test)]
    pub fn everything(t: &str) -> Census {
        Census {
            ascii_digit: t.bytes().any(|b| b.is_ascii_digit()),
            digit_weight_unit: true,
            weight_word: true,
            digit_height_unit: true,
            height_word: true,
            digit_pair_separator: true,
            digit_group_separator: true,
            order_word: true,
            digit_size_unit: true,
            chinese_height: true,
            chinese_weight: true,
            letter_size: true,
        }
    }
}
