//! Dates and times in the reader's language. The server renders UTC; once
//! the browser runs (`enhance`), its clock and time zone take over, so that
//! nobody has to "add one hour" by hand.

use leptos::prelude::*;

use crate::domain::Asking;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};

type I18n = leptos_i18n::I18nContext<Locale>;

/// Year, month (1–12), day, hour and minute in UTC of a Unix time in
/// milliseconds (the civil-from-days algorithm of Howard Hinnant).
pub fn utc_parts(ms: i64) -> (i64, u32, u32, u32, u32) {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (rest / 3600) as u32,
        (rest % 3600 / 60) as u32,
    )
}

fn month_name(i18n: I18n, month: u32) -> &'static str {
    crate::domain::month_word(i18n.get_locale(), month)
}

fn date_view(i18n: I18n, year: i64, month: u32, day: u32) -> impl IntoView + Clone {
    view! { {t!(i18n, dates.day_month_year, day = day.to_string(), month = move || month_name(i18n, month), year = year.to_string())} }
}

/// An ISO date (`2026-06-13`) as "13 June 2026" / "13 juin 2026".
#[component]
pub fn DateText(iso: String) -> impl IntoView {
    let i18n = use_i18n();
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let words = match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(y), Some(m @ 1..=12), Some(d)) => date_view(i18n, i64::from(y), m, d).into_any(),
        _ => iso.clone().into_any(),
    };
    view! { <time datetime=iso>{words}</time> }
}

/// "Europe/Paris" → "Paris", "America/Port_of_Spain" → "Port of Spain";
/// `None` for UTC, where the UTC wording alone says it all.
#[cfg_attr(
    not(any(feature = "hydrate", test)),
    expect(dead_code, reason = "the browser names the zone (`enhance`)")
)]
pub fn zone_city(zone: &str) -> Option<String> {
    let city = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    let utc = city.is_empty()
        || ["UTC", "GMT", "UCT", "Zulu", "Universal"].contains(&city.as_str())
        || city.starts_with("GMT");
    (!utc).then_some(city)
}

/// A moment worded "12 July 2026 at 08:00 UTC"; the browser adds the
/// reader's own time ("Sunday 12 July 2026 at 10:00 (Paris time), that is …").
#[component]
pub fn ReleaseTime(when_ms: i64) -> impl IntoView {
    let i18n = use_i18n();
    let (y, mo, d, h, mi) = utc_parts(when_ms);
    let locale = i18n.get_locale_untracked();
    let local = td_string!(
        locale,
        dates.at_time_local,
        date = "{date}",
        time = "{time}",
        zone = "{zone}"
    );
    let zone = td_string!(locale, dates.zone_city, city = "{city}");
    let zone_vowel = td_string!(locale, dates.zone_city_vowel, city = "{city}");
    let both = td_string!(
        locale,
        dates.local_and_utc,
        local = "{local}",
        utc = "{utc}"
    );
    view! {
        <time datetime=utc_iso(when_ms) data-ms=when_ms.to_string() data-local-time="" data-local=local data-zone=zone
            data-zone-vowel=zone_vowel data-both=both>
            {t!(i18n, dates.at_time_utc, date = date_view(i18n, y, mo, d), time = format!("{h:02}:{mi:02}"))}
        </time>
    }
}

/// The day of a Unix time in milliseconds, in words ("31 December 2026"), UTC.
#[component]
pub fn DayOf(ms: i64) -> impl IntoView {
    let (y, mo, d, _, _) = utc_parts(ms);
    view! { <DateText iso=format!("{y:04}-{mo:02}-{d:02}") /> }
}

/// A moment in words, in UTC ("1 December 2026 at 17:40 UTC"): for times
/// past, such as when a code was checked.
#[component]
pub fn MomentUtc(ms: i64) -> impl IntoView {
    let i18n = use_i18n();
    let (y, mo, d, h, mi) = utc_parts(ms);
    view! { <time datetime=utc_iso(ms)>{t!(i18n, dates.at_time_utc, date = date_view(i18n, y, mo, d), time = format!("{h:02}:{mi:02}"))}</time> }
}

fn utc_iso(ms: i64) -> String {
    let (y, mo, d, h, mi) = utc_parts(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}Z")
}

/// Where the time left until `until_ms` counts down, once the browser runs:
/// on the server's clock (`asking`), so a browser whose clock is wrong
/// counts the right time. At zero the browser waits its random part of the
/// spread, saying so in the status line, then asks for the results
/// (`enhance::release`).
#[component]
pub fn Countdown(until_ms: i64, asking: Asking) -> impl IntoView {
    let i18n = use_i18n();
    let words = td_string!(
        i18n.get_locale_untracked(),
        results.countdown,
        days = "{days}",
        hours = "{hours}",
        minutes = "{minutes}",
        seconds = "{seconds}"
    );
    view! {
        <p class="countdown" role="timer" aria-live="off" data-left-ms=(until_ms - asking.server_now_ms).to_string()
            data-spread-ms=asking.spread_ms.to_string() data-template=words></p>
        <p id="release-status" role="status" data-ready=move || t_string!(i18n, results.ready_loading).to_string()
            data-again=move || t_string!(i18n, results.still_waiting).to_string()></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_milliseconds_become_the_right_utc_calendar_parts() {
        assert_eq!(utc_parts(0), (1970, 1, 1, 0, 0));
        // 2026-07-12T08:00:00Z
        assert_eq!(utc_parts(1_783_843_200_000), (2026, 7, 12, 8, 0));
        // Leap day and the last minute of a year.
        assert_eq!(
            utc_parts(1_709_164_800_000 + 23 * 3_600_000 + 59 * 60_000),
            (2024, 2, 29, 23, 59)
        );
        assert_eq!(utc_parts(1_798_761_599_000), (2026, 12, 31, 23, 59));
        assert_eq!(utc_parts(-60_000), (1969, 12, 31, 23, 59));
    }

    #[test]
    fn the_zone_is_named_by_its_city_and_utc_is_not_named_twice() {
        assert_eq!(zone_city("Europe/Paris").as_deref(), Some("Paris"));
        assert_eq!(
            zone_city("America/Port_of_Spain").as_deref(),
            Some("Port of Spain")
        );
        assert_eq!(
            zone_city("America/Argentina/Buenos_Aires").as_deref(),
            Some("Buenos Aires")
        );
        assert_eq!(zone_city("UTC"), None);
        assert_eq!(zone_city("Etc/UTC"), None);
        assert_eq!(zone_city("Etc/GMT"), None);
    }
}
