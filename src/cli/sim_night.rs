//! `kefu sim-night`: a simulated night shift against a real bot, leaving a
//! data directory for `kefu report` and `kefu handover`.

use super::{load_scripts, EXIT_FAILURE, EXIT_INVALID};
use crate::sim::night::NightSim;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone, clap::Args)]
pub struct SimNightArgs {
    /// Buyer conversations in the night
    #[arg(long, default_value_t = 200)]
    pub conversations: usize,
    /// Data directory the bot stores in (created if missing)
    #[arg(long)]
    pub data: PathBuf,
    /// Seed of the buyers (same seed, same night)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// When buyers start arriving, shop time (Beijing): YYYY-MM-DD HH:MM
    #[arg(long, default_value = "2026-11-23 20:00")]
    pub start: String,
    /// Script directory [default: scripts/ if present, else built-in]
    #[arg(long)]
    pub scripts: Option<PathBuf>,
}

pub fn main(args: SimNightArgs) -> i32 {
    if args.conversations == 0 {
        eprintln!("--conversations must be at least 1");
        return EXIT_INVALID;
    }
    let start = match super::handover::parse_since(&args.start, 0, "Asia/Shanghai") {
        Ok(at) if !args.start.trim().ends_with(['m', 'h', 'd']) => at,
        _ => {
            eprintln!(
                "--start {:?} is not a date and time written YYYY-MM-DD HH:MM",
                args.start
            );
            return EXIT_INVALID;
        }
    };
    let scripts = match load_scripts(args.scripts.as_deref()) {
        Ok(s) => Arc::new(s),
        Err(code) => return code,
    };
    let sim = NightSim {
        conversations: args.conversations,
        seed: args.seed,
        start,
        data: args.data.clone(),
        scripts,
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return EXIT_FAILURE;
        }
    };
    match runtime.block_on(sim.run()) {
        Ok(s) => {
            println!(
                "simulated night: {} conversations, {} events, {} bot messages, {} timer firings in {:.1}s",
                s.conversations, s.events, s.bot_messages, s.timers_fired, s.seconds
            );
            println!(
                "next: kefu report --data {d}   and   kefu handover --data {d}",
                d = args.data.display()
            );
            0
        }
        Err(e) => {
            eprintln!("the simulated night failed: {e}");
            EXIT_FAILURE
        }
    }
}
