//! `kefu report`: the night-shift report from a data directory.
//!
//! It opens the store itself, read-only in spirit: sled locks the directory,
//! so run it while no bot uses that directory (after the shift, or on a
//! copy). The shop's time zone comes from the scripts, the data directory
//! from `--data` or the configuration.

use super::{load_scripts, EXIT_FAILURE, EXIT_INVALID};
use crate::config::Config;
use crate::report::{self, Shift};
use crate::store::Store;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Html,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// The night to report: noon of this date to noon of the next, shop time
    /// [default: the night of the latest journal entry]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Output format: Markdown, CSV for a spreadsheet, or one HTML page with charts
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    #[command(flatten)]
    pub files: FilesArgs,
}

/// Where a command that reads a data directory finds it, the shop's time
/// zone, and where it writes: shared by `kefu report` and `kefu handover`.
#[derive(Debug, Clone, clap::Args)]
pub struct FilesArgs {
    /// Data directory [default: storage.data_dir of the configuration]
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Configuration file [default: config/kefu.toml if present, else built-in]
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Script directory, for the shop's time zone [default: scripts/ if present, else built-in]
    #[arg(long)]
    pub scripts: Option<PathBuf>,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

impl FilesArgs {
    /// Opens the store for a reading command: `--data`, else the
    /// configuration's data directory, saying plainly what to do when the
    /// directory is missing or a running bot holds it. Returns the directory
    /// too, for messages that name it.
    pub(super) fn open_store(&self) -> Result<(PathBuf, Store), i32> {
        let dir = match &self.data {
            Some(dir) => dir.clone(),
            None => match Config::load(self.config.as_deref()) {
                Ok(c) => c.storage.data_dir,
                Err(e) => {
                    eprintln!("{e}");
                    return Err(EXIT_INVALID);
                }
            },
        };
        if !dir.is_dir() {
            eprintln!(
                "no data directory at {}: pass --data DIR (the directory `kefu serve` stores in)",
                dir.display()
            );
            return Err(EXIT_INVALID);
        }
        match Store::open(&dir) {
            Ok(store) => Ok((dir, store)),
            Err(e) => {
                eprintln!("{e}");
                Err(EXIT_FAILURE)
            }
        }
    }
}

/// Writes `text` to `out` or standard output.
pub(super) fn emit(text: &str, out: Option<&Path>) -> i32 {
    match out {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("cannot write {}: {e}", path.display());
                EXIT_FAILURE
            }
        },
        None => {
            print!("{text}");
            0
        }
    }
}

pub fn main(args: ReportArgs) -> i32 {
    let date = match args.date.as_deref().map(str::parse::<jiff::civil::Date>) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            eprintln!(
                "--date {:?} is not a date written YYYY-MM-DD: {e}",
                args.date.unwrap_or_default()
            );
            return EXIT_INVALID;
        }
    };
    let scripts = match load_scripts(args.files.scripts.as_deref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let zone = match scripts.shop.time_zone.as_str() {
        "" => crate::dialogue::night::DEFAULT_TIME_ZONE.to_string(),
        z => z.to_string(),
    };
    let (dir, store) = match args.files.open_store() {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let shift = match date {
        Some(d) => Shift::night_of(d, &zone),
        None => match report::latest_shift(&store, &zone) {
            Ok(Some(shift)) => shift,
            Ok(None) => {
                eprintln!(
                    "the journal in {} is empty: nothing to report yet",
                    dir.display()
                );
                return EXIT_INVALID;
            }
            Err(e) => {
                eprintln!("{e}");
                return EXIT_FAILURE;
            }
        },
    };
    let report = match report::from_store(&store, shift) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_FAILURE;
        }
    };
    let text = match args.format {
        ReportFormat::Md => report::markdown(&report),
        ReportFormat::Csv => report::csv(&report),
        ReportFormat::Html => report::html(&report),
    };
    emit(&text, args.files.out.as_deref())
}
