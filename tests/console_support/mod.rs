//! Helpers for assist-mode tests: a bot with its console, and a minimal HTTP
//! client that talks to the console the way any tool would (plain HTTP/1.1,
//! JSON bodies, the bearer token).

#![allow(dead_code)]

pub mod cdp;

use super::support::{shipped_copy, shipped_scripts, test_settings, ManualClock, TestChannel};
use kefu::bot::{Agents, Bot, Clock, ModeSettings};
use kefu::config::Mode;
use kefu::console::{Console, ConsoleSettings, SupervisorToken};
use serde_json::Value;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const TOKEN: &str = "test-console-token";
pub const SUPERVISOR_TOKEN: &str = "test-supervisor-token";
/// The token of the one named supervisor, 王敏, beside the shared one.
pub const WANG_MIN_TOKEN: &str = "test-wang-min-token";

/// A copy of the shipped scripts in `root/scripts-draft`, as a supervisor
/// makes a draft to try on the console's try page.
pub fn draft_copy(root: &std::path::Path) -> std::path::PathBuf {
    shipped_copy(root, "scripts-draft")
}

/// A running bot in some mode, with its console.
pub struct AssistBot {
    pub shutdown: tokio_util::sync::CancellationToken,
    pub agents: Agents,
    pub console: Console,
    handle: tokio::task::JoinHandle<Result<(), kefu::store::StoreError>>,
}

pub fn mode(mode: Mode) -> ModeSettings {
    ModeSettings {
        mode,
        ..ModeSettings::default()
    }
}

pub async fn start_assist(
    url: &str,
    data: &std::path::Path,
    clock: Clock,
    mode: ModeSettings,
) -> AssistBot {
    start_with_draft(url, data, clock, mode, None).await
}

/// What most console tests start from: a test channel, a fresh data
/// directory (held for the test's length: dropping it deletes it), a
/// manual clock at `at`, and a bot in `mode` on them.
pub struct Started {
    pub channel: TestChannel,
    pub data: tempfile::TempDir,
    pub clock: ManualClock,
    pub bot: AssistBot,
}

impl Started {
    pub async fn at(at: i64, in_mode: Mode) -> Started {
        let channel = TestChannel::start().await;
        let data = tempfile::tempdir().unwrap();
        let clock = ManualClock::at(at);
        let bot = start_assist(&channel.url(), data.path(), clock.clock(), mode(in_mode)).await;
        Started {
            channel,
            data,
            clock,
            bot,
        }
    }
}

/// [`start_assist`] with a draft directory for the try page.
pub async fn start_with_draft(
    url: &str,
    data: &std::path::Path,
    clock: Clock,
    mode: ModeSettings,
    draft_dir: Option<std::path::PathBuf>,
) -> AssistBot {
    // The shipped scripts, straight from the repository: no supervisors'
    // token, so nothing can be published over them (`start_supervised`
    // starts a bot that can publish, on a copy).
    start_console_bot(url, data, clock, mode, shipped_scripts(), draft_dir, None).await
}

/// An auto-mode bot on a test channel whose scripts come from a copy of
/// the shipped ones in `root/scripts`, with a draft copy in
/// `root/scripts-draft` and the history of publishes in
/// `root/scripts-history`: what a supervisor publishes lands in the copy,
/// never in the repository.
pub struct Supervised {
    pub channel: TestChannel,
    pub bot: AssistBot,
    pub root: tempfile::TempDir,
    _data: tempfile::TempDir,
}

impl Supervised {
    pub async fn start(at: i64) -> Supervised {
        let channel = TestChannel::start().await;
        let data = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        let live = shipped_copy(root.path(), "scripts");
        draft_copy(root.path());
        let scripts = kefu::script::load_dir(&live).expect("the shipped scripts load");
        let bot = start_console_bot(
            &channel.url(),
            data.path(),
            ManualClock::at(at).clock(),
            mode(Mode::Auto),
            std::sync::Arc::new(scripts),
            Some(root.path().join("scripts-draft")),
            Some(root.path().join("scripts-history")),
        )
        .await;
        Supervised {
            channel,
            bot,
            root,
            _data: data,
        }
    }
}

