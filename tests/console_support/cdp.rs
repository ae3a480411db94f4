//! A small driver for headless Chromium over the DevTools protocol, enough
//! for an end-to-end test: open a page, evaluate JavaScript, press keys and
//! type like a person, and answer the page's `confirm()` questions. It
//! speaks the protocol over the websocket client the crate already has, so
//! the test needs only Debian's `chromium` package.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long the browser may take to start, and a page to show something.
const PATIENCE: Duration = Duration::from_secs(20);

pub struct Browser {
    child: tokio::process::Child,
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
    /// How to answer the page's dialogs (`confirm`, `alert`), once
    /// [`Browser::answer_dialogs`] said; until then a dialog stays open and
    /// the page waits on it, as it would for a person who never clicks.
    answer: Option<bool>,
    /// The messages of the dialogs answered, oldest first.
    dialogs: Vec<String>,
    _profile: tempfile::TempDir,
}

/// The browser to run: `KEFU_CHROMIUM`, else the first that exists.
fn executable() -> Option<String> {
    if let Ok(path) = std::env::var("KEFU_CHROMIUM") {
        return Some(path);
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .find(|p| std::path::Path::new(p).exists())
    .map(|p| p.to_string())
}

/// [`launch`] for a test named `test`: `None` (the test skips, saying so)
/// when no browser can start, except under CI, where that is a failure.
pub async fn launch_for(test: &str) -> Option<Browser> {
    match launch().await {
        Ok(b) => Some(b),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI is set and the browser cannot start: {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED {test}: {e}");
            None
        }
    }
}

/// Starts a fresh headless browser with one blank page attached.
pub async fn launch() -> Result<Browser, String> {
    let exe = executable()
        .ok_or("no chromium found (install Debian's chromium package, or set KEFU_CHROMIUM)")?;
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut child = tokio::process::Command::new(&exe)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot run {exe}: {e}"))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let mut lines = BufReader::new(stderr).lines();
    let find_url = async {
        let mut seen = Vec::new();
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                return Ok(url.trim().to_string());
            }
            seen.push(line);
        }
        Err(format!(
            "{exe} exited without a DevTools endpoint:\n{}",
            seen.join("\n")
        ))
    };
    let url = tokio::time::timeout(PATIENCE, find_url)
        .await
        .map_err(|_| format!("{exe} did not start within {PATIENCE:?}"))??;
    // Keep draining stderr so the browser never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    let (ws, _) = tokio_tungstenite::connect_async(url.as_str())
        .await
        .map_err(|e| format!("cannot connect to the browser at {url}: {e}"))?;
    let mut browser = Browser {
        child,
        ws,
        next_id: 0,
        session: String::new(),
        answer: None,
        dialogs: Vec::new(),
        _profile: profile,
    };
    let target = browser
        .call_browser("Target.createTarget", json!({"url": "about:blank"}))
        .await?;
    let target_id = target["targetId"]
        .as_str()
        .ok_or("no targetId")?
        .to_string();
    let attached = browser
        .call_browser(
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        )
        .await?;
    browser.session = attached["sessionId"]
        .as_str()
        .ok_or("no sessionId")?
        .to_string();
    Ok(browser)
}

impl Browser {
    async fn send(&mut self, method: &str, params: Value, session: bool) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if session {
            msg["sessionId"] = json!(self.session);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .await
            .map_err(|e| format!("{method}: {e}"))?;
        let answer = async {
            while let Some(frame) = self.ws.next().await {
                let Ok(Message::Text(text)) = frame else {
                    continue;
                };
                let Ok(v) = serde_json::from_str::<Value>(text.as_str()) else {
                    continue;
                };
                // A dialog stops the page (and so this answer, if it is an
                // evaluation) until it is answered: answer it here, on the
                // way, as a person clicking OK or Cancel would.
                if v["method"] == "Page.javascriptDialogOpening" && v["sessionId"] == self.session {
                    if let Some(accept) = self.answer {
                        let message = v["params"]["message"].as_str().unwrap_or_default();
                        self.dialogs.push(message.to_string());
                        self.next_id += 1;
                        let reply = json!({"id": self.next_id, "sessionId": self.session,
                                           "method": "Page.handleJavaScriptDialog",
                                           "params": {"accept": accept}});
                        self.ws
                            .send(Message::text(reply.to_string()))
                            .await
                            .map_err(|e| format!("answering a dialog: {e}"))?;
                    }
                    continue;
                }
                if v["id"] == id {
                    return match v.get("error") {
                        Some(e) => Err(format!("{method}: {e}")),
                        None => Ok(v["result"].clone()),
                    };
                }
            }
            Err(format!("{method}: the browser went away"))
        };
        tokio::time::timeout(PATIENCE, answer)
            .await
            .map_err(|_| format!("{method}: no answer from the browser"))?
    }

