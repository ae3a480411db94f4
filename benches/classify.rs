//! Classification throughput (docs/performance.md, measurement 1).
//!
//! Two packs: the shipped default pack, and a generated large pack (5,000
//! keywords, 200 patterns) loaded through the same `load_sources` path a
//! supervisor's files take. Each is measured with kefu's classifier and, in
//! the same run, with two baselines over the same messages and keywords:
//!
//! - `naive`: for each intent, for each keyword, `str::contains`, summing
//!   weights (what a hand-written matcher does);
//! - `aho_corasick`: one bare overlapping Aho-Corasick scan of the raw text
//!   with every keyword, counting hits: the floor, since kefu runs exactly
//!   this scan plus normalisation, scoring, patterns, sound-alikes and
//!   entities.
//!
//! Messages are the texts of `../shared/eval/dev.jsonl` when that file exists
//! (read at run time, never copied into the repository) plus generated
//! variants, so the bench also runs without it.
//!
//! Ratios between criterion groups are unreliable on a shared machine: each
//! group runs seconds after the other, and load from elsewhere changes
//! throughput by up to 2x in minutes (kefu/naive on the large pack came out
//! at 12.6x to 20.9x across four runs). So each pack also has an
//! *interleaved* measurement (`default/interleaved`, `large/interleaved`,
//! printed to stderr as a table, not a criterion benchmark): rounds
//! (`KEFU_BENCH_ROUNDS`, default 15) of one timed pass over all messages
//! with each target in turn, in an order rotated every round. The passes of
//! a round are milliseconds apart, so machine drift cancels out of the
//! ratios computed within the round; the table gives their median and range
//! over the rounds. `cargo bench --bench classify -- interleaved` runs just
//! the two tables, `-- large/` the large pack's group and its table.
//!
//! Each timed pass follows an untimed pass of the same target, so that every
//! target is timed with its own tables in the caches, the steady state
//! criterion measures. Timed straight after another target, a pass began
//! with the caches that target left; kefu's tables are larger than the
//! baselines' (the automaton, the sound index, the patterns' caches), so on
//! the large pack it lost 12-23% of its throughput to refilling them, an
//! amount set by the pass's length (1,565 messages) rather than by the work
//! per message.
//!
//! `KEFU_BENCH_LARGE_PACK_DIR=DIR` also writes the large pack there as a
//! script directory, for `kefu classify --scripts DIR`.

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;
use std::time::{Duration, Instant};

/// The allocator the `kefu` binary ships with (see src/main.rs), so that the
/// classifier is measured as it runs there (a result allocates its ranking).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One intent's keywords as plain strings with weights, for the baselines.
struct PlainIntent {
    keywords: Vec<(String, f32)>,
}

/// Buyer-like fragments for generated variants: openers, questions, items, closers.
const OPENERS: &[&str] = &["亲", "在吗", "你好", "老板", "客服", "", "hello", "請問"];
const ASKS: &[&str] = &[
    "这个包邮吗",
    "什么时候发货",
    "有优惠券吗",
    "能便宜点吗",
    "L码还有货吗",
    "我170 120斤穿什么码",
    "怎么还没到,物流一直不动",
    "质量太差了我要退货",
    "可以开发票吗",
    "发顺丰可以吗",
    "订单号[数字x]麻烦查一下",
    "买两件有折扣吗",
    "颜色和图片一样吗",
    "尺码偏大还是偏小",
    "收到货有破损怎么办",
    "能改地址吗,拍错了",
    "太贵了,别家才99",
    "赠品有吗",
    "[微笑]",
    "转人工",
];
const CLOSERS: &[&str] = &["", "?", "???", "谢谢", "~~", "!", "[微笑]", "急"];

fn messages() -> Vec<String> {
    let mut out = Vec::new();
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev.jsonl");
    if let Ok(text) = std::fs::read_to_string(&dev) {
        for line in text.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    out.push(t.to_string());
                }
            }
        }
    }
    let real = out.len();
    let mut rng = fastrand::Rng::with_seed(7);
    // As many generated variants as real messages (at least 1,000), mixing
    // the real texts in, so the set is not dominated by either.
    for _ in 0..real.max(1000) {
        let mut m = String::new();
        m.push_str(OPENERS[rng.usize(..OPENERS.len())]);
        m.push_str(ASKS[rng.usize(..ASKS.len())]);
        if real > 0 && rng.bool() {
            m.push_str(&out[rng.usize(..real)]);
        }
        m.push_str(CLOSERS[rng.usize(..CLOSERS.len())]);
        out.push(m);
    }
    out
}

