//! The results page before the release, once the browser runs: the release
//! time in the reader's own time zone beside the UTC one the server wrote,
//! and a countdown on the server's clock. At zero the page waits a random
//! part of the server's spread, then asks for the results page and shows
//! its content without a reload; it never asks in a loop: each further ask
//! waits what the server said (the time left, or `Retry-After`), at least
//! a few seconds, plus its own random part.

use std::cell::Cell;

use leptos::prelude::{document, window};
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{DomParser, HtmlElement, SupportedType};

use super::dom::{attr, by_id, every, fill, go_to};
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
    let Ok(Some(timer)) = document().query_selector("[data-left-ms]") else {
        return;
    };
    let Some(left_ms) = attr(&timer, "data-left-ms").and_then(|m| m.parse::<f64>().ok()) else {
        return;
    };
    let spread_ms = attr(&timer, "data-spread-ms")
        .and_then(|m| m.parse::<f64>().ok())
        .unwrap_or(0.0)
        .max(0.0);
    let words = attr(&timer, "data-template").unwrap_or_default();
    // The server's count, run on this page's elapsed time: a browser clock
    // that is wrong by any amount is wrong by the same amount at both ends.
    let deadline = js_sys::Date::now() + left_ms;
    let asked = Cell::new(false);
    let tick = move || {
        if asked.get() {
            return;
        }
        let left = ((deadline - js_sys::Date::now()) / 1000.0).ceil().max(0.0) as i64;
        let (d, h, m, s) = (
            left / 86_400,
            left % 86_400 / 3600,
            left % 3600 / 60,
            left % 60,
        );
        let text = fill(
            &words,
            &[
                ("days", &d.to_string()),
                ("hours", &h.to_string()),
                ("minutes", &m.to_string()),
                ("seconds", &s.to_string()),
            ],
        );
        timer.set_text_content(Some(&text));
        if left == 0 {
            asked.set(true);
            say("data-ready");
            leptos::task::spawn_local(ask_until_shown(spread_ms));
        }
    };
    tick();
    every(1000, tick);
}

/// Never ask again sooner than this, whatever an answer says.
const MIN_WAIT_MS: f64 = 5_000.0;
/// After a failure with no advice from the server, the wait doubles from
/// this up to [`MAX_FAILURE_WAIT_MS`].
const FIRST_FAILURE_WAIT_MS: f64 = 10_000.0;
const MAX_FAILURE_WAIT_MS: f64 = 300_000.0;

/// What asking for the results page gave.
enum Asked {
    /// The released (or not yet loaded) results: the new `<main>`.
    Shown(String),
    /// Still to come, this many milliseconds from now by the server's clock.
    Pending(f64),
    /// The server asked us to come back after this many seconds (503).
    Busy(f64),
    /// The session has ended: the login page says why.
    SignedOut(String),
    Failed,
}

/// Waits a random part of the spread (full jitter), asks, and keeps asking
/// as the answers say (never sooner than [`MIN_WAIT_MS`]) until the results
/// are on the page, which then shows them without a reload.
async fn ask_until_shown(spread_ms: f64) {
    let jitter = move || js_sys::Math::random() * spread_ms;
    let mut wait = jitter();
    let mut failure_wait = FIRST_FAILURE_WAIT_MS;
    loop {
        sleep(wait).await;
        wait = match ask().await {
            Asked::Shown(main) => return show(&main),
            Asked::SignedOut(to) => return go_to(&to),
            Asked::Pending(left_ms) => {
                say("data-again");
                left_ms.max(MIN_WAIT_MS) + jitter()
            }
            Asked::Busy(seconds) => (seconds * 1000.0).max(MIN_WAIT_MS) + jitter(),
            Asked::Failed => {
                failure_wait = (failure_wait * 2.0).min(MAX_FAILURE_WAIT_MS);
                failure_wait / 2.0 + jitter()
            }
        };
    }
}

async fn ask() -> Asked {
    let Some(answer) = super::send::get_page_answer(crate::routes::RESULTS).await else {
        return Asked::Failed;
    };
    if let Some(to) = answer
        .redirected_to
        .filter(|to| to.split('?').next() != Some(crate::routes::RESULTS))
    {
        return Asked::SignedOut(to);
    }
    match answer.status {
        503 => return Asked::Busy(answer.retry_after.unwrap_or(MIN_WAIT_MS / 1000.0)),
        200 => {}
        _ => return Asked::Failed,
    }
    let Some(page) = DomParser::new().ok().and_then(|p| {
        p.parse_from_string(&answer.body, SupportedType::TextHtml)
            .ok()
    }) else {
        return Asked::Failed;
    };
    if let Ok(Some(timer)) = page.query_selector("[data-left-ms]") {
        return Asked::Pending(
            attr(&timer, "data-left-ms")
                .and_then(|m| m.parse().ok())
                .unwrap_or(MIN_WAIT_MS),
        );
    }
    match page.get_element_by_id("main") {
        Some(main) => Asked::Shown(main.inner_html()),
        None => Asked::Failed,
    }
}

/// Puts the new page's content in place of the waiting one and moves focus
/// to its first heading, so that a screen reader reads the results.
fn show(main: &str) {
    let Some(here) = by_id("main") else { return };
    here.set_inner_html(main);
    // One at a time: a selector list would give the first in the page.
    let heading = ["#scores-title", "h1"]
        .iter()
        .find_map(|selector| here.query_selector(selector).ok().flatten());
    if let Some(heading) = heading {
        let _ = heading.set_attribute("tabindex", "-1");
        if let Ok(heading) = heading.dyn_into::<HtmlElement>() {
            let _ = heading.focus();
        }
    }
    // The request was activity: the idle warning starts its count again.
    super::session::activity();
}

/// Shows the status line's sentence held in `which`.
fn say(which: &str) {
    if let Some(status) = by_id("release-status") {
        let text = attr(&status, which).unwrap_or_default();
        status.set_text_content(Some(&text));
    }
}

async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            ms.clamp(0.0, f64::from(i32::MAX)) as i32,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// "Sunday 12 July 2026 at 10:00 (Paris time), that is 12 July 2026 at
/// 08:00 UTC", from the browser's clock settings.
/// The server wrote the sentences, with `{placeholders}`, on the element.
fn local_and_utc(
    time: &leptos::web_sys::Element,
    locale: Locale,
    ms: f64,
    utc: &str,
) -> Option<String> {
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
    let day: String = date
        .to_locale_date_string(
            tag,
            &options(&[
                ("weekday", "long"),
                ("day", "numeric"),
                ("month", "long"),
                ("year", "numeric"),
            ]),
        )
        .into();
    let time_of_day: String = date
        .to_locale_time_string_with_options(
            tag,
            &options(&[
                ("hour", "2-digit"),
                ("minute", "2-digit"),
                ("hourCycle", "h23"),
            ]),
        )
        .into();
    let zone = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    let zone = js_sys::Reflect::get(&zone, &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_default();
    // In UTC the server's wording says it all.
    let city = zone_city(&zone)?;
    // French elides before a vowel: "heure d'Amsterdam".
    let vowel = city
        .chars()
        .next()
        .is_some_and(|c| "AEIOUYÉÈaeiouy".contains(c));
    let zone = fill(
        &attr(
            time,
            if vowel {
                "data-zone-vowel"
            } else {
                "data-zone"
            },
        )?,
        &[("city", &city)],
    );
    let local = fill(
        &attr(time, "data-local")?,
        &[("date", &day), ("time", &time_of_day), ("zone", &zone)],
    );
    Some(fill(
        &attr(time, "data-both")?,
        &[("local", &local), ("utc", utc)],
    ))
}
