//! Scenarios over real processes: the release `kefu serve` bot and the echo
//! client, each started fresh for each scenario, plus the footprint run.

use crate::drive::{Offer, Outcome, Server};
use crate::Opts;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// Conversations in the fixed-rate scenarios: enough that one in flight per
/// conversation never limits 5k msg/s at a few ms of latency.
const RATE_CONVERSATIONS: usize = 4000;

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// nproc, CPU model and load average, printed next to every table.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {cpu}, load {}", load_average())
}

pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// A bot configuration for load: auto mode, no console port clash, and the
/// night rule's per-conversation message cap lifted (load sends far more
/// than 8 messages a minute into one conversation).
fn bot_config(dir: &Path) -> Result<PathBuf, String> {
    let path = dir.join("kefu.toml");
    let text = "mode = \"auto\"\n[console]\nbind = \"127.0.0.1:0\"\n[night]\nmax_messages_per_minute = 1000000\n";
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

fn spawn_bot(kefu: &Path, dir: &Path, url: &str) -> Result<Child, String> {
    let config = bot_config(dir)?;
    let log = std::fs::File::create(dir.join("bot.log")).map_err(|e| e.to_string())?;
    Command::new(kefu)
        .arg("serve")
        .arg("--config")
        .arg(&config)
        .arg("--channel")
        .arg(url)
        .arg("--data")
        .arg(dir.join("data"))
        .current_dir(dir)
        .env("KEFU_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", kefu.display()))
}

fn spawn_echo(url: &str) -> Result<Child, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    Command::new(me)
        .arg("echo-client")
        .arg(url)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the echo client: {e}"))
}

/// SIGTERM (the bot's graceful shutdown: finish, flush sled), then wait.
fn stop(mut child: Child) -> Result<(), String> {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    Err("process did not stop within 30 s of SIGTERM".into())
}

/// (VmRSS, VmHWM) in MiB from /proc.
fn rss_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// (apparent bytes, allocated bytes) of a directory tree.
fn disk_size(dir: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let mut total = (0, 0);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return total;
    };
    for e in entries.flatten() {
        let Ok(meta) = e.metadata() else { continue };
        if meta.is_dir() {
            let (a, b) = disk_size(&e.path());
            total.0 += a;
            total.1 += b;
        } else {
            total.0 += meta.len();
            total.1 += meta.blocks() * 512;
        }
    }
    total
}

/// Clock ticks per second of the times in `/proc/PID/stat`.
static CLOCK_TICKS: LazyLock<f64> = LazyLock::new(|| {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
});

/// CPU seconds (user + system, all threads, also those that ended) a
/// process has used so far.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which may hold spaces: state is the
    // 3rd field, utime the 14th and stime the 15th.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / *CLOCK_TICKS)
}

/// The CPU time a process spends inside a measurement window, sampled by a
/// thread every 10 ms, so start-up and shutdown are left out.
///
/// Why it is reported: on a shared 2-core machine the replies per second of
/// the same binary vary by up to 2× from one minute to the next, while the
/// CPU it needs per reply varies far less. Set against the echo client's in
/// the same run, it says how much work the bot does per reply.
struct CpuWatch {
    samples: Arc<Mutex<Vec<(Instant, f64)>>>,
    stop: Arc<AtomicBool>,
}