/// Keywords of a pack's intents.toml, read as TOML (strings or `{ text, weight }`).
fn plain_intents(toml_text: &str) -> Vec<PlainIntent> {
    let doc: toml::Table = toml_text.parse().expect("intents TOML parses");
    let Some(intents) = doc.get("intent").and_then(|v| v.as_array()) else {
        return Vec::new();
    };
    intents
        .iter()
        .map(|intent| {
            let base = intent
                .get("weight")
                .and_then(|w| w.as_float())
                .unwrap_or(1.0) as f32;
            let keywords = intent
                .get("keywords")
                .and_then(|k| k.as_array())
                .map(|list| {
                    list.iter()
                        .filter_map(|k| match k {
                            toml::Value::String(s) => Some((s.clone(), base)),
                            toml::Value::Table(t) => Some((
                                t.get("text")?.as_str()?.to_string(),
                                t.get("weight")
                                    .and_then(|w| w.as_float())
                                    .map(|w| w as f32)
                                    .unwrap_or(base),
                            )),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            PlainIntent { keywords }
        })
        .collect()
}

/// A large intents.toml: 50 intents × 100 keywords, 200 patterns in all.
/// Keywords are 2-4 character slices of the messages and the default
/// keywords, so that real messages hit some of them as in a real pack.
fn large_pack(messages: &[String], default: &[PlainIntent]) -> String {
    let mut pool: Vec<Vec<char>> = default
        .iter()
        .flat_map(|i| i.keywords.iter().map(|(k, _)| k.chars().collect()))
        .collect();
    pool.extend(messages.iter().map(|m| m.chars().collect()));
    pool.retain(|chars: &Vec<char>| chars.len() >= 2);
    let mut rng = fastrand::Rng::with_seed(11);
    let mut seen = std::collections::HashSet::new();
    let slice = |rng: &mut fastrand::Rng, longest: usize| -> String {
        let chars = &pool[rng.usize(..pool.len())];
        let len = rng.usize(2..=longest).min(chars.len());
        let at = rng.usize(..=chars.len() - len);
        chars[at..at + len].iter().collect()
    };
    // Draws that found nothing new. Without the dev set (a clone without
    // `../shared`) the pool holds fewer distinct slices than the pack needs;
    // past this many misses keywords are two slices joined, of which there
    // are plenty, instead of drawing forever.
    let mut misses = 0;
    let mut next_keyword = |rng: &mut fastrand::Rng| loop {
        let kw = if misses < 100_000 {
            slice(rng, 4)
        } else {
            slice(rng, 2) + &slice(rng, 2)
        };
        // Only Han characters and letters: no TOML or regex syntax, no
        // punctuation that normalisation would collapse into a duplicate.
        let clean = kw
            .chars()
            .all(|c| c.is_alphanumeric() && !c.is_ascii_uppercase());
        // Unique as the pack loader sees them: `請問` and `请问` are one
        // keyword after normalisation, and two intents claiming it with the
        // same weight is an error.
        if clean && seen.insert(kefu::nlu::normalize(&kw).text) {
            return kw;
        }
        misses += 1;
    };
    let mut out = String::from("[negation]\nmarkers = [\"不\", \"没\", \"别\"]\nwindow = 2\n\n");
    for i in 0..50 {
        out.push_str(&format!(
            "[[intent]]\nname = \"gen_{}{}\"\nweight = 1.0\nnegatable = {}\nkeywords = [\n",
            (b'a' + (i / 26) as u8) as char,
            (b'a' + (i % 26) as u8) as char,
            i % 3 == 0
        ));
        for _ in 0..100 {
            out.push_str(&format!("  \"{}\",\n", next_keyword(&mut rng)));
        }
        out.push_str("]\npatterns = [\n");
        for _ in 0..4 {
            let a = next_keyword(&mut rng);
            let b = next_keyword(&mut rng);
            out.push_str(&format!("  '{a}.{{0,4}}{b}',\n"));
        }
        out.push_str("]\n\n");
    }
    out
}

/// Loads the large pack the way a script directory is loaded.
fn load_large(intents_toml: &str) -> kefu::script::Scripts {
    // The shop table is required in a pack, and every intent needs a reply
    // set to load; one plain line each, which classifying never reads.
    let replies: String = (intents_toml.lines())
        .filter_map(|l| l.strip_prefix("name = "))
        .map(|name| format!("[[reply]]\nintent = {name}\ntexts = [\"好的亲~\"]\n\n"))
        .collect();
    let files = vec![
        ("intents.toml".to_string(), intents_toml.to_string()),
        ("replies.toml".to_string(), replies),
        (
            "shop.toml".to_string(),
            include_str!("../scripts/shop.toml").to_string(),
        ),
    ];
    match kefu::script::load_sources(&files) {
        Ok(s) => s,
        Err(e) => panic!("generated large pack does not load:\n{e}"),
    }
}

fn naive(intents: &[PlainIntent], text: &str, scores: &mut [f32]) -> usize {
    scores.iter_mut().for_each(|s| *s = 0.0);
    for (i, intent) in intents.iter().enumerate() {
        for (kw, w) in &intent.keywords {
            if text.contains(kw.as_str()) {
                scores[i] += w;
            }
        }
    }
    scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i)
}

/// The `aho_corasick` baseline's automaton: every keyword of the pack.
fn bare_automaton(plain: &[PlainIntent]) -> AhoCorasick {
    let keywords: Vec<&str> = plain
        .iter()
        .flat_map(|i| i.keywords.iter().map(|(k, _)| k.as_str()))
        .collect();
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&keywords)
        .expect("bare automaton builds")
}

/// A measured target: its name and one pass over every message.
type Target<'a> = (&'static str, Box<dyn FnMut() + 'a>);

/// Positions in [`targets`].
const KEFU: usize = 0;
const NAIVE: usize = 2;
const AHO_CORASICK: usize = 3;

/// The targets of a pack, in the order criterion reports them. The criterion
/// groups and the interleaved tables both run these, so that they measure
/// the same work.
fn targets<'a>(
    scripts: &'a kefu::script::Scripts,
    plain: &'a [PlainIntent],
    msgs: &'a [String],
) -> [Target<'a>; 4] {
    let ac = bare_automaton(plain);
    let mut scores = vec![0.0f32; plain.len()];
    [
        (
            "kefu",
            Box::new(move || {
                for m in msgs {
                    black_box(scripts.classifier.classify(black_box(m)));
                }
            }),
        ),
        (
            "kefu_exact",
            Box::new(move || {
                for m in msgs {
                    black_box(scripts.classifier.classify_exact(black_box(m)));
                }
            }),
        ),
        (
            "naive",
            Box::new(move || {
                for m in msgs {
                    black_box(naive(plain, black_box(m), &mut scores));
                }
            }),
        ),
        (
            "aho_corasick",
            Box::new(move || {
                for m in msgs {
                    black_box(ac.find_overlapping_iter(black_box(m.as_str())).count());
                }
            }),
        ),
    ]
}

fn bench_pack(
    c: &mut Criterion,
    name: &str,
    scripts: &kefu::script::Scripts,
    plain: &[PlainIntent],
    msgs: &[String],
) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(msgs.len() as u64));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(4));
    for (target, mut pass) in targets(scripts, plain, msgs) {
        group.bench_function(target, |b| b.iter(&mut pass));
    }
    group.finish();
}

