//! The `kefu` command line: one module per subcommand.
//!
//! `main.rs` only parses arguments (clap) and calls in here; each command
//! returns its process exit code, so tests can run commands in process.

pub mod chat;
pub mod check;
pub mod classify;
pub mod eval;
pub mod handover;
pub mod publish;
pub mod report;
pub mod serve;
pub mod sim;
pub mod sim_night;

use crate::script::{self, Scripts};
use std::path::{Path, PathBuf};

/// Exit code for a problem in what the user gave us (scripts, config, flags).
pub const EXIT_INVALID: i32 = 1;
/// Exit code for a failure at run time (storage, network setup).
pub const EXIT_FAILURE: i32 = 2;

/// Lets an offline command whose output goes to a pipe end as `grep` or
/// `cat` do when the reader goes away (`kefu check --lint | head -3`):
/// quietly, by SIGPIPE.
///
/// Rust starts programs with SIGPIPE ignored, so that a write to a closed
/// socket comes back as an error the program handles; `println!` turns
/// that error into a panic. The offline commands have done their work by
/// the time they print it (a publish is in place, a handover mark is
/// flushed), so ending at the write loses nothing. `serve` and the
/// simulators keep SIGPIPE ignored: they write to sockets.
pub fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: `signal` with SIG_DFL installs no handler of ours; it is
    // called first thing in `main`, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Loads scripts from `dir` when given, else from `scripts/` when it exists,
/// else the pack built into the binary. Problems are printed to stderr, every
/// one with file:line.
pub fn load_scripts(dir: Option<&Path>) -> Result<Scripts, i32> {
    let default = PathBuf::from("scripts");
    let dir = match dir {
        Some(d) => d,
        None if default.is_dir() => default.as_path(),
        None => return Ok(script::load_embedded()),
    };
    script::load_dir(dir).map_err(|errors| {
        eprintln!("{errors}");
        eprintln!(
            "{} problem{} in the scripts in {}",
            errors.0.len(),
            if errors.0.len() == 1 { "" } else { "s" },
            dir.display()
        );
        EXIT_INVALID
    })
}
