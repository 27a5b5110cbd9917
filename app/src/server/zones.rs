//! Times in a centre's zone, as the portal shows them.

use chrono::{DateTime, Utc};

/// The time `at` in a centre's zone, as `2026-07-12 10:00` (the portal's
/// pages show times so, with the zone named beside them).
pub fn local_time(at: DateTime<Utc>, time_zone: &str) -> String {
    in_zone(at, time_zone, "%Y-%m-%d %H:%M")
}

/// As [`local_time`], to the second (`2026-12-02 09:14:05`): the audit log.
pub fn local_moment(at: DateTime<Utc>, time_zone: &str) -> String {
    in_zone(at, time_zone, "%Y-%m-%d %H:%M:%S")
}

fn in_zone(at: DateTime<Utc>, time_zone: &str, format: &str) -> String {
    let zone = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(at.timestamp())
        .map(|t| t.to_zoned_datetime(zone).strftime(format).to_string())
        .unwrap_or_else(|_| format!("{} UTC", at.format(format)))
}
