//! The data directory under abuse: another schema version, damaged files, a
//! path that is not a directory. Each must give a clear error naming the
//! directory and the way out (docs/soak.md, "The data directory"), never a
//! panic and never a bot running on state it cannot trust.

use kefu::dialogue::Session;
use kefu::store::Store;
use std::path::Path;
use std::process::Command;

/// A store with a few committed conversations, closed again.
fn populated(dir: &Path) {
    let store = Store::open(dir).expect("fresh store opens");
    for c in 0..50 {
        let session = Session::new("shop-1", &format!("c-{c}"), "b", 1000 + c);
        store
            .commit(&format!("e-{c}"), 1000, Some(&session), &[])
            .expect("commit");
    }
    store.flush_blocking().expect("flush");
}

/// The data directory as a plain sled database, to write what kefu would
/// not. The store [`populated`] just dropped may still hold the lock from
/// a background thread for a moment: wait for it, a little.
fn raw_sled(dir: &Path) -> sled::Db {
    for _ in 0..50 {
        match sled::open(dir) {
            Ok(db) => return db,
            Err(e) if e.to_string().contains("lock") => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => panic!("sled cannot open {}: {e}", dir.display()),
        }
    }
    panic!("the data directory {} stayed locked", dir.display())
}

/// Opens in a way that turns a panic into a test failure with a clear cause.
fn open_error(dir: &Path) -> String {
    // A sled handle this test dropped a moment ago may still hold the
    // directory's lock from a background thread: wait for it, a little.
    for _ in 0..50 {
        let opened = std::panic::catch_unwind(|| Store::open(dir).map(|_| ()));
        match opened {
            Ok(Ok(())) => panic!(
                "a damaged data directory {} opened without complaint",
                dir.display()
            ),
            Ok(Err(kefu::store::StoreError::Open { source, .. }))
                if source.to_string().contains("lock") =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Ok(Err(e)) => return e.to_string(),
            Err(_) => {
                panic!("opening a damaged data directory panicked instead of reporting an error")
            }
        }
    }
    panic!("the data directory {} stayed locked", dir.display())
}

/// `kefu serve` on `data`: exit code and stderr.
fn serve(data: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["serve", "--channel", "ws://127.0.0.1:9/"])
        .arg("--data")
        .arg(data)
        .env("KEFU_LOG", "error")
        .output()
        .expect("kefu runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn another_schema_version_is_refused_with_the_way_out() {
    let dir = tempfile::tempdir().unwrap();
    populated(dir.path());
    {
        let db = raw_sled(dir.path());
        let meta = db.open_tree("meta").unwrap();
        meta.insert("schema_version", &99u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = open_error(dir.path());
    assert!(err.contains("schema version 99"), "{err}");
    let reads = format!("reads version {}", kefu::store::SCHEMA_VERSION);
    assert!(err.contains(&reads), "{err}");
    assert!(err.contains("move the directory away"), "{err}");
    assert!(
        err.contains(&dir.path().display().to_string()),
        "names the directory: {err}"
    );

    let (code, stderr) = serve(dir.path());
    assert_eq!(code, Some(2), "serve fails at start: {stderr}");
    assert!(stderr.contains("schema version 99"), "{stderr}");
}

#[test]
fn an_unreadable_schema_mark_is_not_taken_for_a_valid_one() {
    let dir = tempfile::tempdir().unwrap();
    populated(dir.path());
    {
        let db = raw_sled(dir.path());
        db.open_tree("meta")
            .unwrap()
            .insert("schema_version", b"x".as_slice())
            .unwrap();
        db.flush().unwrap();
    }
    let err = open_error(dir.path());
    assert!(err.contains("schema version"), "{err}");
}

/// Overwrites the middle of every file under `dir` with garbage.
fn damage(dir: &Path) -> usize {
    let mut damaged = 0;
    for entry in walk(dir) {
        let mut bytes = std::fs::read(&entry).unwrap();
        if bytes.len() < 16 {
            continue;
        }
        let from = bytes.len() / 4;
        let to = (bytes.len() * 3 / 4).max(from + 8);
        for (i, b) in bytes[from..to].iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(151) ^ 0xa5;
        }
        std::fs::write(&entry, bytes).unwrap();
        damaged += 1;
    }
    damaged
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn damaged_files_give_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    populated(dir.path());
    assert!(damage(dir.path()) > 0, "the store wrote files to damage");
    let err = open_error(dir.path());
    assert!(
        err.contains(&dir.path().display().to_string()),
        "names the directory: {err}"
    );
    assert!(
        err.contains("move the directory away"),
        "gives the way out: {err}"
    );

    let (code, stderr) = serve(dir.path());
    assert_eq!(code, Some(2), "serve fails at start: {stderr}");
    assert!(stderr.contains("move the directory away"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_file_where_the_directory_should_be_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data");
    std::fs::write(&file, "not a directory").unwrap();
    let err = open_error(&file);
    assert!(err.contains("cannot open the data directory"), "{err}");
}
