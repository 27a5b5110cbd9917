//! Dates and times in the reader's language. The server renders UTC; once
//! the WASM runs, the browser's clock and time zone take over, so that
//! nobody has to "add one hour" by hand.

use leptos::prelude::*;

use crate::i18n::{Locale, t, t_string, use_i18n};

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
    (year, month, day, (rest / 3600) as u32, (rest % 3600 / 60) as u32)
}

fn month_name(i18n: I18n, month: u32) -> &'static str {
    match month {
        1 => t_string!(i18n, dates.january),
        2 => t_string!(i18n, dates.february),
        3 => t_string!(i18n, dates.march),
        4 => t_string!(i18n, dates.april),
        5 => t_string!(i18n, dates.may),
        6 => t_string!(i18n, dates.june),
        7 => t_string!(i18n, dates.july),
        8 => t_string!(i18n, dates.august),
        9 => t_string!(i18n, dates.september),
        10 => t_string!(i18n, dates.october),
        11 => t_string!(i18n, dates.november),
        _ => t_string!(i18n, dates.december),
    }
}

fn date_view(i18n: I18n, year: i64, month: u32, day: u32) -> impl IntoView + Clone {
    view! { {t!(i18n, dates.day_month_year, day = day.to_string(), month = move || month_name(i18n, month), year = year.to_string())} }
}

/// An ISO date (`2026-06-13`) as "13 June 2026" / "13 juin 2026".
#[component]
pub fn DateText(iso: String) -> impl IntoView {
    let i18n = use_i18n();
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let words = match (parts.next().flatten(), parts.next().flatten(), parts.next().flatten()) {
        (Some(y), Some(m @ 1..=12), Some(d)) => date_view(i18n, i64::from(y), m, d).into_any(),
        _ => iso.clone().into_any(),
    };
    view! { <time datetime=iso>{words}</time> }
}

/// How the browser words `when_ms` in its own time zone.
#[derive(Clone, PartialEq)]
struct LocalText {
    date: String,
    time: String,
    /// The city of the browser's IANA zone ("Paris" for Europe/Paris); `None` in UTC.
    city: Option<String>,
}

/// `None` until the page has hydrated: the server cannot know the zone.
fn local_text(when_ms: i64, locale: Locale) -> Option<LocalText> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsValue;
        let tag = match locale {
            Locale::fr => "fr-FR",
            Locale::en => "en-GB",
        };
        let options = |pairs: &[(&str, &str)]| {
            let o = js_sys::Object::new();
            for (k, v) in pairs {
                let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
            }
            o
        };
        let date = js_sys::Date::new(&JsValue::from_f64(when_ms as f64));
        let day = date.to_locale_date_string(tag, &options(&[("weekday", "long"), ("day", "numeric"), ("month", "long"), ("year", "numeric")]));
        let time = date.to_locale_time_string_with_options(tag, &options(&[("hour", "2-digit"), ("minute", "2-digit"), ("hourCycle", "h23")]));
        let zone = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        let zone = js_sys::Reflect::get(&zone, &JsValue::from_str("timeZone")).ok().and_then(|z| z.as_string()).unwrap_or_default();
        Some(LocalText { date: day.into(), time: time.into(), city: zone_city(&zone) })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (when_ms, locale);
        None
    }
}

/// "Europe/Paris" → "Paris", "America/Port_of_Spain" → "Port of Spain";
/// `None` for UTC, where the UTC wording alone says it all.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn zone_city(zone: &str) -> Option<String> {
    let city = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    let utc = city.is_empty() || ["UTC", "GMT", "UCT", "Zulu", "Universal"].contains(&city.as_str()) || city.starts_with("GMT");
    (!utc).then_some(city)
}

/// "Paris time" / "heure de Paris" (French elides before a vowel: "heure d’Amsterdam").
fn zone_view(i18n: I18n, city: String) -> AnyView {
    let elided = city.chars().next().is_some_and(|c| "AEIOUYÉÈaeiouy".contains(c));
    let c = move || city.clone();
    if elided { view! { {t!(i18n, dates.zone_city_vowel, city = c)} }.into_any() } else { view! { {t!(i18n, dates.zone_city, city = c)} }.into_any() }
}

/// A moment worded "12 July 2026 at 08:00 UTC" (no JavaScript) and, once
/// the browser runs, "Sunday 12 July 2026 at 10:00 (Paris time), that is
/// 12 July 2026 at 08:00 UTC" in the reader's language.
#[component]
pub fn ReleaseTime(when_ms: i64) -> impl IntoView {
    let i18n = use_i18n();
    let local = RwSignal::new(None::<LocalText>);
    Effect::new(move |_| local.set(local_text(when_ms, i18n.get_locale())));
    let utc = move || {
        let (y, mo, d, h, mi) = utc_parts(when_ms);
        view! { {t!(i18n, dates.at_time_utc, date = date_view(i18n, y, mo, d), time = format!("{h:02}:{mi:02}"))} }
    };
    let text = move || match local.get() {
        Some(LocalText { date, time, city: Some(city) }) => {
            let local = move || view! { {t!(i18n, dates.at_time_local, date = date.clone(), time = time.clone(), zone = { let city = city.clone(); move || zone_view(i18n, city.clone()) })} };
            view! { {t!(i18n, dates.local_and_utc, local = local, utc = utc)} }.into_any()
        }
        _ => utc().into_any(),
    };
    view! { <time datetime=utc_iso(when_ms) data-ms=when_ms.to_string()>{text}</time> }
}

fn utc_iso(ms: i64) -> String {
    let (y, mo, d, h, mi) = utc_parts(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}Z")
}

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// A live countdown to `until_ms`; calls `on_done` once when it reaches zero.
#[component]
pub fn Countdown(until_ms: i64, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let remaining = RwSignal::new(None::<i64>);
    // Fire `on_done` once only, even if the server still says "pending".
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        let tick = move || {
            let left = ((until_ms as f64 - now_ms()) / 1000.0).ceil() as i64;
            remaining.set(Some(left.max(0)));
            if left <= 0 && !done.get_value() {
                done.set_value(true);
                on_done.run(());
            }
        };
        tick();
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    });
    let parts = move || {
        remaining.get().map(|s| {
            let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
            (d.to_string(), h.to_string(), m.to_string(), sec.to_string())
        })
    };
    view! {
        <p class="countdown" role="timer" aria-live="off">
            {move || parts().map(|(d, h, m, s)| t!(i18n, results.countdown, days = d, hours = h, minutes = m, seconds = s))}
        </p>
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
        assert_eq!(utc_parts(1_709_164_800_000 + 23 * 3_600_000 + 59 * 60_000), (2024, 2, 29, 23, 59));
        assert_eq!(utc_parts(1_798_761_599_000), (2026, 12, 31, 23, 59));
        assert_eq!(utc_parts(-60_000), (1969, 12, 31, 23, 59));
    }

    #[test]
    fn the_zone_is_named_by_its_city_and_utc_is_not_named_twice() {
        assert_eq!(zone_city("Europe/Paris").as_deref(), Some("Paris"));
        assert_eq!(zone_city("America/Port_of_Spain").as_deref(), Some("Port of Spain"));
        assert_eq!(zone_city("America/Argentina/Buenos_Aires").as_deref(), Some("Buenos Aires"));
        assert_eq!(zone_city("UTC"), None);
        assert_eq!(zone_city("Etc/UTC"), None);
        assert_eq!(zone_city("Etc/GMT"), None);
    }
}
