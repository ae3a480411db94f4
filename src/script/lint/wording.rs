//! The wording rules: absolute terms and forbidden promises.
//!
//! Marketplaces scan shop messages for the absolute terms of the advertising
//! law (《广告法》第九条) and penalise the shop, so a single `最` costs more
//! than it says. But `最` is also in `最近`, `最后`, `最晚` and `最好告诉我`,
//! which claim nothing; each term therefore carries the contexts in which it
//! is ordinary language, and only the rest is reported.

use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// What is wrong with a piece of wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordingProblem {
    /// An advertising-law absolute term, e.g. `最`, `第一`, `100%`.
    AbsoluteTerm { term: String, context: String },
    /// A promise the service manuals forbid: a guaranteed delivery date or a
    /// guarantee about colour.
    Promise { what: &'static str, context: String },
}

impl fmt::Display for WordingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WordingProblem::AbsoluteTerm { term, context } => write!(
                f,
                "advertising-law absolute term `{term}` in \"{context}\": marketplaces penalise \
                 absolute claims; say what is measurable instead"
            ),
            WordingProblem::Promise { what, context } => {
                write!(f, "forbidden promise ({what}) in \"{context}\"")
            }
        }
    }
}

/// An absolute term and the followers that make it ordinary language.
struct Term {
    term: &'static str,
    /// If the text right after the term starts with one of these, it is not a
    /// claim (`最近`, `第一次`, `100%棉`).
    harmless_next: &'static [&'static str],
    /// If the text right before the term ends with one of these, it is not a
    /// claim either.
    harmless_before: &'static [&'static str],
}

const TERMS: &[Term] = &[
    Term {
        term: "最",
        harmless_next: &[
            "近",
            "后",
            "终",
            "初",
            "晚",
            "迟",
            "多",
            "少",
            "早",
            "好告诉",
            "好选",
            "好拍",
            "好是",
            "好先",
            "好量",
            "好参考",
            "好联系",
            "好在",
        ],
        harmless_before: &[],
    },
    Term {
        term: "第一",
        harmless_next: &[
            "次", "时间", "件", "张", "步", "天", "单", "个", "条", "批", "周", "句", "位",
        ],
        harmless_before: &[],
    },
    Term {
        term: "100%",
        // Fibre content is a measured fact printed on the label.
        harmless_next: &[
            "棉",
            "纯棉",
            "羊毛",
            "羊绒",
            "桑蚕丝",
            "真丝",
            "涤纶",
            "聚酯",
            "锦纶",
            "亚麻",
            "莫代尔",
            "含",
        ],
        harmless_before: &[],
    },
    Term {
        term: "百分百",
        harmless_next: &["棉", "纯棉"],
        harmless_before: &[],
    },
    Term {
        term: "百分之百",
        harmless_next: &["棉", "纯棉"],
        harmless_before: &[],
    },
    Term {
        term: "绝对",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "国家级",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "世界级",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "全球级",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "顶级",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "极致",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "极品",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "首选",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "唯一",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "独家",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "万能",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "史上",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "永久",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "王牌",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "销量冠军",
        harmless_next: &[],
        harmless_before: &[],
    },
    Term {
        term: "全网第",
        harmless_next: &[],
        harmless_before: &[],
    },
];

/// A guarantee word, a date, an arrival: `明天一定到`, `保证三天内送达`.
static DELIVERY_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
    let guarantee = "(?:一定|保证|肯定|绝对|包)";
    let date = "(?:今天|明天|后天|当天|次日|隔天|[0-9一二两三四五六七八九十]+天(?:内|之内)?)";
    let arrive = "(?:能|会|可以|就能|就会)?(?:送|寄)?(?:到货|送达|收到|到)";
    let end = "(?:[哦哈呢啦的了~!。,?]|$)";
    let pattern = format!(
        "{guarantee}(?:能|会|可以)?(?:在)?{date}?{arrive}{end}|{date}{guarantee}{arrive}{end}"
    );
    Regex::new(&pattern).expect("delivery promise pattern is valid")
});

/// A guarantee about colour: `完全没有色差`, `零色差`, `绝对不掉色`.
static COLOUR_PROMISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:完全|绝对|保证|一点|根本|肯定)(?:都)?(?:没有|没|无|不会有)色差|零色差|无色差\
         |(?:完全|绝对|保证|肯定|永远|永|100%|百分百)(?:都)?不(?:会)?(?:掉色|褪色|串色)",
    )
    .expect("colour promise pattern is valid")
});

/// Every wording problem in one text. Matching runs on the canonical form
/// of the text (full-width folded, traditional simplified), so a rule
/// catches every spelling of its term.
pub fn check_wording(text: &str) -> Vec<WordingProblem> {
    let text = super::canonical(text);
    let mut problems = Vec::new();
    for term in TERMS {
        for (at, _) in text.match_indices(term.term) {
            let next = &text[at + term.term.len()..];
            let before = &text[..at];
            if term.harmless_next.iter().any(|h| next.starts_with(h))
                || term.harmless_before.iter().any(|h| before.ends_with(h))
            {
                continue;
            }
            problems.push(WordingProblem::AbsoluteTerm {
                term: term.term.to_string(),
                context: context(&text, at, at + term.term.len()),
            });
            break; // one report per term and text is enough to act on
        }
    }
    if let Some(m) = DELIVERY_PROMISE.find(&text) {
        problems.push(WordingProblem::Promise {
            what: "a guaranteed delivery date: say when it ships and that couriers usually take N days",
            context: context(&text, m.start(), m.end()),
        });
    }
    if let Some(m) = COLOUR_PROMISE.find(&text) {
        problems.push(WordingProblem::Promise {
            what:
                "a colour guarantee: say that screens differ slightly and the item itself decides",
            context: context(&text, m.start(), m.end()),
        });
    }
    problems
}

/// The match with a few characters around it, enough to find it in the file.
fn context(text: &str, start: usize, end: usize) -> String {
    const AROUND: usize = 6;
    let before: String = {
        let chars: Vec<char> = text[..start].chars().rev().take(AROUND).collect();
        chars.into_iter().rev().collect()
    };
    let after: String = text[end..].chars().take(AROUND).collect();
    format!("{before}{}{after}", &text[start..end])
}
