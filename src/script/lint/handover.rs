//! Words of a handover intent that ordinary messages hold.
//!
//! A complaint or a request for a person (`complaint`, `human`) hands the
//! conversation to a person wherever the intent ranks and whatever its
//! weight; a return or a parcel question (`return_refund`, `logistics`)
//! does so too once there is an order or no item in talk. So one keyword
//! there that buyers write in any message (`的`, `吗`, `你们`), or a pattern
//! that matches anything (`.*`), hands almost every chat to a person, and
//! at night the bot stops answering at all. It loads, and the top intents
//! hardly change: only a warning here shows it before buyers do.
//!
//! A keyword is suspect when it is one character or made only of the
//! little words every sentence has; a keyword or pattern, when it hands
//! more than a few of [`ORDINARY`] messages to a person. That is measured
//! with the policy itself (each message as a conversation's first, see
//! [`crate::dialogue::open_with`]), not guessed from the text, so an aside,
//! an exclusion or a negation that keeps a message with the bot counts.

use super::Warning;
use crate::dialogue::{open_with, AFTER_SALE, TO_HUMAN};
use crate::nlu::normalize;
use crate::script::source::Sources;
use crate::script::{Location, Scripts};
use serde_spanned::Spanned;
use std::collections::HashMap;
use toml::de::DeValue;

/// Pre-sale questions and manners of every kind, none of which needs a
/// person: what a shop's buyers write all day. Each holds some of the
/// little words (的, 了, 吗, 我, 你, 有, 在 …) buyers cannot avoid.
pub(super) const ORDINARY: &[&str] = &[
    "在吗",
    "你好,在吗",
    "亲在吗",
    "有黑色的吗",
    "我要红色的",
    "这个有L码吗",
    "这款还有货吗",
    "有没有白色的",
    "我身高165体重110斤穿什么码",
    "170,130斤穿多大的",
    "偏大还是偏小",
    "这个是什么面料的",
    "是纯棉的吗",
    "会起球吗",
    "洗了会缩水吗",
    "会不会掉色",
    "厚不厚啊",
    "冬天穿冷不冷",
    "这个颜色好看吗",
    "哪个颜色比较显白",
    "实物和图片一样吗",
    "有没有色差",
    "是正品吗",
    "什么时候发货",
    "今天能发货吗",
    "发什么快递",
    "能发顺丰吗",
    "包邮吗",
    "几天能到",
    "寄到上海要几天",
    "有优惠券吗",
    "现在有什么活动",
    "能便宜一点吗",
    "两件多少钱",
    "买两件有优惠吗",
    "太贵了吧",
    "别家比你们便宜",
    "我再考虑一下",
    "我先看看",
    "先加购物车了",
    "推荐一下吧",
    "有没有适合上班穿的",
    "送男朋友穿哪个好",
    "这两款有什么区别",
    "能开发票吗",
    "可以用花呗吗",
    "怎么付款",
    "拍下可以改地址吗",
    "我是第一次买",
    "你们家衣服质量怎么样",
    "这个是新款吗",
    "还会补货吗",
    "一共有几个颜色",
    "我平时穿M码",
    "我180的个子能穿吗",
    "那个蓝色的呢",
    "这个呢",
    "好的",
    "好的谢谢",
    "嗯嗯",
    "知道了",
    "那我拍了",
    "我要一件黑色L码",
    "可以的",
    "谢谢亲",
    "这件衣服是什么风格的",
    "裤子有多长",
    "袖子长吗",
    "领口大不大",
    "有没有小一点的尺码",
    "这是今年的新款吗",
    "能不能送个小礼物",
    "有赠品吗",
    "有礼盒包装吗",
    "是你们自己的工厂吗",
    "你们在哪里发货",
    "我想买一件送人",
    "帮我看一下这个",
    "这个适合多大年纪穿",
    "我有点胖能穿吗",
];

/// Characters of the little words in nearly every buyer sentence: a
/// keyword made of these alone (`的`, `是的`, `有吗`, `你们`, `什么`) says
/// nothing of a complaint or a refund.
const FUNCTION_CHARS: &str = "的了吗我你是有在吧呢啊这那个一么什怎们哦嗯呀哈也都就还很和要好";

/// A handover word is flagged when it hands over more than this share of
/// [`ORDINARY`], in percent: none of them needs a person, but a word or
/// two of the sample may be a fair keyword seen in a rare sentence.
const MAX_PERCENT: usize = 3;

/// At most this many of the messages handed over are quoted.
const EXAMPLES: usize = 3;

