//! Times shown in the browser's own time zone. The server renders UTC; once
//! the WASM runs, the browser's clock and zone take over.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// `when` formatted in the browser's time zone with the zone named, or
/// `None` until the page has hydrated (the server cannot know the zone).
fn local_text(when_ms: i64) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsValue;
        let options = js_sys::Object::new();
        for (k, v) in [
            ("weekday", "long"),
            ("day", "numeric"),
            ("month", "long"),
            ("year", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("timeZoneName", "long"),
        ] {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        let date = js_sys::Date::new(&JsValue::from_f64(when_ms as f64));
        date.to_locale_string("en-GB", &options).as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = when_ms;
        None
    }
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

/// "<local time with zone> (<UTC>)" once hydrated, "<UTC>" before.
#[component]
pub fn LocalDateTime(when_ms: i64, utc_text: String) -> impl IntoView {
    let local = RwSignal::new(None::<String>);
    Effect::new(move |_| local.set(local_text(when_ms)));
    let iso = utc_text.clone();
    view! {
        <time datetime=iso data-ms=when_ms.to_string()>
            {move || match local.get() {
                Some(l) => format!("{l} ({utc_text})"),
                None => utc_text.clone(),
            }}
        </time>
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
