//! Which mode is in force right now: the bot answers alone (auto), or it
//! suggests and an agent decides (assist).
//!
//! `mode = "schedule"` is auto inside the night shift and assist outside it.
//! The core asks for the effective mode at every batch with the injected
//! clock, so the switch happens live at the configured minute, and tests move
//! across it by moving their clock. Time zones come from jiff's bundled
//! database, so a machine without `/usr/share/zoneinfo` still knows
//! Asia/Shanghai.

use crate::config::{Mode, ScheduleConfig};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

/// What the bot does with a reply at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effective {
    /// Sent at once.
    Auto,
    /// Stored as a suggestion for an agent.
    Assist,
}

/// The night-shift hours of `mode = "schedule"`.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Minutes after local midnight.
    from: u16,
    until: u16,
    tz: TimeZone,
    /// As configured, for display.
    pub auto_from: String,
    pub auto_until: String,
    pub timezone: String,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule::parse(&ScheduleConfig::default())
            .unwrap_or_else(|e| unreachable!("the default schedule is valid: {e}"))
    }
}

/// `HH:MM` → minutes after midnight.
fn minutes(text: &str, field: &str) -> Result<u16, String> {
    let bad = || format!("schedule.{field} = {text:?} is not a time of day like \"22:30\"");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl Schedule {
    /// Checks and compiles the configured hours and zone.
    pub fn parse(cfg: &ScheduleConfig) -> Result<Schedule, String> {
        let from = minutes(&cfg.auto_from, "auto_from")?;
        let until = minutes(&cfg.auto_until, "auto_until")?;
        if from == until {
            return Err(format!(
                "schedule.auto_from and auto_until are both {:?}: the night shift would be empty (use mode = \"assist\" for never, \"auto\" for always)",
                cfg.auto_from
            ));
        }
        let tz = TimeZone::get(&cfg.timezone).map_err(|e| {
            format!(
                "schedule.timezone = {:?} is not a known time zone ({e}); use an IANA name like \"Asia/Shanghai\"",
                cfg.timezone
            )
        })?;
        Ok(Schedule {
            from,
            until,
            tz,
            auto_from: cfg.auto_from.trim().to_string(),
            auto_until: cfg.auto_until.trim().to_string(),
            timezone: cfg.timezone.clone(),
        })
    }

    /// Whether `unix` (seconds) falls inside the auto hours. The span may
    /// cross midnight (22:30–08:30).
    pub fn is_auto_at(&self, unix: i64) -> bool {
        let Ok(ts) = Timestamp::from_second(unix) else {
            return false;
        };
        let local = ts.to_zoned(self.tz.clone());
        let now = local.hour() as u16 * 60 + local.minute() as u16;
        if self.from < self.until {
            self.from <= now && now < self.until
        } else {
            now >= self.from || now < self.until
        }
    }

    /// The local wall-clock time at `unix`, `HH:MM`, for the console.
    pub fn local_time(&self, unix: i64) -> String {
        Timestamp::from_second(unix)
            .map(|ts| ts.to_zoned(self.tz.clone()).strftime("%H:%M").to_string())
            .unwrap_or_default()
    }
}

/// The configured mode with what it needs.
#[derive(Debug, Clone)]
pub struct ModeSettings {
    pub mode: Mode,
    pub schedule: Schedule,
    /// Assist mode: a waiting buyer message gets a holding reply after this long.
    pub holding_after_secs: i64,
}

impl Default for ModeSettings {
    fn default() -> Self {
        ModeSettings {
            mode: Mode::Auto,
            schedule: Schedule::default(),
            holding_after_secs: 25,
        }
    }
}

impl ModeSettings {
    /// The mode settings of a configuration.
    pub fn from_config(config: &crate::config::Config) -> Result<ModeSettings, String> {
        Ok(ModeSettings {
            mode: config.mode,
            schedule: Schedule::parse(&config.schedule)?,
            holding_after_secs: config.assist.holding_after_secs.max(1),
        })
    }

    /// The mode in force at `now`.
    pub fn effective(&self, now: i64) -> Effective {
        match self.mode {
            Mode::Auto => Effective::Auto,
            Mode::Assist => Effective::Assist,
            Mode::Schedule if self.schedule.is_auto_at(now) => Effective::Auto,
            Mode::Schedule => Effective::Assist,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(from: &str, until: &str, tz: &str) -> Result<Schedule, String> {
        Schedule::parse(&ScheduleConfig {
            auto_from: from.into(),
            auto_until: until.into(),
            timezone: tz.into(),
        })
    }

    /// 2026-11-23 00:00 in Shanghai (UTC+8), as Unix seconds.
    const MIDNIGHT_SHANGHAI: i64 = 1_795_363_200;

    #[test]
    fn the_night_shift_crosses_midnight_in_the_shops_zone() {
        let s = schedule("22:30", "08:30", "Asia/Shanghai").unwrap();
        let at = |h: i64, m: i64| MIDNIGHT_SHANGHAI + h * 3600 + m * 60;
        assert_eq!(s.local_time(at(0, 0)), "00:00");
        assert!(!s.is_auto_at(at(22, 29)));
        assert!(s.is_auto_at(at(22, 30)));
        assert!(s.is_auto_at(at(3, 0)));
        assert!(s.is_auto_at(at(8, 29)));
        assert!(!s.is_auto_at(at(8, 30)));
        assert!(!s.is_auto_at(at(14, 0)));
        let settings = ModeSettings {
            mode: Mode::Schedule,
            schedule: s,
            holding_after_secs: 25,
        };
        assert_eq!(settings.effective(at(23, 0)), Effective::Auto);
        assert_eq!(settings.effective(at(9, 0)), Effective::Assist);
    }

    #[test]
    fn a_daytime_span_and_another_zone() {
        // 12:00–13:00 in Berlin is 19:00–20:00 in Shanghai in November.
        let s = schedule("12:00", "13:00", "Europe/Berlin").unwrap();
        assert!(s.is_auto_at(MIDNIGHT_SHANGHAI + 19 * 3600 + 30 * 60));
        assert!(!s.is_auto_at(MIDNIGHT_SHANGHAI + 12 * 3600 + 30 * 60));
    }

    #[test]
    fn bad_schedules_are_refused_with_the_field_named() {
        let err = schedule("25:00", "08:30", "Asia/Shanghai").unwrap_err();
        assert!(err.contains("auto_from"), "{err}");
        let err = schedule("22:30", "0830", "Asia/Shanghai").unwrap_err();
        assert!(err.contains("auto_until"), "{err}");
        let err = schedule("22:30", "08:30", "Mars/Olympus").unwrap_err();
        assert!(err.contains("Mars/Olympus"), "{err}");
        let err = schedule("08:00", "08:00", "Asia/Shanghai").unwrap_err();
        assert!(err.contains("empty"), "{err}");
    }
}
