//! Runtime configuration: `config/kefu.toml`, overridden by command-line flags.
//!
//! Every field has a default, so an empty file (or none at all) is a valid
//! configuration: it runs the bot on the embedded local channel. Unknown keys
//! are errors, because a misspelt `tokne` silently ignored is a security hole
//! found too late.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The configuration shipped with kefu, used when no file is given and
/// `config/kefu.toml` does not exist.
pub const DEFAULT_CONFIG: &str = include_str!("../../config/kefu.toml");

/// Whether replies go out on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The bot sends its replies.
    Auto,
    /// The bot suggests, an agent approves.
    Assist,
    /// Auto inside the night-shift hours, assist outside.
    Schedule,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub mode: Mode,
    pub channel: ChannelConfig,
    pub local_channel: LocalChannelConfig,
    pub storage: StorageConfig,
    pub scripts: ScriptsConfig,
    pub dialogue: DialogueConfig,
    pub connection: ConnectionConfig,
    pub schedule: ScheduleConfig,
    pub assist: AssistConfig,
    pub console: ConsoleConfig,
    /// The night shift: payment nudges, quiet hours, message limit, large orders.
    pub night: crate::dialogue::NightRules,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            mode: Mode::Auto,
            channel: ChannelConfig::default(),
            local_channel: LocalChannelConfig::default(),
            storage: StorageConfig::default(),
            scripts: ScriptsConfig::default(),
            dialogue: DialogueConfig::default(),
            connection: ConnectionConfig::default(),
            schedule: ScheduleConfig::default(),
            assist: AssistConfig::default(),
            console: ConsoleConfig::default(),
            night: crate::dialogue::NightRules::default(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChannelConfig {
    /// `ws://` or `wss://` URL of the shop's channel; empty: the embedded local channel.
    pub url: String,
    /// Bearer token sent on the upgrade request.
    pub token: String,
    /// Name of an environment variable holding the token (keeps it out of the file).
    pub token_env: String,
    /// PEM file of an extra root CA to trust for `wss://` (a private channel's
    /// own CA); empty: only the public roots.
    pub ca_file: PathBuf,
}

impl ChannelConfig {
    /// The token to send, if any: `token_env` wins over `token`.
    pub fn resolved_token(&self) -> Option<String> {
        secret(&self.token, &self.token_env)
    }
}

/// A secret given in the file (`value`) or, winning over it, in the
/// environment variable named `env`; `None` when neither is set.
fn secret(value: &str, env: &str) -> Option<String> {
    if !env.is_empty() {
        if let Ok(t) = std::env::var(env) {
            if !t.is_empty() {
                return Some(t);
            }
        }
    }
    (!value.is_empty()).then(|| value.to_string())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LocalChannelConfig {
    pub bind: SocketAddr,
    pub shop: String,
}

impl Default for LocalChannelConfig {
    fn default() -> Self {
        LocalChannelConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8700)),
            shop: "shop-1".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    pub data_dir: PathBuf,
    /// Conversations unchanged this many days are purged (0: keep forever);
    /// see `store::retention`.
    pub retention_days: u32,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            data_dir: PathBuf::from("data"),
            retention_days: 90,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScriptsConfig {
    /// Directory of script files. Not set: `scripts/` when it exists, else
    /// the pack built into the binary (a first run from anywhere works).
    /// Set: it must exist, for a misspelt path must not quietly put the
    /// demo shop's pack in front of buyers ([`ScriptsConfig::live_dir`]).
    pub dir: Option<PathBuf>,
    /// Where supervisors keep a copy of the scripts to check and try in the
    /// console before it goes live; empty: none. It need not exist.
    pub draft_dir: PathBuf,
    /// Where publishing the draft keeps the scripts it replaces, one
    /// directory per publish.
    pub history_dir: PathBuf,
    /// The shop's labelled buyer messages (JSONL, as `kefu eval` reads):
    /// the try page compares the draft with the live scripts on them.
    /// Empty: none.
    pub labelled_file: PathBuf,
}

impl Default for ScriptsConfig {
    fn default() -> Self {
        ScriptsConfig {
            dir: None,
            draft_dir: PathBuf::from("scripts-draft"),
            history_dir: PathBuf::from("scripts-history"),
            labelled_file: PathBuf::new(),
        }
    }
}

/// Where the live scripts are when `scripts.dir` is not set.
pub const DEFAULT_SCRIPTS_DIR: &str = "scripts";

impl ScriptsConfig {
    /// The live scripts' directory: `dir`, or `scripts` when not set.
    pub fn live_dir(&self) -> PathBuf {
        (self.dir.clone()).unwrap_or_else(|| PathBuf::from(DEFAULT_SCRIPTS_DIR))
    }

    /// The directory the bot must load, when one is set: `Err` with what
    /// to do when it is set and missing. `Ok(None)`: not set, the default
    /// applies (`scripts/` if it exists, else the built-in pack).
    pub fn configured_dir(&self) -> Result<Option<&Path>, String> {
        match self.dir.as_deref() {
            Some(dir) if !dir.is_dir() => Err(format!(
                "scripts.dir {} is not a directory{}: fix the path (or pass --scripts DIR); \
                 leave scripts.dir out to use ./scripts, or the built-in demo pack where \
                 there is none",
                dir.display(),
                if dir.exists() {
                    ""
                } else {
                    " (it does not exist)"
                }
            )),
            dir => Ok(dir),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DialogueConfig {
    pub agent_silence_secs: i64,
    pub max_intents_per_reply: usize,
    /// A second or third intent is answered only when it scores at least
    /// this share of the best one.
    pub min_share_of_best: f32,
    /// How long after payment the closing line (收藏店铺) is sent.
    pub closing_delay_secs: i64,
}

impl Default for DialogueConfig {
    fn default() -> Self {
        DialogueConfig {
            agent_silence_secs: 600,
            max_intents_per_reply: 3,
            min_share_of_best: 0.4,
            closing_delay_secs: 2 * 3600,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnectionConfig {
    /// How often the bot pings the channel.
    pub ping_interval_secs: u64,
    /// No frame and no pong for this long: the connection is dead.
    pub dead_after_secs: u64,
    pub backoff_base_ms: u64,
    pub backoff_max_secs: u64,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        ConnectionConfig {
            ping_interval_secs: 10,
            dead_after_secs: 30,
            backoff_base_ms: 200,
            backoff_max_secs: 30,
        }
    }
}

/// When `mode = "schedule"` lets the bot answer alone: the night shift.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScheduleConfig {
    /// Local time (`HH:MM`) the bot starts answering alone.
    pub auto_from: String,
    /// Local time (`HH:MM`) agents take over again; before `auto_from` means overnight.
    pub auto_until: String,
    /// IANA time zone of the shop's clock.
    pub timezone: String,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            auto_from: "22:30".into(),
            auto_until: "08:30".into(),
            timezone: "Asia/Shanghai".into(),
        }
    }
}

/// Assist mode: how long a suggestion may wait before the bot says it is there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AssistConfig {
    /// A buyer message whose suggestion waited this long gets one holding reply.
    pub holding_after_secs: i64,
}

impl Default for AssistConfig {
    fn default() -> Self {
        AssistConfig {
            holding_after_secs: 25,
        }
    }
}

/// The agents' web console served by `kefu serve`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsoleConfig {
    /// Where the console listens; loopback unless agents work from other machines.
    pub bind: SocketAddr,
    /// Required on every request; empty: a random one is made at start and printed once.
    pub token: String,
    /// Name of an environment variable holding the token (wins over `token`).
    pub token_env: String,
    /// The supervisors' token: everything the console token allows, and
    /// publishing the draft scripts. Empty: a random one made at start.
    pub supervisor_token: String,
    /// Name of an environment variable holding it (wins over `supervisor_token`).
    pub supervisor_token_env: String,
    /// Supervisors with a token each (`[[console.supervisors]]`), so the
    /// record of publishes says who put which scripts live.
    pub supervisors: Vec<NamedSupervisor>,
}

/// A supervisor with a token of their own.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NamedSupervisor {
    /// As the record of publishes and the log name them (`王敏`).
    pub name: String,
    pub token: String,
    /// Name of an environment variable holding the token (wins over `token`).
    pub token_env: String,
}

impl ConsoleConfig {
    /// The agents' token, if configured (`token_env` wins over `token`).
    pub fn resolved_token(&self) -> Option<String> {
        secret(&self.token, &self.token_env)
    }

    /// The supervisors' token, if configured.
    pub fn resolved_supervisor_token(&self) -> Option<String> {
        secret(&self.supervisor_token, &self.supervisor_token_env)
    }

    /// Each named supervisor with their token, or what is missing: a
    /// `token_env` naming an unset variable (and no `token`) is an error
    /// here rather than a supervisor silently locked out.
    pub fn resolved_supervisors(&self) -> Result<Vec<(String, String)>, String> {
        self.supervisors
            .iter()
            .map(|s| match secret(&s.token, &s.token_env) {
                Some(token) => Ok((s.name.clone(), token)),
                None => Err(format!(
                    "console.supervisors: {} has no token: the environment variable {:?} is not set",
                    s.name, s.token_env
                )),
            })
            .collect()
    }
}

impl Default for ConsoleConfig {
    fn default() -> Self {
        ConsoleConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 8710)),
            token: String::new(),
            token_env: String::new(),
            supervisor_token: String::new(),
            supervisor_token_env: String::new(),
            supervisors: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl Config {
    /// Parses configuration text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: e
                .span()
                .map_or(1, |s| text[..s.start].matches('\n').count() + 1),
            message: e.message().to_string(),
        })?;
        config.validate(path)?;
        Ok(config)
    }

    /// Loads `path`, or when `None`, `config/kefu.toml` if it exists, else the
    /// built-in default.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let default_path = Path::new("config/kefu.toml");
        let path = match path {
            Some(p) => p,
            None if default_path.exists() => default_path,
            None => return Config::parse(DEFAULT_CONFIG, Path::new("<built-in config>")),
        };
        let bytes = std::fs::read(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            // The line of the first bad byte: usually a comment typed in an
            // editor that saved GBK.
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
                message: "not valid UTF-8 (the first bad byte is on this line): save it as UTF-8"
                    .into(),
            }
        })?;
        Config::parse(&text, path)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: 1,
            message,
        };
        let url = &self.channel.url;
        if !(url.is_empty() || url.starts_with("ws://") || url.starts_with("wss://")) {
            return Err(invalid(format!(
                "channel.url {url:?} must start with ws:// or wss://"
            )));
        }
        if self.connection.dead_after_secs <= self.connection.ping_interval_secs {
            return Err(invalid(
                "connection.dead_after_secs must be larger than ping_interval_secs".into(),
            ));
        }
        if self.dialogue.max_intents_per_reply == 0 {
            return Err(invalid(
                "dialogue.max_intents_per_reply must be at least 1".into(),
            ));
        }
        let share = self.dialogue.min_share_of_best;
        if !(0.0..=1.0).contains(&share) {
            return Err(invalid(format!(
                "dialogue.min_share_of_best must be between 0 and 1 (it is {share})"
            )));
        }
        crate::bot::Schedule::parse(&self.schedule).map_err(invalid)?;
        let console = &self.console;
        if !console.token.is_empty() && console.token == console.supervisor_token {
            return Err(invalid(
                "console.supervisor_token must differ from console.token, or every agent could publish scripts".into(),
            ));
        }
        check_supervisors(console).map_err(invalid)?;
        if self.scripts.history_dir.as_os_str().is_empty() {
            return Err(invalid(
                "scripts.history_dir must name a directory: publishing keeps the scripts it replaces there".into(),
            ));
        }
        if self.assist.holding_after_secs < 1 {
            return Err(invalid(
                "assist.holding_after_secs must be at least 1".into(),
            ));
        }
        let night = &self.night;
        if night.nudge_delay_secs < 60
            || night.max_messages_per_minute == 0
            || night.large_order_amount.is_nan()
            || night.large_order_amount <= 0.0
        {
            return Err(invalid(
                "night: nudge_delay_secs must be at least 60, max_messages_per_minute at least 1, large_order_amount above 0".into(),
            ));
        }
        if night.waiting_reminder_secs < 0 {
            return Err(invalid(
                "night: waiting_reminder_secs must be 0 (never remind) or more".into(),
            ));
        }
        if night.give_back_after_secs < 0 {
            return Err(invalid(
                "night: give_back_after_secs must be 0 (only 已处理 gives a conversation back) or more"
                    .into(),
            ));
        }
        Ok(())
    }
}

/// Named supervisors: each has a name, a token or a variable for it, and no
/// literal token is another's or the agents'.
fn check_supervisors(console: &ConsoleConfig) -> Result<(), String> {
    let mut names = std::collections::HashSet::new();
    let mut tokens: Vec<&str> = vec![&console.token, &console.supervisor_token];
    for (n, s) in console.supervisors.iter().enumerate() {
        let which = format!("console.supervisors[{}]", n + 1);
        let name = s.name.trim();
        if name.is_empty() {
            return Err(format!(
                "{which}: name is empty; the record of publishes names supervisors by it"
            ));
        }
        if !names.insert(name) {
            return Err(format!("{which}: the name {name:?} is used twice"));
        }
        if s.token.is_empty() && s.token_env.is_empty() {
            return Err(format!("{which} ({name}): set token_env (or token)"));
        }
        if !s.token.is_empty() {
            if tokens.contains(&s.token.as_str()) {
                return Err(format!(
                    "{which} ({name}): the token is already another's (console.token, supervisor_token or another supervisor's); each must have their own"
                ));
            }
            tokens.push(&s.token);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
