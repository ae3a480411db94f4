//! The night-shift rules: when the bot may speak on its own, how often, and
//! what it leaves to people.
//!
//! A shop runs kefu unattended at night. Bot-initiated messages (the payment
//! nudge 催付, the closing line) must never wake a buyer up, so they wait
//! for the end of the quiet hours; no conversation gets more than a few bot
//! messages a minute, whatever happens; and the buyer of a conversation
//! handed over outside business hours is told when a person will follow up.
//!
//! Clock times are the shop's (its `time_zone` in the shop file). Time-zone
//! data comes from the tz database bundled into the binary, so a server
//! without `/usr/share/zoneinfo` computes the same hours.

use super::{Session, Speaker};
use jiff::civil::{Date, Time};
use jiff::tz::{Offset, TimeZone, TimeZoneDatabase};
use jiff::{Timestamp, Zoned};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// The shop time zone when the shop file names none: marketplaces in China
/// stamp everything in Beijing time.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

/// What the runtime configures under `[night]` (see `config/kefu.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NightRules {
    /// An order created and not paid this long gets a payment nudge.
    pub nudge_delay_secs: i64,
    /// At most this many nudges per order; 0 turns nudges off.
    pub max_nudges: u32,
    /// No bot-initiated message inside these hours; it is sent after them.
    pub quiet_hours: DailyWindow,
    /// At most this many bot messages per conversation in any minute.
    pub max_messages_per_minute: u32,
    /// Orders above this amount (yuan) are flagged and queued for a person
    /// to check before they ship; the bot keeps the conversation.
    pub large_order_amount: f64,
    /// A buyer who writes again while the conversation waits for a person
    /// is told again that it is in the queue, at most once in this long
    /// (and never once a person has written there); 0: never.
    pub waiting_reminder_secs: i64,
    /// A conversation a person has answered in goes back to the bot once
    /// nobody has written in it for this long; 0: only marking the handover
    /// done gives it back.
    pub give_back_after_secs: i64,
}

impl Default for NightRules {
    fn default() -> Self {
        NightRules {
            nudge_delay_secs: 30 * 60,
            max_nudges: 1,
            quiet_hours: DailyWindow {
                start: 23 * 60,
                end: 8 * 60,
            },
            max_messages_per_minute: 8,
            large_order_amount: 2000.0,
            waiting_reminder_secs: 30 * 60,
            give_back_after_secs: 4 * 3600,
        }
    }
}

/// A daily span of clock time, `HH:MM-HH:MM`; it may wrap past midnight
/// (`23:00-08:00`). Equal ends make an empty window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct DailyWindow {
    /// Minutes after midnight.
    pub start: u16,
    pub end: u16,
}

impl DailyWindow {
    /// Parses `09:00-23:00` (spaces and a `~` or `–` between are accepted).
    pub fn parse(text: &str) -> Result<DailyWindow, String> {
        let bad = || {
            format!("`{text}` is not a daily time span written HH:MM-HH:MM, such as 23:00-08:00")
        };
        let (a, b) = text.split_once(['-', '~', '–', '—']).ok_or_else(bad)?;
        let minute = |s: &str| -> Option<u16> {
            let (h, m) = s.trim().split_once(':')?;
            let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
            // 24:00 is how people write "midnight" at the end of a span.
            (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 60 + m)
        };
        match (minute(a), minute(b)) {
            (Some(start), Some(end)) => Ok(DailyWindow {
                start: start % (24 * 60),
                end: end % (24 * 60),
            }),
            _ => Err(bad()),
        }
    }

    /// Whether the minute of the day `m` is inside.
    pub fn contains(&self, m: u16) -> bool {
        if self.start <= self.end {
            self.start <= m && m < self.end
        } else {
            m >= self.start || m < self.end
        }
    }

    fn hm(minutes: u16) -> (i8, i8) {
        ((minutes / 60) as i8, (minutes % 60) as i8)
    }
}

impl TryFrom<String> for DailyWindow {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        DailyWindow::parse(&text)
    }
}