fn classification(c: &mut Criterion) {
    let msgs = messages();
    let default_toml = include_str!("../scripts/intents.toml");
    let default_plain = plain_intents(default_toml);
    let default = kefu::script::load_embedded();
    eprintln!(
        "{} messages; default pack: {} intents, {} keywords",
        msgs.len(),
        default_plain.len(),
        default_plain
            .iter()
            .map(|i| i.keywords.len())
            .sum::<usize>()
    );
    bench_pack(c, "default", &default, &default_plain, &msgs);

    let large_toml = large_pack(&msgs, &default_plain);
    // To compare `kefu classify --scripts DIR` outputs of two builds on the
    // large pack: the pack as a script directory (it is generated, so it is
    // the same in every build of this bench).
    if let Some(dir) = std::env::var_os("KEFU_BENCH_LARGE_PACK_DIR") {
        let dir = Path::new(&dir);
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(dir.join("intents.toml"), &large_toml))
            .and_then(|()| {
                std::fs::write(dir.join("shop.toml"), include_str!("../scripts/shop.toml"))
            });
        if let Err(e) = written {
            panic!("cannot write the large pack to {}: {e}", dir.display());
        }
    }
    let large_plain = plain_intents(&large_toml);
    let large = load_large(&large_toml);
    eprintln!(
        "large pack: {} intents, {} keywords",
        large_plain.len(),
        large_plain.iter().map(|i| i.keywords.len()).sum::<usize>()
    );
    bench_pack(c, "large", &large, &large_plain, &msgs);
}