impl CpuWatch {
    fn start(pid: u32) -> CpuWatch {
        let samples = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (into, done) = (samples.clone(), stop.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let Some(cpu) = cpu_seconds(pid) else { return };
                into.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((Instant::now(), cpu));
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        CpuWatch { samples, stop }
    }

    /// CPU seconds used from `from` to `to`, by the samples nearest them.
    fn between(&self, (from, to): (Instant, Instant)) -> Option<f64> {
        let samples = self.samples.lock().unwrap_or_else(|p| p.into_inner());
        let at = |t: Instant| {
            samples
                .iter()
                .min_by_key(|(when, _)| if *when > t { *when - t } else { t - *when })
                .map(|&(_, cpu)| cpu)
        };
        Some(at(to)? - at(from)?)
    }
}

impl Drop for CpuWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn row(target: &str, offer: &str, o: &Outcome, cpu: Option<f64>) {
    let per_reply = match cpu {
        Some(cpu) if o.replied > 0 => format!("{:.1}", cpu * 1e6 / o.replied as f64),
        _ => "?".into(),
    };
    println!(
        "| {target} | {offer} | {:.0} | {:.2} | {:.2} | {:.2} | {per_reply} | {} | {} | {} | {} |",
        o.throughput(),
        o.quantile_ms(0.5),
        o.quantile_ms(0.99),
        o.quantile_ms(1.0),
        o.sent,
        o.replied,
        o.unanswered,
        o.extra,
    );
}

/// Measurement 3: each offered load against the echo client, then the bot.
pub fn e2e(kefu: &Path, opts: &Opts) -> Result<(), String> {
    let rt = runtime()?;
    println!("machine: {}", machine());
    println!(
        "{} s per scenario; {RATE_CONVERSATIONS} conversations at fixed rates, {} at saturation",
        opts.secs, opts.concurrency
    );
    println!("| target | offered | replies/s | p50 ms | p99 ms | max ms | CPU µs/reply | sent | replied | unanswered | extra |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut offers: Vec<Offer> = opts.rates.iter().map(|&r| Offer::Rate(r)).collect();
    offers.push(Offer::Saturate);
    for offer in offers {
        let (label, conversations) = match offer {
            Offer::Rate(r) => (format!("{r}/s"), RATE_CONVERSATIONS),
            Offer::Saturate => ("saturation".to_string(), opts.concurrency),
        };
        for target in ["echo", "kefu"] {
            let dir = crate::scratch_dir(&format!("e2e-{target}"))?;
            let server = rt.block_on(Server::bind())?;
            let child = match target {
                "echo" => spawn_echo(&server.url)?,
                _ => spawn_bot(kefu, &dir, &server.url)?,
            };
            let cpu = CpuWatch::start(child.id());
            let outcome = rt.block_on(server.run(
                offer,
                conversations,
                conversations,
                opts.duration(),
                None,
                false,
            ));
            stop(child)?;
            let outcome = outcome?;
            let used = outcome.window.and_then(|window| cpu.between(window));
            row(target, &label, &outcome, used);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    println!("load after: {}", load_average());
    Ok(())
}

/// Measurement 4: store `sessions` sessions through the bot, then measure
/// RSS, sled's size on disk, and a restart up to the first reply.
pub fn footprint(kefu: &Path, sessions: usize) -> Result<(), String> {
    let rt = runtime()?;
    println!("machine: {}", machine());
    let dir = crate::scratch_dir("footprint")?;
    let server = rt.block_on(Server::bind())?;
    let child = spawn_bot(kefu, &dir, &server.url)?;
    let pid = child.id();
    let fill = rt.block_on(server.run(
        Offer::Saturate,
        sessions,
        512,
        Duration::from_secs(1800),
        Some(sessions as u64),
        true,
    ));
    let (rss, hwm) = rss_mib(pid);
    stop(child)?;
    let fill = fill?;
    println!(
        "filled {} sessions ({} replied, {} unanswered) at {:.0} msg/s; p50 {:.2} ms p99 {:.2} ms",
        fill.sent,
        fill.replied,
        fill.unanswered,
        fill.throughput(),
        fill.quantile_ms(0.5),
        fill.quantile_ms(0.99)
    );
    println!("RSS after filling: {rss:.1} MiB (peak {hwm:.1} MiB)");
    let (apparent, allocated) = disk_size(&dir.join("data"));
    println!(
        "sled data directory: {:.1} MiB apparent, {:.1} MiB allocated",
        apparent as f64 / 1048576.0,
        allocated as f64 / 1048576.0
    );

    // Restart on the same data: time to connect, and to the first reply in
    // an existing conversation (with an event id the bot has not seen).
    let mut server = rt.block_on(Server::bind())?;
    server.id_prefix = "after-restart";
    let t0 = Instant::now();
    let child = spawn_bot(kefu, &dir, &server.url)?;
    let pid = child.id();
    let first = rt.block_on(server.run(
        Offer::Saturate,
        1,
        1,
        Duration::from_millis(1),
        Some(1),
        false,
    ));
    let (rss, hwm) = rss_mib(pid);
    stop(child)?;
    let first = first?;
    let connected = first.connected_at.map(|c| c - t0);
    let reply = first.latencies.first().map(|&us| us as f64 / 1000.0);
    match (connected, reply) {
        (Some(c), Some(r)) => println!(
            "restart with {sessions} sessions: connected after {:.0} ms, first reply {:.0} ms after start ({r:.2} ms after the message)",
            c.as_secs_f64() * 1000.0,
            c.as_secs_f64() * 1000.0 + r
        ),
        (c, _) => println!(
            "restart: connected after {:?}, but no reply to the first message within 5 s ({} unanswered); see bot.log in {}",
            c,
            first.unanswered,
            dir.display()
        ),
    }
    println!("RSS after restart and one reply: {rss:.1} MiB (peak {hwm:.1} MiB)");
    println!("load after: {}", load_average());
    if reply.is_some() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}