impl fmt::Display for DailyWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sh, sm) = Self::hm(self.start);
        let (eh, em) = Self::hm(self.end);
        write!(f, "{sh:02}:{sm:02}-{eh:02}:{em:02}")
    }
}

/// The time zone named `name`, from the bundled database. Lookups are
/// cached: policy decisions ask for it often.
pub fn time_zone(name: &str) -> Result<TimeZone, String> {
    static CACHE: OnceLock<Mutex<HashMap<String, TimeZone>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(tz) = cache.get(name) {
        return Ok(tz.clone());
    }
    let tz = TimeZoneDatabase::bundled().get(name).map_err(|e| {
        format!("unknown time zone `{name}` ({e}); use an IANA name such as Asia/Shanghai")
    })?;
    cache.insert(name.to_string(), tz.clone());
    Ok(tz)
}

/// The shop's zone; Beijing time when the name is unusable (the loader
/// already refused such a name, so this is only a guard).
pub fn shop_zone(name: &str) -> TimeZone {
    let name = if name.trim().is_empty() {
        DEFAULT_TIME_ZONE
    } else {
        name
    };
    time_zone(name).unwrap_or_else(|_| TimeZone::fixed(Offset::constant(8)))
}

/// Unix seconds as the shop's local date and time.
pub fn local(at: i64, tz: &TimeZone) -> Zoned {
    Timestamp::from_second(at)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(tz.clone())
}

fn minute_of_day(z: &Zoned) -> u16 {
    z.hour() as u16 * 60 + z.minute() as u16
}

/// Unix seconds of `minutes` past midnight on `date` in `tz`.
fn at_minute(date: Date, minutes: u16, tz: &TimeZone) -> Option<i64> {
    let (h, m) = DailyWindow::hm(minutes);
    let time = Time::new(h, m, 0, 0).ok()?;
    let zoned = date.to_datetime(time).to_zoned(tz.clone()).ok()?;
    Some(zoned.timestamp().as_second())
}

/// The first moment after `at` when the shop's clock reads `minutes` past
/// midnight: later today, else tomorrow.
pub fn next_clock(at: i64, minutes: u16, tz: &TimeZone) -> i64 {
    let today = local(at, tz).date();
    [Some(today), today.tomorrow().ok()]
        .into_iter()
        .flatten()
        .filter_map(|date| at_minute(date, minutes, tz))
        .find(|&t| t > at)
        // A clock time that does not exist (a DST gap): a day on.
        .unwrap_or(at + 24 * 3600)
}

/// The first moment at or after `at` outside `window`: `at` itself when it
/// is outside, else the window's end.
pub fn after_window(window: &DailyWindow, at: i64, tz: &TimeZone) -> i64 {
    let z = local(at, tz);
    let m = minute_of_day(&z);
    if !window.contains(m) {
        return at;
    }
    // Inside a window that wraps midnight, before midnight: it ends tomorrow.
    let wraps_today = window.start > window.end && m >= window.start;
    let date = if wraps_today {
        z.date().tomorrow().unwrap_or(z.date())
    } else {
        z.date()
    };
    // A clock time that does not exist that day (a DST gap) is skipped by an hour.
    at_minute(date, window.end, tz).map_or(at + 3600, |end| end.max(at))
}

/// When people are back, said the way the shop's buyers read it
/// (`今天09:00`, `明天09:00`), if `now` is outside `business_hours`.
/// `None` inside business hours: a person follows up right away.
pub fn follow_up(business_hours: &DailyWindow, now: i64, tz: &TimeZone) -> Option<String> {
    if business_hours.start == business_hours.end {
        return None;
    }
    let z = local(now, tz);
    let m = minute_of_day(&z);
    if business_hours.contains(m) {
        return None;
    }
    let (h, mm) = DailyWindow::hm(business_hours.start);
    let day = if m < business_hours.start {
        "今天"
    } else {
        "明天"
    };
    Some(format!("{day}{h:02}:{mm:02}"))
}

/// Bot messages in this conversation during the minute before `now`. The
/// session keeps the last turns with their times, which is enough: a limit
/// of a few messages a minute is far below the history length.
pub fn bot_messages_last_minute(session: &Session, now: i64) -> u32 {
    session
        .history
        .iter()
        .filter(|t| t.who == Speaker::Bot && t.at > now - 60 && t.at <= now)
        .count() as u32
}