/// A keyword or pattern of a handover intent, where it is written.
pub(super) struct Word {
    intent: String,
    /// As written: what the classifier names when it fires.
    text: String,
    pattern: bool,
    at: Location,
}

/// The keywords and patterns of the handover intents in one file's
/// `[[intent]]` tables.
pub(super) fn words(value: &Spanned<DeValue<'_>>, file: usize, sources: &Sources) -> Vec<Word> {
    let Some(intents) = value.get_ref().as_array() else {
        return Vec::new();
    };
    let mut words = Vec::new();
    for table in intents.iter().filter_map(|v| v.get_ref().as_table()) {
        let Some(name) = table.get("name").and_then(|n| n.get_ref().as_str()) else {
            continue;
        };
        if !hands_over(name) {
            continue;
        }
        for (key, inner, pattern) in [("keywords", "text", false), ("patterns", "re", true)] {
            let Some(list) = table.get(key).and_then(|l| l.get_ref().as_array()) else {
                continue;
            };
            for item in list {
                let text = match item.get_ref() {
                    DeValue::String(s) => s.as_ref(),
                    DeValue::Table(t) => match t.get(inner).map(|r| r.get_ref()) {
                        Some(DeValue::String(s)) => s.as_ref(),
                        _ => continue,
                    },
                    _ => continue,
                };
                words.push(Word {
                    intent: name.to_string(),
                    text: text.to_string(),
                    pattern,
                    at: sources.of(file, item),
                });
            }
        }
    }
    words
}

fn hands_over(intent: &str) -> bool {
    TO_HUMAN.contains(&intent) || AFTER_SALE.contains(&intent)
}

/// The warnings for `words`, with [`ORDINARY`] put through `scripts`.
pub(super) fn too_broad(words: &[Word], scripts: &Scripts) -> Vec<Warning> {
    if words.is_empty() {
        return Vec::new();
    }
    // (intent, word as written) → the ordinary messages it handed over.
    let mut handed: HashMap<(String, String), Vec<&str>> = HashMap::new();
    for &message in ORDINARY {
        let opening = open_with(scripts, message);
        let Some(reason) = opening.handed_over.as_deref() else {
            continue;
        };
        for word in opening.handover_words() {
            let word = word.trim_start_matches(crate::nlu::SOUND_MARK);
            let key = (reason.to_string(), word.to_string());
            handed.entry(key).or_default().push(message);
        }
    }
    let total = ORDINARY.len();
    let mut warnings = Vec::new();
    for word in words {
        let key = (word.intent.clone(), word.text.clone());
        let messages = handed.get(&key).map_or(&[][..], Vec::as_slice);
        let why = shape(word);
        let many = messages.len() * 100 > MAX_PERCENT * total;
        if why.is_none() && !many {
            continue;
        }
        let what = if word.pattern { "pattern" } else { "keyword" };
        let mut message = format!("{what} `{}` of intent `{}`", word.text, word.intent);
        if let Some(why) = why {
            message.push_str(&format!(" {why}"));
        }
        if messages.is_empty() {
            message.push_str(
                ": buyers write it in all kinds of messages, and every message holding it \
                 goes to a person",
            );
        } else {
            let examples: Vec<&str> = messages.iter().take(EXAMPLES).copied().collect();
            message.push_str(&format!(
                ": it would hand {} of {total} ordinary buyer messages to a person ({}{})",
                messages.len(),
                examples.join(", "),
                if messages.len() > EXAMPLES {
                    ", …"
                } else {
                    ""
                }
            ));
        }
        message.push_str(&format!(
            ". `{}` hands the conversation over {}, so a lower weight does not help: \
             use words only such a buyer writes",
            word.intent,
            if TO_HUMAN.contains(&word.intent.as_str()) {
                "wherever it ranks"
            } else {
                "wherever it ranks once there is an order or no item in talk"
            }
        ));
        warnings.push(Warning {
            at: word.at.clone(),
            message,
        });
    }
    warnings
}

/// What is wrong with the word itself, before any message is tried.
fn shape(word: &Word) -> Option<&'static str> {
    if word.pattern {
        // `.*`, `吗?`: a pattern that matches nothing matches everything.
        let empty = regex::Regex::new(&word.text).is_ok_and(|re| re.is_match(""));
        return empty.then_some("matches every message, even an empty one");
    }
    let text = normalize(&word.text).text;
    if text.chars().count() == 1 {
        Some("is a single character")
    } else if !text.is_empty() && text.chars().all(|c| FUNCTION_CHARS.contains(c)) {
        Some("is a common function word")
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
