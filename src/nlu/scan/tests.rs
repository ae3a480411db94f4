use super::*;
use aho_corasick::AhoCorasick;

/// Every match, as the crate's own overlapping iterator reports them over
/// the raw UTF-8.
fn reference(strings: &[String], haystack: &str) -> Vec<(usize, usize, usize)> {
    reference_with(&crate_automaton(strings), haystack)
}

fn crate_automaton(strings: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(strings)
        .unwrap()
}

fn reference_with(ac: &AhoCorasick, haystack: &str) -> Vec<(usize, usize, usize)> {
    ac.find_overlapping_iter(haystack)
        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
        .collect()
}

fn ours(scanner: &Scanner, haystack: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    scanner.for_each_match(haystack, |p, s, e| out.push((p, s, e)));
    out
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn reports_every_overlapping_match_like_the_crate_does() {
    let strings = strings(&["不", "不贵", "贵", "太贵了", "包邮", "邮", "xl", "l", "ll"]);
    let scanner = Scanner::build(&strings).unwrap();
    assert!(scanner.alphabet.is_some());
    for text in [
        "不贵",
        "太贵了不包邮吗",
        "xll码",
        "",
        "没有",
        "贵贵贵",
        "lll",
        "不😀贵",
    ] {
        assert_eq!(ours(&scanner, text), reference(&strings, text), "{text}");
    }
}

#[test]
fn many_strings_sharing_prefixes_and_suffixes() {
    let mut strings: Vec<String> = (0..6000).map(|i| format!("k{i}号")).collect();
    strings.push("号".to_string());
    strings.push("不".to_string());
    let scanner = Scanner::build(&strings).unwrap();
    for text in ["k12号k4999号不", "号号", "k5009号", "abc"] {
        assert_eq!(ours(&scanner, text), reference(&strings, text), "{text}");
    }
}

/// A character no string uses must break a match, not be skipped over.
#[test]
fn a_character_in_no_string_ends_every_match() {
    let strings = strings(&["包邮", "包", "邮吗"]);
    let scanner = Scanner::build(&strings).unwrap();
    assert_eq!(ours(&scanner, "包x邮吗"), reference(&strings, "包x邮吗"));
    assert_eq!(ours(&scanner, "包x邮吗"), vec![(1, 0, 3), (2, 4, 10)]);
    assert_eq!(ours(&scanner, "包邮"), vec![(1, 0, 3), (0, 0, 6)]);
}

/// Han characters, some ASCII and some characters in no string, drawn from
/// `pool`; strings of one to four of them.
fn random_text(rng: &mut fastrand::Rng, pool: &[char], len: usize) -> String {
    (0..len).map(|_| pool[rng.usize(..pool.len())]).collect()
}

/// Enough distinct characters that most get two-byte codes: a match must
/// never start at a trail byte or end at a lead byte.
#[test]
fn two_byte_codes_match_like_the_raw_text() {
    let mut rng = fastrand::Rng::with_seed(3);
    let han: Vec<char> = (0x4e00u32..0x4e00 + 1500)
        .filter_map(char::from_u32)
        .collect();
    let mut pool = han.clone();
    pool.extend("abcxyz0123,?!".chars());
    let strings: Vec<String> = (0..3000)
        .map(|_| {
            let len = rng.usize(1..=4);
            random_text(&mut rng, &pool, len)
        })
        .collect();
    let scanner = Scanner::build(&strings).unwrap();
    assert!(scanner.alphabet.is_some(), "1,513 characters fit the codes");
    // Texts also use characters in no string (the end of the Han block).
    let mut text_pool = pool.clone();
    text_pool.extend((0x9f00u32..0x9f40).filter_map(char::from_u32));
    text_pool.push('😀');
    let ac = crate_automaton(&strings);
    let mut matched = 0;
    for _ in 0..3000 {
        let len = rng.usize(0..40);
        let text = random_text(&mut rng, &text_pool, len);
        let want = reference_with(&ac, &text);
        matched += want.len();
        assert_eq!(ours(&scanner, &text), want, "{text}");
    }
    assert!(matched > 1000, "the texts hit strings ({matched} matches)");
}

/// More distinct characters than codes: the scanner falls back to raw
/// UTF-8, with the same matches.
#[test]
fn too_many_characters_for_codes_scan_the_raw_text() {
    let han: Vec<char> = (0x4e00u32..0x4e00 + 5000)
        .filter_map(char::from_u32)
        .collect();
    let strings: Vec<String> = han.chunks(2).map(|pair| pair.iter().collect()).collect();
    let scanner = Scanner::build(&strings).unwrap();
    assert!(scanner.alphabet.is_none());
    let text: String = han[1000..1100].iter().collect();
    let want = reference(&strings, &text);
    assert_eq!(want.len(), 50);
    assert_eq!(ours(&scanner, &text), want);
}

#[test]
fn codes_go_to_the_most_used_characters_first() {
    let strings = strings(&["贵贵", "贵", "包邮", "邮"]);
    let alphabet = Alphabet::for_strings(strings.iter().map(String::as_str)).unwrap();
    assert_eq!(alphabet.code('贵'), 1);
    assert_eq!(alphabet.code('邮'), 2);
    assert_eq!(alphabet.code('包'), 3);
    assert_eq!(alphabet.code('x'), 0);
    assert_eq!(alphabet.encode("包邮贵"), vec![3, 2, 1]);
}
