//! A newcomer's first run: `kefu serve` with no channel configured starts the
//! local channel, prints the buyer page's address, and the bot answers a buyer
//! who writes on that page (here: through the page's own websocket).

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn serve_without_a_channel_runs_the_local_one_and_answers_the_buyer_page() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("kefu.toml");
    std::fs::write(
        &config,
        format!(
            // The console on a port of its own too: the default (8710) is
            // where a developer's `kefu serve` listens while the tests run.
            "[local_channel]\nbind = \"127.0.0.1:0\"\n[console]\nbind = \"127.0.0.1:0\"\n[storage]\ndata_dir = {:?}\n",
            dir.path().join("data")
        ),
    )
    .unwrap();
    let (child, host) = serve(&config).await;

    // The page itself is served.
    let html = fetch(&host, "/").await;
    assert!(html.contains("<html") || html.contains("<!doctype") || html.contains("<!DOCTYPE"));

    // Write as a buyer through the page's websocket and wait for the bot's reply.
    let reply = ask(&host, "c-newcomer", "在吗?有优惠券吗").await;
    assert!(!reply.is_empty());
    stop(child);

    // A second run on the same data directory answers too. Its local channel
    // is new, but the bot remembers the event ids it processed: the second
    // channel's ids must not repeat the first's, or the bot would skip the
    // new messages as already answered.
    let (child, host) = serve(&config).await;
    let reply = ask(&host, "c-second-run", "这款有L码吗").await;
    assert!(!reply.is_empty());
    let reply = ask(&host, "c-newcomer", "包邮吗").await;
    assert!(reply.contains("邮"), "{reply}");
    stop(child);
}

/// Starts `kefu serve` with `config`; returns it and the buyer page's
/// host:port, which it prints for the newcomer.
async fn serve(config: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "--config"])
        .arg(config)
        .env("KEFU_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kefu starts");
    let stdout = child.stdout.take().unwrap();
    let page = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| {
                line.split_whitespace()
                    .find(|w| w.starts_with("http://127.0.0.1:"))
                    .map(String::from)
            })
    })
    .await
    .unwrap()
    .expect("kefu prints the buyer page URL");
    let host = page
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    (child, host)
}

/// Writes `text` as a buyer in `conversation` through the page's websocket
/// and returns the bot's reply.
async fn ask(host: &str, conversation: &str, text: &str) -> String {
    let url = format!("ws://{host}/buyer/ws?conversation={conversation}&buyer=tb_new");
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("page socket");
    let say = json!({"kind":"message","buyer":"tb_new","text":text,"item":"p-1001"});
    ws.send(Message::text(say.to_string())).await.unwrap();
    tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(Ok(msg)) = ws.next().await {
            let Message::Text(line) = msg else { continue };
            let update: Value = serde_json::from_str(line.as_str()).unwrap();
            if update["kind"] == "line" && update["who"] == "bot" {
                return update["text"].as_str().unwrap().to_string();
            }
        }
        panic!("page socket closed before the bot answered {text:?}");
    })
    .await
    .unwrap_or_else(|_| panic!("the bot answers {text:?} in {conversation}"))
}

/// SIGTERM, and a clean exit.
fn stop(mut child: Child) {
    let pid = child.id().to_string();
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(child.wait().unwrap().success(), "clean exit on SIGTERM");
}

/// A minimal HTTP GET over a raw socket, enough to see the page is served.
async fn fetch(host: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut body = String::new();
    tcp.read_to_string(&mut body).await.unwrap();
    body
}
