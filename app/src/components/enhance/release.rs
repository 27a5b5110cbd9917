//! The results page before the release, once the browser runs: the release
//! time in the reader's own time zone beside the UTC one the server wrote,
//! and a countdown that loads the page again at zero (the server then
//! shows the scores).

use leptos::prelude::{document, window};
use leptos::wasm_bindgen::JsValue;

use super::dom::{attr, every, fill};
use crate::components::time::zone_city;
use crate::i18n::Locale;

pub fn start(locale: Locale) {
    if let Ok(Some(time)) = document().query_selector("time[data-local-time]")
        && let Some(ms) = attr(&time, "data-ms").and_then(|m| m.parse::<f64>().ok())
    {
        let utc = time.text_content().unwrap_or_default();
        if let Some(text) = local_and_utc(&time, locale, ms, utc.trim()) {
            time.set_text_content(Some(&text));
        }
    }
    if let Ok(Some(timer)) = document().query_selector("[data-until]") {
        let Some(until) = attr(&timer, "data-until").and_then(|m| m.parse::<f64>().ok()) else { return };
        let words = attr(&timer, "data-template").unwrap_or_default();
        let mut reloaded = false;
        let mut tick = move || {
            let left = ((until - js_sys::Date::now()) / 1000.0).ceil().max(0.0) as i64;
            let (d, h, m, s) = (left / 86_400, left % 86_400 / 3600, left % 3600 / 60, left % 60);
            let text = fill(&words, &[("days", &d.to_string()), ("hours", &h.to_string()), ("minutes", &m.to_string()), ("seconds", &s.to_string())]);
            timer.set_text_content(Some(&text));
            if left == 0 && !std::mem::replace(&mut reloaded, true) {
                let _ = window().location().reload();
            }
        };
        tick();
        every(1000, tick);
    }
}

/// "Sunday 12 July 2026 at 10:00 (Paris time), that is 12 July 2026 at
/// 08:00 UTC", from the browser's clock settings.
/// The server wrote the sentences, with `{placeholders}`, on the element.
fn local_and_utc(time: &leptos::web_sys::Element, locale: Locale, ms: f64, utc: &str) -> Option<String> {
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
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    let day: String = date.to_locale_date_string(tag, &options(&[("weekday", "long"), ("day", "numeric"), ("month", "long"), ("year", "numeric")])).into();
    let time_of_day: String =
        date.to_locale_time_string_with_options(tag, &options(&[("hour", "2-digit"), ("minute", "2-digit"), ("hourCycle", "h23")])).into();
    let zone = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    let zone = js_sys::Reflect::get(&zone, &JsValue::from_str("timeZone")).ok().and_then(|z| z.as_string()).unwrap_or_default();
    // In UTC the server's wording says it all.
    let city = zone_city(&zone)?;
    // French elides before a vowel: "heure d'Amsterdam".
    let vowel = city.chars().next().is_some_and(|c| "AEIOUYÉÈaeiouy".contains(c));
    let zone = fill(&attr(time, if vowel { "data-zone-vowel" } else { "data-zone" })?, &[("city", &city)]);
    let local = fill(&attr(time, "data-local")?, &[("date", &day), ("time", &time_of_day), ("zone", &zone)]);
    Some(fill(&attr(time, "data-both")?, &[("local", &local), ("utc", utc)]))
}
