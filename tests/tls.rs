//! wss:// with real certificates: a private CA made at test time, a server
//! certificate it signs, and a TLS endpoint on loopback in front of the test
//! channel. The bot must verify the certificate, trust the CA only when told
//! to (`channel.ca_file`), and say clearly why a connection is refused.

mod support;

use kefu::channel::client::{self, ConnectError, Tls, TlsError};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose, SanType};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use support::*;
use tokio::net::{TcpListener, TcpStream};

/// A CA, and a server certificate it signed for `names`.
struct Pki {
    ca_pem: String,
    server_cert: CertificateDer<'static>,
    server_key: Vec<u8>,
}

fn pki(names: &[&str], ip: bool) -> Pki {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "kefu test CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca.self_signed(&ca_key).unwrap();

    let mut server =
        CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>()).unwrap();
    server.distinguished_name.push(DnType::CommonName, names[0]);
    if ip {
        server
            .subject_alt_names
            .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
    let server_key = KeyPair::generate().unwrap();
    let server_cert = server.signed_by(&server_key, &ca_cert, &ca_key).unwrap();
    Pki {
        ca_pem: ca_cert.pem(),
        server_cert: server_cert.der().clone(),
        server_key: server_key.serialize_der(),
    }
}

/// A TLS endpoint on loopback that forwards each connection, decrypted, to
/// `backend` (the plain test channel): the channel behind a TLS terminator,
/// as it is deployed.
async fn tls_front(pki: &Pki, backend: SocketAddr) -> SocketAddr {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![pki.server_cert.clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.server_key.clone())),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that rejects the certificate ends the handshake.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(mut plain) = TcpStream::connect(backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    addr
}

fn write_ca(dir: &Path, pem: &str) -> PathBuf {
    let path = dir.join("ca.pem");
    std::fs::write(&path, pem).unwrap();
    path
}

#[tokio::test]
async fn the_private_ca_is_trusted_only_when_configured() {
    let channel = TestChannel::start().await;
    let pki = pki(&["localhost"], true);
    let front = tls_front(&pki, channel.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = write_ca(dir.path(), &pki.ca_pem);
    let url = format!("wss://127.0.0.1:{}/", front.port());

    // With the CA: a verified connection, and the channel's hello over it.
    let tls = Tls::with_ca_file(&ca_file).expect("the CA file loads");
    let mut ws = client::connect_with(&url, None, &tls)
        .await
        .expect("wss with the CA connects");
    use futures_util::StreamExt;
    let hello = ws.next().await.expect("a frame").expect("readable");
    assert!(hello.to_text().unwrap().contains("\"hello\""), "{hello:?}");

    // Without it: refused, and the error says what to do.
    let public = Tls::public_roots().unwrap();
    let err = client::connect_with(&url, None, &public).await.unwrap_err();
    assert!(matches!(err, ConnectError::Tls { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("channel.ca_file"), "{message}");
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused_with_a_hint() {
    let channel = TestChannel::start().await;
    let pki = pki(&["channel.example"], false);
    let front = tls_front(&pki, channel.addr).await;
    let dir = tempfile::tempdir().unwrap();
    let tls = Tls::with_ca_file(&write_ca(dir.path(), &pki.ca_pem)).unwrap();
    let url = format!("wss://127.0.0.1:{}/", front.port());
    let err = client::connect_with(&url, None, &tls).await.unwrap_err();
    assert!(err.to_string().contains("another host name"), "{err}");
}

#[test]
fn bad_ca_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.pem");
    let err = Tls::with_ca_file(&missing).unwrap_err();
    assert!(matches!(err, TlsError::Read { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.pem"), "{err}");

    for (name, content) in [
        ("empty.pem", "".as_bytes()),
        (
            "key-only.pem",
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ),
        ("binary.pem", &[0xff, 0xfe, 0x00, 0x01]),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let err = Tls::with_ca_file(&path).unwrap_err();
        assert!(
            matches!(err, TlsError::NoCertificate { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains("BEGIN CERTIFICATE"), "{err}");
    }

    let garbled = dir.path().join("garbled.pem");
    std::fs::write(
        &garbled,
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let err = Tls::with_ca_file(&garbled).unwrap_err();
    assert!(
        matches!(err, TlsError::BadCertificate { index: 1, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_bot_trusting_the_ca_serves_a_wss_channel() {
    let channel = TestChannel::start().await;
    let pki = pki(&["localhost"], true);
    let front = tls_front(&pki, channel.addr).await;
    let dir = tempfile::tempdir().unwrap();
    // What `kefu serve` does with channel.ca_file at startup. This is the
    // only test in this binary that sets the process default.
    let tls = Tls::with_ca_file(&write_ca(dir.path(), &pki.ca_pem)).unwrap();
    assert!(client::set_default_tls(tls));

    let data = tempfile::tempdir().unwrap();
    let bot = start_bot(&format!("wss://localhost:{}/", front.port()), data.path());
    channel.push(message("e-1", "c-1", "在吗"));
    channel
        .wait_until("a reply over wss", |c| c.posted("c-1").len() == 1)
        .await;
    channel.wait_until("acked", |c| c.acked("e-1")).await;
    bot.stop().await;
}

#[test]
fn serve_refuses_a_bad_ca_file_before_starting() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("kefu.toml");
    let ca = dir.path().join("not-a-ca.pem");
    std::fs::write(&ca, "this is not a certificate\n").unwrap();
    std::fs::write(
        &config,
        format!(
            "[channel]\nurl = \"wss://127.0.0.1:1/\"\nca_file = {:?}\n",
            ca.display().to_string()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "--config"])
        .arg(&config)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("not-a-ca.pem") && stderr.contains("BEGIN CERTIFICATE"),
        "{stderr}"
    );
    assert!(
        !data.exists(),
        "nothing was opened before the configuration was checked"
    );
}