/// What criterion was asked to do, read from the same command line (the
/// interleaved tables are not criterion benchmarks, and criterion does not
/// expose its filter). Mirrors criterion 0.5's arguments.
enum Run {
    /// `cargo bench`: measure the selected tables.
    Measure(Selection),
    /// `cargo test --benches` or `-- --test`: one round, to check it runs.
    Test(Selection),
    /// `-- --list`: name them as criterion names benchmarks.
    List(Selection),
    /// `-- --profile-time`: a profiling run of criterion benchmarks.
    Skip,
}

/// Which benchmark ids the command line selects.
enum Selection {
    All,
    Regex(regex::Regex),
    Exact(String),
    None,
}

impl Selection {
    fn selects(&self, id: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Regex(re) => re.is_match(id),
            Selection::Exact(exact) => exact == id,
            Selection::None => false,
        }
    }
}

fn run_from_args() -> Run {
    // Criterion's options that take a value (`--name value` or `--name=value`).
    const WITH_VALUE: &[&str] = &[
        "-c",
        "--color",
        "-s",
        "--save-baseline",
        "-b",
        "--baseline",
        "--baseline-lenient",
        "--format",
        "--profile-time",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--plotting-backend",
        "--output-format",
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let mut filter = None;
    let mut profile = false;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let name = arg.split('=').next().unwrap_or(arg);
        if name == "--profile-time" {
            profile = true;
        }
        if WITH_VALUE.contains(&arg.as_str()) {
            i += 1; // its value
        } else if !arg.starts_with('-') && filter.is_none() {
            filter = Some(arg.clone());
        }
        i += 1;
    }
    let selection = match filter {
        _ if flag("--ignored") => Selection::None,
        None => Selection::All,
        Some(f) if flag("--exact") => Selection::Exact(f),
        Some(f) => Selection::Regex(regex::Regex::new(&f).expect("filter is a regex")),
    };
    if flag("--list") {
        Run::List(selection)
    } else if !flag("--bench") || flag("--test") {
        Run::Test(selection)
    } else if profile {
        Run::Skip
    } else {
        Run::Measure(selection)
    }
}

/// Median of a non-empty list (sorted in place).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Rounds of one timed pass over `msgs` with each target (each after an
/// untimed one), in an order rotated every round; prints per-target median
/// throughput and per-round ratios (see the module documentation).
fn interleaved_table(
    pack: &str,
    scripts: &kefu::script::Scripts,
    plain: &[PlainIntent],
    msgs: &[String],
    rounds: usize,
) {
    let mut targets = targets(scripts, plain, msgs);
    let names: Vec<&str> = targets.iter().map(|&(name, _)| name).collect();
    let mut pass = |target: usize| -> Duration {
        let start = Instant::now();
        (targets[target].1)();
        start.elapsed()
    };
    // times[target][round], in seconds.
    let mut times = vec![Vec::with_capacity(rounds); names.len()];
    for round in 0..rounds {
        for k in 0..names.len() {
            let target = (round + k) % names.len();
            // Warm first (lazy caches, thread-local buffers, page faults,
            // and the CPU caches: see the module documentation).
            pass(target);
            times[target].push(pass(target).as_secs_f64());
        }
    }
    let n = msgs.len() as f64;
    eprintln!();
    eprintln!(
        "{pack}/interleaved: {rounds} rounds of one pass over {} messages per target, order rotated each round",
        msgs.len()
    );
    eprintln!("  {:<22} {:>14}", "target", "median msgs/s");
    for (target, name) in names.iter().enumerate() {
        let mut rates: Vec<f64> = times[target].iter().map(|t| n / t).collect();
        eprintln!("  {name:<22} {:>14.0}", median(&mut rates));
    }
    eprintln!(
        "  {:<22} {:>14} {:>20}",
        "ratio, per round", "median", "min..max"
    );
    // (label, faster target, slower target): the ratio is slower time / faster time.
    let ratios = [
        ("kefu / naive", KEFU, NAIVE),
        ("aho_corasick / kefu", AHO_CORASICK, KEFU),
    ];
    for (label, fast, slow) in ratios {
        let mut per_round: Vec<f64> = (0..rounds)
            .map(|r| times[slow][r] / times[fast][r])
            .collect();
        let mid = median(&mut per_round);
        let (min, max) = (per_round[0], per_round[rounds - 1]);
        eprintln!(
            "  {label:<22} {:>13.1}x {:>20}",
            mid,
            format!("{min:.1}x..{max:.1}x")
        );
    }
    eprintln!();
}

