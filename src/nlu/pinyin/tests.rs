//! Tests of the sound index: homophones, spans, the spelling rule, and a
//! brute-force reference for the lookup.

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

fn close_spelling(found: &str, keyword: &str) -> bool {
    super::close_spelling(found, &keyword.chars().collect::<Vec<char>>())
}

#[test]
fn a_sound_alike_must_keep_half_the_keyword_and_some_content() {
    assert!(close_spelling("包油", "包邮"));
    assert!(close_spelling("在马", "在吗"));
    // The keyword as written is the exact scan's hit, not a sound-alike.
    assert!(!close_spelling("包邮", "包邮"));
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
/// Every sound-alike, the slow way: every keyword sound compared at
/// every character of the text.
fn reference(sounds: &[(u32, String, Vec<u16>)], text: &str) -> Vec<(u32, usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let ids: Vec<u16> = chars.iter().map(|&(_, c)| syllable(c)).collect();
    let mut out = Vec::new();
    for (k, spelling, sound) in sounds {
        for i in 0..ids.len() {
            if ids[i..].starts_with(sound) {
                let start = chars[i].0;
                let end = chars.get(i + sound.len()).map_or(text.len(), |&(at, _)| at);
                if close_spelling(&text[start..end], spelling) {
                    out.push((*k, start, end));
                }
            }
        }
    }
    out.sort_unstable();
    out
}

#[test]
fn finds_exactly_what_comparing_every_sound_everywhere_finds() {
    let keywords = [
        "包邮",
        "在吗",
        "优惠券",
        "优惠",
        "发货",
        "什么时候发货",
        "退货",
        "换货",
        "便宜",
        "便宜点",
        "好的",
        "谢谢",
        "质量",
        "尺码",
        "偏大",
        "偏小",
        "快递",
        "到了吗",
        "怎么",
        "没有",
        "有货",
        "有吗",
        "发票",
        "开发票",
        "是不是",
        "人工",
        // One character: only with `min_chars` 1 (see below).
        "贵",
        "好",
    ];
    let mut sounds = Vec::new();
    for (k, kw) in keywords.iter().enumerate() {
        for sound in encode_keyword(kw, 1).unwrap() {
            sounds.push((k as u32, kw.to_string(), sound));
        }
    }
    // The keywords' characters and some of their homophones in every
    // tone, digits and punctuation as separators.
    let mut alphabet: Vec<char> = keywords.iter().flat_map(|k| k.chars()).collect();
    let wanted: std::collections::HashSet<u16> = alphabet.iter().map(|&c| syllable(c)).collect();
    let mut per_syllable = std::collections::HashMap::new();
    for c in (FIRST..=LAST).filter_map(char::from_u32) {
        let id = syllable(c);
        let toneless = SYLLABLES
            .any_tone
            .get(id as usize)
            .is_some_and(|t| !t.is_empty());
        if (wanted.contains(&id) || toneless) && *per_syllable.entry(id).or_insert(0) < 3 {
            *per_syllable.get_mut(&id).unwrap() += 1;
            alphabet.push(c);
        }
    }
    alphabet.extend(['1', ',', 'x', '?', '马', '油', '会']);
    let index = SoundIndex::build(sounds.clone()).unwrap().unwrap();
    let mut scratch = SoundScratch::default();
    let mut rng = fastrand::Rng::with_seed(5);
    let mut hits = 0;
    for round in 0..20_000 {
        let mut text = String::new();
        // Half the texts are keywords with characters swapped, so that
        // sound-alikes are common; the rest are random characters.
        for _ in 0..rng.usize(1..5) {
            if round % 2 == 0 {
                for c in keywords[rng.usize(..keywords.len())].chars() {
                    let same: Vec<char> = alphabet
                        .iter()
                        .copied()
                        .filter(|&h| syllable(h) == syllable(c))
                        .collect();
                    text.push(match rng.u8(..8) {
                        0 => alphabet[rng.usize(..alphabet.len())],
                        1..=3 => same[rng.usize(..same.len())],
                        _ => c,
                    });
                }
            } else {
                text.push(alphabet[rng.usize(..alphabet.len())]);
            }
        }
        let mut out = Vec::new();
        index.find(&text, &mut scratch, &mut out);
        out.sort_unstable();
        let expected = reference(&sounds, &text);
        assert_eq!(out, expected, "{text}");
        hits += out.len();
    }
    assert!(
        hits > 1000,
        "only {hits} sound-alikes: the texts test little"
    );
}