    async fn call_browser(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.send(method, params, false).await
    }

    async fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
            .await
            .unwrap_or_else(|e| panic!("browser: {e}"))
    }

    /// From now on, answers every dialog the page opens: OK when `accept`,
    /// else Cancel. [`Self::dialogs`] has their messages.
    pub async fn answer_dialogs(&mut self, accept: bool) {
        // The dialog events come only with the Page domain enabled.
        self.call("Page.enable", json!({})).await;
        self.answer = Some(accept);
    }

    /// The messages of the dialogs answered so far, oldest first.
    pub fn dialogs(&self) -> &[String] {
        &self.dialogs
    }

    pub async fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url})).await;
    }

    /// Evaluates `expr` in the page and returns its value.
    pub async fn eval(&mut self, expr: &str) -> Value {
        let r = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
            )
            .await;
        if let Some(e) = r.get("exceptionDetails") {
            panic!("page script failed: {expr}\n{e}");
        }
        r["result"]["value"].clone()
    }

    /// Waits until `expr` is truthy in the page; returns its value.
    pub async fn wait_for(&mut self, what: &str, expr: &str) -> Value {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let v = self
                .eval(&format!(
                    "(() => {{ try {{ return {expr}; }} catch (_) {{ return null; }} }})()"
                ))
                .await;
            let truthy = !(v.is_null() || v == false || v == "" || v == 0);
            if truthy {
                return v;
            }
            if tokio::time::Instant::now() >= deadline {
                let page = self
                    .eval("document.body ? document.body.innerText : ''")
                    .await;
                let shot =
                    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("console-failure.png");
                let saved = match self.screenshot(&shot).await {
                    Ok(()) => format!("screenshot: {}", shot.display()),
                    Err(e) => format!("no screenshot: {e}"),
                };
                panic!("timed out waiting for {what} ({expr}); {saved}; the page shows:\n{page}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a PNG of the page as it looks now.
    pub async fn screenshot(&mut self, path: &std::path::Path) -> Result<(), String> {
        let shot = self
            .send("Page.captureScreenshot", json!({"format": "png"}), true)
            .await?;
        let data = shot["data"].as_str().ok_or("no screenshot data")?;
        let png = base64_decode(data)?;
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Presses and releases a key, as a person would: `Enter`, `Escape`, or
    /// a single character.
    pub async fn press(&mut self, key: &str) {
        let (code, vk, text) = match key {
            "Enter" => ("Enter".to_string(), 13, Some("\r".to_string())),
            "Escape" => ("Escape".to_string(), 27, None),
            c if c.chars().count() == 1 => {
                let upper = c.to_uppercase();
                let vk = upper.chars().next().map_or(0, |ch| ch as u32);
                (format!("Key{upper}"), vk, Some(c.to_string()))
            }
            other => panic!("no key {other}"),
        };
        let mut down = json!({"type": "keyDown", "key": key, "code": code,
                              "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk});
        if let Some(text) = text {
            down["text"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", down).await;
        let up = json!({"type": "keyUp", "key": key, "code": code,
                        "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk});
        self.call("Input.dispatchKeyEvent", up).await;
    }

    /// Types text into whatever has the focus (as an input method would).
    pub async fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text})).await;
    }

    /// Closes the browser and waits for it to exit.
    pub async fn close(mut self) {
        let _ = self.call_browser("Browser.close", json!({})).await;
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }
}

/// Standard base64 (the screenshot encoding), without a dependency for it.
fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let value = |c: u8| -> Result<u32, String> {
        Ok(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("not base64: {:?}", c as char)),
        } as u32)
    };
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= value(*c)? << (18 - 6 * i);
        }
        let take = chunk.len().saturating_sub(1);
        out.extend_from_slice(&n.to_be_bytes()[1..1 + take]);
    }
    Ok(out)
}