/// The interleaved tables of the selected packs (`default/interleaved`,
/// `large/interleaved`). Criterion's own filtering does not see them, so the
/// command line is read here the way criterion reads it.
fn interleaved(_: &mut Criterion) {
    let ids = ["default/interleaved", "large/interleaved"];
    let (selection, rounds) = match run_from_args() {
        Run::Skip => return,
        Run::List(selection) => {
            // Criterion lists on stdout, one `id: benchmark` a line.
            for id in ids.into_iter().filter(|id| selection.selects(id)) {
                println!("{id}: benchmark");
            }
            return;
        }
        Run::Test(selection) => (selection, 1),
        Run::Measure(selection) => {
            let rounds = std::env::var("KEFU_BENCH_ROUNDS")
                .ok()
                .map(|r| match r.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => panic!("KEFU_BENCH_ROUNDS={r}: expected a positive number"),
                })
                .unwrap_or(15);
            (selection, rounds)
        }
    };
    let [run_default, run_large] = ids.map(|id| selection.selects(id));
    if !run_default && !run_large {
        return;
    }
    let msgs = messages();
    let default_plain = plain_intents(include_str!("../scripts/intents.toml"));
    if run_default {
        let default = kefu::script::load_embedded();
        interleaved_table("default", &default, &default_plain, &msgs, rounds);
    }
    if run_large {
        let large_toml = large_pack(&msgs, &default_plain);
        let large = load_large(&large_toml);
        interleaved_table("large", &large, &plain_intents(&large_toml), &msgs, rounds);
    }
}

/// Every pattern of a pack's intents.toml (`'re'` or `{ re, weight }`).
fn pack_patterns(toml_text: &str) -> Vec<String> {
    let doc: toml::Table = toml_text.parse().expect("intents TOML parses");
    let intents = doc
        .get("intent")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for intent in &intents {
        for p in intent
            .get("patterns")
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            let re = match p {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Table(t) => t.get("re").and_then(|r| r.as_str()).map(str::to_string),
                _ => None,
            };
            out.extend(re);
        }
    }
    out
}

/// Diagnostic, the classifier's earlier designs for patterns: every pattern
/// of the pack in one `RegexSet` run over every message, with the default
/// lazy-DFA cache (where it falls back to the PikeVM) and with a 64 MiB one.
/// The classifier now runs only the patterns whose gate literal the keyword
/// scan found (`src/nlu/classify/patterns.rs`); compare with `default/kefu`.
fn regex_sets(c: &mut Criterion) {
    let msgs = messages();
    let patterns = pack_patterns(include_str!("../scripts/intents.toml"));
    let normalized: Vec<String> = msgs.iter().map(|m| kefu::nlu::normalize(m).text).collect();
    let mut group = c.benchmark_group("default_patterns");
    group.throughput(Throughput::Elements(msgs.len() as u64));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for (name, limit) in [
        ("regex_set_default_cache", None),
        ("regex_set_64mib_cache", Some(64usize << 20)),
    ] {
        let mut b = regex::RegexSetBuilder::new(&patterns);
        b.case_insensitive(true);
        if let Some(limit) = limit {
            b.dfa_size_limit(limit);
        }
        let set = b.build().expect("pack patterns compile");
        group.bench_function(name, |bench| {
            bench.iter(|| {
                for m in &normalized {
                    black_box(set.matches(black_box(m)).matched_any());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, interleaved, classification, regex_sets);
criterion_main!(benches);
