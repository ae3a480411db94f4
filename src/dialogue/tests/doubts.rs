//! Doubts about the goods (`authenticity`): whether they are genuine, can
//! be verified, look like the pictures, last. Each is its own question
//! and gets its own answer, not one sentence that speaks of all of them.

use super::*;

#[test]
fn genuine_verified_and_like_the_pictures_are_three_answers() {
    // Before, every one of them got "所售都是正品…不同屏幕可能有轻微色差":
    // a buyer asking whether the goods are fake heard about screen colours,
    // and one asking how to verify them was not answered.
    let cases = [
        ("是正品吗", "正品", "色差"),
        ("会不会是高仿", "正品", "色差"),
        ("怎么能验呀", "验", "色差"),
        ("我买完拿实体店去验可以吗", "验", "色差"),
        ("有色差吗", "色差", "正品"),
        ("和图片一样吗", "实物", "正品"),
    ];
    for (ask, says, not) in cases {
        let mut c = Conv::shipped().on_page("p-1001");
        let (text, keys) = reply(&c.buyer(ask)).expect("a reply");
        assert_eq!(keys, ["authenticity"], "{ask}");
        assert!(text.contains(says), "{ask}: {text}");
        assert!(!text.contains(not), "{ask}: {text}");
    }
    // A doubt about quality in general is answered about quality.
    let mut c = Conv::shipped().on_page("p-1001");
    let (text, _) = reply(&c.buyer("质量有保证吗")).expect("a reply");
    assert!(text.contains("质") && !text.contains("色差"), "{text}");
}

#[test]
fn asking_whether_it_lasts_is_answered_about_make_and_after_sale_not_colour() {
    let mut c = Conv::shipped().on_page("p-1009");
    let (text, keys) = reply(&c.buyer("容易坏不")).expect("a reply");
    assert_eq!(keys, ["authenticity"]);
    assert!(text.contains("质量问题"), "{text}");
    assert!(!text.contains("色差"), "{text}");
    // The shoes' own answer about their soles comes first, with the
    // after-sale promise.
    let mut c = Conv::shipped().on_page("p-1009");
    let text = c.ask("会不会开胶").expect("a reply");
    assert!(text.contains("开胶") && text.contains("处理"), "{text}");
    assert!(!text.contains("色差"), "{text}");
}