/// When the next bot message would be within the limit: now, or the moment
/// the oldest message of the last minute drops out of it.
pub fn next_send_slot(session: &Session, now: i64, limit: u32) -> i64 {
    if bot_messages_last_minute(session, now) < limit.max(1) {
        return now;
    }
    let recent: Vec<i64> = session
        .history
        .iter()
        .filter(|t| t.who == Speaker::Bot && t.at > now - 60 && t.at <= now)
        .map(|t| t.at)
        .collect();
    let excess = recent.len() + 1 - limit.max(1) as usize;
    recent
        .get(excess - 1)
        .map_or(now + 60, |oldest| oldest + 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shanghai() -> TimeZone {
        time_zone("Asia/Shanghai").expect("bundled tz data")
    }

    /// 2026-11-23 at hh:mm Beijing time.
    fn bj(hh: i64, mm: i64) -> i64 {
        // 2026-11-23T00:00:00+08:00
        1_795_363_200 + hh * 3600 + mm * 60
    }

    #[test]
    fn windows_parse_and_wrap_midnight() {
        let w = DailyWindow::parse("23:00-08:00").unwrap();
        assert!(w.contains(23 * 60) && w.contains(0) && w.contains(7 * 60 + 59));
        assert!(!w.contains(8 * 60) && !w.contains(22 * 60 + 59));
        let day = DailyWindow::parse(" 09:00 ~ 23:00 ").unwrap();
        assert!(day.contains(9 * 60) && !day.contains(23 * 60));
        assert_eq!(DailyWindow::parse("09:00-24:00").unwrap().end, 0);
        assert!(DailyWindow::parse("9点到23点").is_err());
        assert!(DailyWindow::parse("25:00-08:00").is_err());
        assert_eq!(w.to_string(), "23:00-08:00");
    }

    #[test]
    fn the_bundled_database_knows_the_shop_zone() {
        let tz = shanghai();
        assert_eq!(local(bj(21, 30), &tz).hour(), 21);
        assert!(time_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn quiet_hours_push_a_message_to_their_end() {
        let tz = shanghai();
        let quiet = DailyWindow::parse("23:00-08:00").unwrap();
        assert_eq!(after_window(&quiet, bj(22, 59), &tz), bj(22, 59));
        assert_eq!(after_window(&quiet, bj(23, 30), &tz), bj(24 + 8, 0));
        assert_eq!(after_window(&quiet, bj(3, 0), &tz), bj(8, 0));
        assert_eq!(after_window(&quiet, bj(8, 0), &tz), bj(8, 0));
        let none = DailyWindow::parse("00:00-00:00").unwrap();
        assert_eq!(after_window(&none, bj(3, 0), &tz), bj(3, 0));
    }

    #[test]
    fn follow_up_names_the_next_opening() {
        let tz = shanghai();
        let hours = DailyWindow::parse("09:00-23:00").unwrap();
        assert_eq!(follow_up(&hours, bj(12, 0), &tz), None);
        assert_eq!(
            follow_up(&hours, bj(23, 30), &tz).as_deref(),
            Some("明天09:00")
        );
        assert_eq!(
            follow_up(&hours, bj(2, 0), &tz).as_deref(),
            Some("今天09:00")
        );
    }

    #[test]
    fn the_rate_limit_counts_bot_turns_of_the_last_minute() {
        let mut s = Session::new("s", "c", "b", 0);
        for at in [100, 110, 120] {
            s.push_turn(Speaker::Bot, "x", at);
            s.push_turn(Speaker::Buyer, "y", at);
        }
        assert_eq!(bot_messages_last_minute(&s, 150), 3);
        assert_eq!(bot_messages_last_minute(&s, 165), 2);
        assert_eq!(next_send_slot(&s, 150, 4), 150);
        assert_eq!(next_send_slot(&s, 150, 3), 160);
        assert_eq!(next_send_slot(&s, 150, 2), 170);
    }
}
