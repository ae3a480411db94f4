//! Load generator and footprint probe (docs/performance.md, measurements 2–4).
//!
//! This is the channel side of the protocol, lean on purpose: a websocket
//! server that greets one bot with `hello`, offers buyer `message` events at
//! a fixed rate (or as fast as replies come back), answers every `send` with
//! `send_result`, and times each message from the moment it is queued for
//! the socket to the moment the `send` replying to it is read. The same
//! server then drives a raw tokio-tungstenite echo client (no bot logic, no
//! storage; a separate process like the bot) in the same run: that is the
//! transport's own limit the bot is compared with.
//!
//! `cargo bench` builds and runs this target with no arguments; it then only
//! prints its usage, because a run takes minutes and needs the release
//! binary. `benches/run.sh` runs everything. Subcommands:
//!
//! - `e2e KEFU [--secs S] [--rates 1000,5000] [--concurrency C]`
//! - `footprint KEFU [--sessions N]`
//! - `echo-client URL` (started by `e2e` itself)
//! - `gen-lines N FILE`, `keywords FILE` (inputs for the `kefu classify` vs ripgrep run)
//! - `chat-lines N FILE` (the load's messages for `kefu chat`, to count the policy's
//!   instructions under callgrind)

#[path = "load/drive.rs"]
mod drive;
#[path = "load/procs.rs"]
mod procs;

use std::path::{Path, PathBuf};
use std::time::Duration;

const USAGE: &str = "usage: load e2e KEFU [--secs S] [--rates R1,R2] [--concurrency C]
       load footprint KEFU [--sessions N]
       load gen-lines N FILE | keywords FILE | chat-lines N FILE | echo-client URL
(see benches/run.sh and docs/performance.md)";

fn main() {
    // `cargo bench` appends `--bench`; it carries no meaning here.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let code = match args.first().map(String::as_str) {
        None => {
            println!("{USAGE}");
            0
        }
        Some("echo-client") => match args.get(1) {
            Some(url) => drive::echo_client(url),
            None => fail("echo-client needs the channel URL"),
        },
        Some("gen-lines") => match (args.get(1).and_then(|n| n.parse().ok()), args.get(2)) {
            (Some(n), Some(file)) => report(gen_lines(n, Path::new(file))),
            _ => fail("gen-lines needs a line count and an output file"),
        },
        Some("chat-lines") => match (args.get(1).and_then(|n| n.parse().ok()), args.get(2)) {
            (Some(n), Some(file)) => report(chat_lines(n, Path::new(file))),
            _ => fail("chat-lines needs a message count and an output file"),
        },
        Some("keywords") => match args.get(1) {
            Some(file) => report(write_keywords(Path::new(file))),
            None => fail("keywords needs an output file"),
        },
        Some("e2e") => match args.get(1) {
            Some(kefu) => {
                let opts = Opts::parse(&args[2..]);
                report(procs::e2e(Path::new(kefu), &opts))
            }
            None => fail("e2e needs the path of the kefu release binary"),
        },
        Some("footprint") => match args.get(1) {
            Some(kefu) => {
                let opts = Opts::parse(&args[2..]);
                report(procs::footprint(Path::new(kefu), opts.sessions))
            }
            None => fail("footprint needs the path of the kefu release binary"),
        },
        Some(other) => fail(&format!("unknown subcommand `{other}`\n{USAGE}")),
    };
    std::process::exit(code);
}

fn fail(msg: &str) -> i32 {
    eprintln!("{msg}");
    1
}

fn report(result: Result<(), String>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => fail(&e),
    }
}

/// Options of `e2e` and `footprint`.
pub struct Opts {
    pub secs: u64,
    pub rates: Vec<u64>,
    pub concurrency: usize,
    pub sessions: usize,
}

impl Opts {
    fn parse(args: &[String]) -> Opts {
        let mut o = Opts {
            secs: 10,
            rates: vec![1000, 5000],
            concurrency: 256,
            sessions: 100_000,
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let value = it.next().map(String::as_str).unwrap_or("");
            match flag.as_str() {
                "--secs" => o.secs = value.parse().unwrap_or(o.secs),
                "--rates" => {
                    o.rates = value.split(',').filter_map(|r| r.parse().ok()).collect();
                }
                "--concurrency" => o.concurrency = value.parse().unwrap_or(o.concurrency),
                "--sessions" => o.sessions = value.parse().unwrap_or(o.sessions),
                _ => eprintln!("ignoring unknown option {flag}"),
            }
        }
        o
    }

    pub fn duration(&self) -> Duration {
        Duration::from_secs(self.secs)
    }
}

/// Message texts: the dev set's when present (read, never copied), then
/// generated buyer-like variants.
pub fn dev_texts() -> Vec<String> {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev.jsonl");
    let Ok(text) = std::fs::read_to_string(&dev) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect()
}

fn gen_lines(n: usize, file: &Path) -> Result<(), String> {
    use std::io::Write;
    let real = dev_texts();
    let variants = drive::TEXTS;
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(file)
            .map_err(|e| format!("cannot create {}: {e}", file.display()))?,
    );
    let mut rng = fastrand::Rng::with_seed(3);
    for i in 0..n {
        let line = if !real.is_empty() && i % 2 == 0 {
            real[rng.usize(..real.len())].replace(['\n', '\r'], " ")
        } else {
            let a = variants[rng.usize(..variants.len())];
            match real.is_empty() {
                true => a.to_string(),
                false => format!(
                    "{a}{}",
                    real[rng.usize(..real.len())].replace(['\n', '\r'], " ")
                ),
            }
        };
        writeln!(out, "{line}").map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    out.flush()
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// Input for `kefu chat` that says what `e2e`'s conversations say: the
/// load's texts in turn, a new conversation after every five rounds. Run
/// under `valgrind --tool=callgrind`, it counts the instructions the policy
/// spends a message, which no other load on the machine changes.
fn chat_lines(n: usize, file: &Path) -> Result<(), String> {
    let per_conversation = 5 * drive::TEXTS.len();
    let mut out = String::new();
    for i in 0..n {
        out.push_str(drive::TEXTS[i % drive::TEXTS.len()]);
        out.push('\n');
        if (i + 1) % per_conversation == 0 {
            out.push_str("/reset\n");
        }
    }
    std::fs::write(file, out).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// Every keyword of the default pack, one per line, for `rg -F -f`.
fn write_keywords(file: &Path) -> Result<(), String> {
    let text = include_str!("../scripts/intents.toml");
    let doc: toml::Table = text.parse().map_err(|e| format!("intents.toml: {e}"))?;
    let mut out = String::new();
    let intents = doc
        .get("intent")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    for intent in &intents {
        for k in intent
            .get("keywords")
            .and_then(|k| k.as_array())
            .into_iter()
            .flatten()
        {
            let kw = match k {
                toml::Value::String(s) => Some(s.as_str()),
                toml::Value::Table(t) => t.get("text").and_then(|t| t.as_str()),
                _ => None,
            };
            if let Some(kw) = kw {
                out.push_str(kw);
                out.push('\n');
            }
        }
    }
    std::fs::write(file, out).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// A fresh scratch directory under the system temp dir.
pub fn scratch_dir(name: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("kefu-perf-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}
