//! `kefu handover`: the conversations waiting for a person, and marking
//! one done.
//!
//! Like `kefu report` it opens the data directory itself, so it runs while
//! no bot holds that directory (the console does the same while one runs).

use super::report::{emit, FilesArgs};
use super::{load_scripts, EXIT_FAILURE, EXIT_INVALID};
use crate::dialogue::night::{local, shop_zone, DEFAULT_TIME_ZONE};
use crate::report::handover::{self, select};
use jiff::civil::DateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HandoverFormat {
    Md,
    Csv,
}

#[derive(Debug, Clone, clap::Args)]
pub struct HandoverArgs {
    /// Only items handed over since then: `2026-11-23`, `2026-11-23 21:00`
    /// (shop time) or a span back from now: `12h`, `30m`, `2d`
    #[arg(long)]
    pub since: Option<String>,
    /// Output format: a Markdown table, or CSV for a spreadsheet
    #[arg(long, value_enum, default_value = "md")]
    pub format: HandoverFormat,
    /// Also list items already marked done
    #[arg(long)]
    pub all: bool,
    /// Mark item ID done instead of listing
    #[arg(long, value_name = "ID")]
    pub done: Option<u64>,
    /// Who handled it (with --done)
    #[arg(long, default_value = "cli")]
    pub by: String,
    #[command(flatten)]
    pub files: FilesArgs,
}

/// `--since` as Unix seconds: a local date or date and time, or a span back
/// from `now`.
pub fn parse_since(text: &str, now: i64, zone: &str) -> Result<i64, String> {
    let text = text.trim();
    let span = |unit: char, secs: i64| {
        text.strip_suffix(unit)
            .and_then(|n| n.trim().parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .map(|n| now - n * secs)
    };
    if let Some(at) = span('m', 60)
        .or_else(|| span('h', 3600))
        .or_else(|| span('d', 86_400))
    {
        return Ok(at);
    }
    let tz = shop_zone(zone);
    let normalized = text.replacen(' ', "T", 1);
    let datetime = normalized
        .parse::<DateTime>()
        .or_else(|_| normalized.parse::<jiff::civil::Date>().map(|d| d.to_datetime(jiff::civil::Time::midnight())))
        .map_err(|_| {
            format!("--since {text:?}: write a date (2026-11-23), a date and time (2026-11-23 21:00) or a span (12h, 30m, 2d)")
        })?;
    datetime
        .to_zoned(tz)
        .map(|z| z.timestamp().as_second())
        .map_err(|e| format!("--since {text:?}: {e}"))
}

pub fn main(args: HandoverArgs) -> i32 {
    let scripts = match load_scripts(args.files.scripts.as_deref()) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let zone = match scripts.shop.time_zone.as_str() {
        "" => DEFAULT_TIME_ZONE.to_string(),
        z => z.to_string(),
    };
    let now = jiff::Timestamp::now().as_second();
    let since = match args.since.as_deref().map(|s| parse_since(s, now, &zone)) {
        None => None,
        Some(Ok(at)) => Some(at),
        Some(Err(e)) => {
            eprintln!("{e}");
            return EXIT_INVALID;
        }
    };
    let (dir, store) = match args.files.open_store() {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    if let Some(id) = args.done {
        return match store.mark_handover_done(id, &args.by) {
            Ok(Some(done)) => {
                let back = if done.given_back {
                    "; the bot answers this conversation again"
                } else {
                    ""
                };
                println!("item {id} marked done by {}{back}", args.by);
                0
            }
            Ok(None) => {
                eprintln!("no handover item {id} in {}", dir.display());
                EXIT_INVALID
            }
            Err(e) => {
                eprintln!("{e}");
                EXIT_FAILURE
            }
        };
    }
    let items = match store.handover_items(args.all) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{e}");
            return EXIT_FAILURE;
        }
    };
    // A session that cannot be read only leaves its item's `later` empty:
    // the queue itself is what the morning shift needs.
    let rows = select(&items, since, |item| {
        store
            .session(&item.shop, &item.conversation)
            .unwrap_or_else(|e| {
                tracing::warn!(conversation = %item.conversation, "session unreadable: {e}");
                None
            })
    });
    let tz = shop_zone(&zone);
    let clock = |at: i64| local(at, &tz).strftime("%m-%d %H:%M").to_string();
    let text = match args.format {
        HandoverFormat::Md => handover::markdown(&rows, clock),
        HandoverFormat::Csv => handover::csv(&rows, clock),
    };
    emit(&text, args.files.out.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_dates_times_and_spans() {
        let zone = "Asia/Shanghai";
        // 2026-11-23T00:00:00+08:00
        let midnight = 1_795_363_200;
        assert_eq!(parse_since("2026-11-23", 0, zone), Ok(midnight));
        assert_eq!(
            parse_since("2026-11-23 21:00", 0, zone),
            Ok(midnight + 21 * 3600)
        );
        assert_eq!(parse_since("12h", midnight, zone), Ok(midnight - 12 * 3600));
        assert_eq!(parse_since("30m", midnight, zone), Ok(midnight - 1800));
        assert!(parse_since("yesterday", 0, zone).is_err());
    }
}