async fn start_console_bot(
    url: &str,
    data: &std::path::Path,
    clock: Clock,
    mode: ModeSettings,
    scripts: std::sync::Arc<kefu::script::Scripts>,
    draft_dir: Option<std::path::PathBuf>,
    // `None`: no supervisors' token, so no publishing.
    history_dir: Option<std::path::PathBuf>,
) -> AssistBot {
    // Beside the history: `root/labelled.jsonl`, which a test may write.
    let labelled_file = history_dir
        .as_ref()
        .and_then(|h| h.parent())
        .map(|root| root.join("labelled.jsonl"));
    let store = kefu::store::Store::open(data).expect("store opens");
    let bot = Bot::new(store, scripts, test_settings(url, None), clock);
    bot.set_mode(mode);
    let agents = bot.agents();
    let console = Console::start(
        agents.clone(),
        ConsoleSettings {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: TOKEN.to_string(),
            supervisors: if history_dir.is_some() {
                vec![
                    SupervisorToken {
                        name: None,
                        token: SUPERVISOR_TOKEN.to_string(),
                    },
                    SupervisorToken {
                        name: Some("王敏".to_string()),
                        token: WANG_MIN_TOKEN.to_string(),
                    },
                ]
            } else {
                Vec::new()
            },
            draft_dir,
            history_dir: history_dir.unwrap_or_default(),
            labelled_file: labelled_file.clone(),
        },
    )
    .await
    .expect("console starts");
    let shutdown = tokio_util::sync::CancellationToken::new();
    let token = shutdown.clone();
    let handle = tokio::spawn(async move { bot.run(token).await });
    AssistBot {
        shutdown,
        agents,
        console,
        handle,
    }
}

impl AssistBot {
    pub fn api(&self) -> Api {
        Api {
            addr: self.console.addr(),
            token: Some(TOKEN.to_string()),
        }
    }

    /// The API with the supervisors' shared token.
    pub fn supervisor_api(&self) -> Api {
        Api {
            addr: self.console.addr(),
            token: Some(SUPERVISOR_TOKEN.to_string()),
        }
    }

    /// The API with 王敏's own supervisor token.
    pub fn wang_min_api(&self) -> Api {
        Api {
            addr: self.console.addr(),
            token: Some(WANG_MIN_TOKEN.to_string()),
        }
    }

    pub async fn stop(self) {
        self.console.shutdown().await;
        self.shutdown.cancel();
        self.handle
            .await
            .expect("bot task ends without panic")
            .expect("bot stops without a storage error");
    }
}

/// The console's HTTP API.
#[derive(Clone)]
pub struct Api {
    pub addr: SocketAddr,
    pub token: Option<String>,
}

/// An HTTP answer: status, headers (lower-case names) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Api {
    pub async fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Answer {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        self.request_raw(method, path, &body).await
    }

    /// A request with `body` as it is (sent as JSON when not empty).
    pub async fn request_raw(&self, method: &str, path: &str, body: &str) -> Answer {
        let mut tcp = tokio::net::TcpStream::connect(self.addr)
            .await
            .expect("console reachable");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        if let Some(t) = &self.token {
            head.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        if !body.is_empty() {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        tcp.write_all(head.as_bytes()).await.unwrap();
        tcp.write_all(body.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        tcp.read_to_end(&mut raw).await.unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(raw.len());
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let body = raw.get(split + 4..).unwrap_or_default();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
            .collect::<Vec<_>>();
        let chunked = headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_vec()
        };
        let body = String::from_utf8_lossy(&body).to_string();
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Value {
        let answer = self.request("GET", path, None).await;
        assert_eq!(answer.status, 200, "GET {path}: {}", answer.body);
        answer.json()
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.request("POST", path, Some(&body)).await
    }

    /// Pending suggestions, oldest first.
    pub async fn pending(&self) -> Vec<Value> {
        self.get("/api/suggestions")
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The pending suggestions of one conversation.
    pub async fn pending_in(&self, conversation: &str) -> Vec<Value> {
        let mut all = self.pending().await;
        all.retain(|s| s["conversation"] == conversation);
        all
    }

    /// Waits until `conversation` has `n` pending suggestions; returns them.
    pub async fn wait_pending(&self, conversation: &str, n: usize) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + super::support::PATIENCE;
        loop {
            let pending = self.pending_in(conversation).await;
            if pending.len() == n {
                return pending;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {n} pending suggestions in {conversation}: {pending:#?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&rest[..line_end]);
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        let data = &rest[line_end + 2..];
        if n == 0 || data.len() < n {
            break;
        }
        out.extend_from_slice(&data[..n]);
        rest = data[n..].strip_prefix(b"\r\n").unwrap_or(&data[n..]);
    }
    out
}
