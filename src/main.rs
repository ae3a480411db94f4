//! The `kefu` binary: argument parsing and wiring only; the commands live in
//! `kefu::cli`.

use clap::{Parser, Subcommand};
use kefu::cli;
use kefu::config::{Config, Mode};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of glibc's malloc: under load the bot allocates and frees
/// small buffers for every event (frames, encoded sessions, sled's write
/// sets), and glibc's `_int_malloc`, `malloc_consolidate` and `free` took a
/// quarter of its time (docs/performance.md). mimalloc's per-thread free
/// lists make the same calls several times cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kefu",
    version,
    about = "客服 — a customer-service chat assistant for Chinese e-commerce shops"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot (with no channel configured: on a local channel with a buyer chat page)
    Serve {
        /// Configuration file [default: config/kefu.toml if present, else built-in]
        #[arg(long)]
        config: Option<PathBuf>,
        /// Channel websocket URL (ws:// or wss://), overrides the configuration
        #[arg(long)]
        channel: Option<String>,
        /// Data directory for sled, overrides the configuration
        #[arg(long)]
        data: Option<PathBuf>,
        /// Script directory, overrides the configuration
        #[arg(long)]
        scripts: Option<PathBuf>,
        /// Reply mode, overrides the configuration
        #[arg(long, value_enum)]
        mode: Option<Mode>,
    },
    /// Validate a script pack; lists every problem with file:line
    Check {
        /// Script directory
        #[arg(default_value = "scripts")]
        dir: PathBuf,
        /// Also warn about wording marketplaces punish and over-long replies
        #[arg(long)]
        lint: bool,
        /// Lint: longest reply, in characters, with variables filled in
        #[arg(long, default_value_t = 80)]
        max_reply_chars: usize,
        /// Fail (exit 1) on lint warnings; implies --lint
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Put the draft scripts in force (as the try page's publish button), keeping the replaced ones
    Publish(cli::publish::PublishArgs),
    /// Chat as a buyer in the terminal and see why the bot answers as it does
    Chat {
        /// Script directory [default: scripts/ if present, else built-in]
        #[arg(long)]
        scripts: Option<PathBuf>,
    },
    /// Classify one message per line (FILE or stdin), one JSON object per line out
    Classify {
        /// Script directory [default: scripts/ if present, else built-in]
        #[arg(long)]
        scripts: Option<PathBuf>,
        /// Print how many lines each intent won (most first) instead of JSON
        #[arg(long)]
        count: bool,
        /// Classifying threads (0 = one per core); output keeps the input order
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Messages, one per line [default: standard input]
        file: Option<PathBuf>,
    },
    /// Score the scripts on labelled messages (JSONL: {"text": …, "labels": [main, …]})
    Eval {
        /// Script directory [default: scripts/ if present, else built-in]
        #[arg(long)]
        scripts: Option<PathBuf>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// List this many misclassified messages under the table
        #[arg(long, default_value_t = 0)]
        misses: usize,
        /// Also compare with the pack in DIR (the live scripts, when --scripts is a
        /// draft): every message whose top intent changes, fixed or broken
        #[arg(long, value_name = "DIR")]
        against: Option<PathBuf>,
        /// Labelled messages, one JSON object per line
        file: PathBuf,
    },
    /// Run a fault-injecting channel with generated buyer traffic for a bot to connect to
    Sim(cli::sim::SimArgs),
    /// The night-shift report from the journal (md, csv, or html with charts)
    Report(cli::report::ReportArgs),
    /// The handover queue for the morning shift; --done ID marks an item handled
    Handover(cli::handover::HandoverArgs),
    /// Simulate a night shift of scripted buyers against a real bot (for report and handover)
    SimNight(cli::sim_night::SimNightArgs),
    /// Propose keywords from messages the scripts miss (plain lines, or labelled JSONL)
    Mine {
        /// Script directory [default: scripts/ if present, else built-in]
        #[arg(long)]
        scripts: Option<PathBuf>,
        /// Only n-grams found in at least this many missed messages
        #[arg(long, default_value_t = 2)]
        min_count: usize,
        /// At most this many candidates
        #[arg(long, default_value_t = 40)]
        limit: usize,
        /// Print the candidates as JSON
        #[arg(long)]
        json: bool,
        /// Buyer messages: plain lines, or labelled JSONL as for `kefu eval`
        file: PathBuf,
    },
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KEFU_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let networked = matches!(
        cli.command,
        Command::Serve { .. } | Command::Sim(_) | Command::SimNight(_)
    );
    if !networked {
        cli::end_quietly_on_closed_pipe();
    }
    let code = match cli.command {
        Command::Serve {
            config,
            channel,
            data,
            scripts,
            mode,
        } => {
            init_logging();
            let mut config = match Config::load(config.as_deref()) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(cli::EXIT_INVALID as u8);
                }
            };
            if let Some(url) = channel {
                config.channel.url = url;
            }
            if let Some(dir) = data {
                config.storage.data_dir = dir;
            }
            if let Some(dir) = scripts {
                config.scripts.dir = Some(dir);
            }
            if let Some(mode) = mode {
                config.mode = mode;
            }
            match tokio::runtime::Runtime::new() {
                Ok(rt) => rt.block_on(cli::serve::run(config)),
                Err(e) => {
                    eprintln!("cannot start the async runtime: {e}");
                    cli::EXIT_FAILURE
                }
            }
        }
        Command::Check {
            dir,
            lint,
            max_reply_chars,
            deny_warnings,
        } => cli::check::run_with(
            &dir,
            &cli::check::CheckOptions {
                lint: (lint || deny_warnings)
                    .then_some(kefu::script::lint::LintOptions { max_reply_chars }),
                deny_warnings,
            },
        ),
        Command::Publish(args) => cli::publish::run(&args),
        Command::Chat { scripts } => match cli::load_scripts(scripts.as_deref()) {
            Ok(s) => cli::chat::run(&s),
            Err(code) => code,
        },
        Command::Classify {
            scripts,
            count,
            threads,
            file,
        } => match cli::load_scripts(scripts.as_deref()) {
            Ok(s) => {
                let mode = if count {
                    cli::classify::Output::Count
                } else {
                    cli::classify::Output::Json
                };
                cli::classify::run(&s, file.as_deref(), mode, threads)
            }
            Err(code) => code,
        },
        Command::Eval {
            scripts,
            json,
            misses,
            against,
            file,
        } => {
            let other = against.as_deref().map(|d| cli::load_scripts(Some(d)));
            match (cli::load_scripts(scripts.as_deref()), other) {
                (Err(code), _) | (_, Some(Err(code))) => code,
                (Ok(s), None) => cli::eval::run_eval(&s, &file, json, misses, None),
                (Ok(s), Some(Ok(o))) => {
                    let against = (o, against.unwrap_or_default());
                    cli::eval::run_eval(&s, &file, json, misses, Some(&against))
                }
            }
        }
        Command::Sim(args) => cli::sim::main(args),
        Command::Report(args) => cli::report::main(args),
        Command::Handover(args) => cli::handover::main(args),
        Command::SimNight(args) => cli::sim_night::main(args),
        Command::Mine {
            scripts,
            min_count,
            limit,
            json,
            file,
        } => match cli::load_scripts(scripts.as_deref()) {
            Ok(s) => cli::eval::run_mine(&s, &file, min_count, limit, json),
            Err(code) => code,
        },
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}
