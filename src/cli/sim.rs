//! `kefu sim`: run the fault-injecting channel for a bot to connect to.
//!
//! It generates buyer traffic, serves it with faults on (see
//! `sim::faults`), and waits for a bot: start one in another terminal with
//! `kefu serve --channel <url> --data <dir>`, kill it, restart it, as you
//! like. When every event is acked the faults stop, the channel waits for the
//! bot's last replies to settle and prints what it saw. The exit code says
//! whether the delivery guarantees held: 0 when every event was acked and no
//! reply `ref` carried two texts, 1 otherwise (or when interrupted first).

use super::{EXIT_FAILURE, EXIT_INVALID};
use crate::sim::faults::{self, FaultChannel, FaultChannelConfig, Faults, TrafficSpec};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, clap::Args)]
pub struct SimArgs {
    /// Where the channel listens for the bot
    #[arg(long, default_value = "127.0.0.1:8790")]
    pub bind: SocketAddr,
    /// Buyer messages to send in total
    #[arg(long, default_value_t = 1000)]
    pub messages: usize,
    /// Conversations they are spread over
    #[arg(long, default_value_t = 50)]
    pub conversations: usize,
    /// Seed for the traffic and the faults (same seed, same traffic)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Events made available per second (0: all at once)
    #[arg(long, default_value_t = 200.0)]
    pub rate: f64,
    /// Serve the traffic without injecting any fault
    #[arg(long)]
    pub no_faults: bool,
    /// Require this bearer token from the bot
    #[arg(long)]
    pub token: Option<String>,
    /// Print the final report as JSON
    #[arg(long)]
    pub json: bool,
}

/// Runs `kefu sim` to the end; returns the exit code.
pub fn main(args: SimArgs) -> i32 {
    if args.messages == 0 || args.conversations == 0 || args.conversations > args.messages {
        eprintln!("--messages and --conversations must be at least 1, with no more conversations than messages");
        return EXIT_INVALID;
    }
    if !(args.rate >= 0.0 && args.rate.is_finite()) {
        eprintln!("--rate must be a number of events per second, 0 or more");
        return EXIT_INVALID;
    }
    match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(run(args)),
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            EXIT_FAILURE
        }
    }
}

async fn run(args: SimArgs) -> i32 {
    let events = faults::generate(TrafficSpec {
        messages: args.messages,
        conversations: args.conversations,
        seed: args.seed,
    });
    let config = FaultChannelConfig {
        bind: args.bind,
        token: args.token.clone(),
        faults: Faults::default(),
        faults_on: !args.no_faults,
        rate: (args.rate > 0.0).then_some(args.rate),
        seed: args.seed,
    };
    let channel = match FaultChannel::start(config, &events).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "cannot listen on {}: {e} (pass --bind with another port)",
                args.bind
            );
            return EXIT_FAILURE;
        }
    };
    println!(
        "kefu sim: {} events ({} buyer messages in {} conversations) on {}",
        events.len(),
        args.messages,
        args.conversations,
        channel.url()
    );
    println!(
        "kefu sim: start the bot with: kefu serve --channel {} --data <dir>",
        channel.url()
    );
    let started = Instant::now();
    let interrupted = tokio::select! {
        _ = tokio::signal::ctrl_c() => true,
        _ = wait_for_bot(&channel) => false,
    };
    channel.shutdown();
    let report = faults::Summary::of(&channel, started.elapsed());
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("cannot print the report: {e}"),
        }
    } else {
        println!("{report}");
    }
    if interrupted {
        eprintln!("kefu sim: interrupted before every event was acked");
        return 1;
    }
    if report.holds() {
        0
    } else {
        1
    }
}

/// Waits until all events are acked, then turns faults off and waits for the
/// bot's outbox to settle (quiet on an open connection).
async fn wait_for_bot(channel: &FaultChannel) {
    let mut last_print = Instant::now();
    loop {
        let p = channel.progress();
        if p.all_acked() {
            break;
        }
        if last_print.elapsed() >= Duration::from_secs(5) {
            println!(
                "kefu sim: {}/{} events acked ({} released)",
                p.acked, p.total, p.released
            );
            last_print = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    channel.set_faults(false);
    while !channel
        .settled(Duration::from_secs(5), Duration::from_secs(60))
        .await
    {
        println!("kefu sim: waiting for the bot to settle its last replies");
    }
}
