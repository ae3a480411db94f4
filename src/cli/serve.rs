//! `kefu serve`: run the bot.
//!
//! With a channel URL it connects there. Without one it first starts the
//! embedded local channel with its buyer chat page, prints the page's URL and
//! connects the bot to it: the newcomer's first run needs nothing else.
//! SIGINT or SIGTERM stops it cleanly: reading stops, events already read are
//! finished and acked, state is flushed, the connection is closed.

use super::{load_scripts, EXIT_FAILURE, EXIT_INVALID};
use crate::bot::{self, Bot, Settings};
use crate::config::{Config, Mode};
use crate::sim::local::{LocalChannel, LocalChannelConfig};
use crate::store::Store;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

pub async fn run(config: Config) -> i32 {
    let mode = match bot::ModeSettings::from_config(&config) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INVALID;
        }
    };
    // Checked first: a bad CA file is a configuration mistake, found before
    // anything is opened or started.
    if !config.channel.ca_file.as_os_str().is_empty() {
        match crate::channel::client::Tls::with_ca_file(&config.channel.ca_file) {
            Ok(tls) => {
                crate::channel::client::set_default_tls(tls);
                tracing::info!(ca_file = %config.channel.ca_file.display(), "trusting an extra root CA for wss://");
            }
            Err(e) => {
                eprintln!("{e}");
                return EXIT_INVALID;
            }
        }
    }

    // A directory named but missing is a mistake (a typo, a wrong working
    // directory), found before anything starts: falling back would answer
    // buyers with another shop's scripts.
    let dir = match config.scripts.configured_dir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_INVALID;
        }
    };
    let scripts = match load_scripts(dir) {
        Ok(mut s) => {
            // The night-shift rules are runtime configuration the policy reads
            // with the scripts.
            s.night = config.night.clone();
            Arc::new(s)
        }
        Err(code) => return code,
    };
    match &scripts.dir {
        Some(dir) => {
            tracing::info!(dir = %dir.display(), intents = scripts.intents.len(), "scripts loaded")
        }
        None => tracing::info!(
            intents = scripts.intents.len(),
            "using the built-in script pack"
        ),
    }
    let store = match Store::open(&config.storage.data_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_FAILURE;
        }
    };
    tracing::info!(
        dir = %config.storage.data_dir.display(),
        sessions = store.session_count(),
        "storage opened"
    );
    if let Err(e) = store.set_retention_days(config.storage.retention_days) {
        eprintln!("{e}");
        return EXIT_FAILURE;
    }

    let mut local = None;
    let mut url = config.channel.url.clone();
    let mut token = config.channel.resolved_token();
    if url.is_empty() {
        let channel = match LocalChannel::start(LocalChannelConfig {
            bind: config.local_channel.bind,
            shop: config.local_channel.shop.clone(),
            token: None,
            run: crate::sim::local::run_tag_now(),
            storefront: storefront(&scripts),
        })
        .await
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!(
                    "cannot start the local channel on {}: {e} (set local_channel.bind in the configuration to another port)",
                    config.local_channel.bind
                );
                return EXIT_FAILURE;
            }
        };
        println!("kefu: no channel configured, so a local one is running.");
        println!(
            "kefu: open {} to chat as a buyer. Ctrl-C stops.",
            channel.page_url()
        );
        url = channel.bot_url();
        token = None;
        local = Some(channel);
    }

    let shutdown = CancellationToken::new();
    tokio::spawn(cancel_on_signal(shutdown.clone()));
    let settings = Settings {
        url,
        token,
        dialogue: config.dialogue.clone(),
        connection: config.connection.clone(),
    };
    let script_dir = scripts.dir.clone();
    let bot = Arc::new(Bot::new(store, scripts, settings, bot::system_clock()));
    if let Some(dir) = script_dir {
        // Supervisors edit scripts while the bot runs (docs/reliability.md).
        let target = Arc::new(KeepNight {
            bot: bot.clone(),
            night: config.night.clone(),
        });
        let watch = crate::script::watch::watch(
            dir,
            target,
            crate::script::watch::POLL_INTERVAL,
            shutdown.clone(),
        );
        tokio::spawn(watch);
    }
    bot.set_mode(mode);
    // Agents need the console in assist and schedule mode; in auto mode it
    // only shows what happens, so a busy port is not worth stopping for.
    let console =
        match crate::console::start_for_serve(&config.console, &config.scripts, bot.agents()).await
        {
            Ok(c) => Some(c),
            Err(e) if config.mode == Mode::Auto => {
                tracing::warn!("console not started: {e}");
                None
            }
            Err(e) => {
                eprintln!("cannot start the agents' console: {e}");
                return EXIT_FAILURE;
            }
        };
    let result = bot.run(shutdown).await;
    if let Some(console) = console {
        console.shutdown().await;
    }
    if let Some(channel) = local {
        channel.shutdown().await;
    }
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("kefu stopped: {e}");
            EXIT_FAILURE
        }
    }
}

/// Reloaded scripts keep the `[night]` rules of the configuration, which
/// the script files do not carry.
struct KeepNight {
    bot: Arc<Bot>,
    night: crate::dialogue::NightRules,
}

impl crate::script::watch::ReloadTarget for KeepNight {
    fn apply(&self, scripts: Arc<crate::script::Scripts>) {
        // A freshly loaded pack has no other owner yet.
        let scripts = match Arc::try_unwrap(scripts) {
            Ok(mut s) => {
                s.night = self.night.clone();
                Arc::new(s)
            }
            Err(shared) => shared,
        };
        self.bot.apply(scripts);
    }

    fn refused(&self, problems: Vec<String>) {
        self.bot.refused(problems);
    }
}

async fn cancel_on_signal(shutdown: CancellationToken) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                let _ = tokio::signal::ctrl_c().await;
                shutdown.cancel();
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
    shutdown.cancel();
}

/// The buyer page of the local channel shows the pack's shop and products,
/// so that a newcomer picks "加绒连帽卫衣 ¥129" rather than an id.
fn storefront(scripts: &crate::script::Scripts) -> crate::sim::local::Storefront {
    crate::sim::local::Storefront {
        name: scripts.shop.name.clone(),
        products: scripts
            .catalog
            .items
            .iter()
            .map(|item| crate::sim::local::Product {
                id: item.id.clone(),
                name: item.name.clone(),
                price: format!("{:.2}", item.price),
            })
            .collect(),
    }
}
