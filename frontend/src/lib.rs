//! The WASM entry point. The pages are rendered on the server; only the
//! islands (the forms with their instant validation, the countdown and
//! local release time, the idle-session warning) are hydrated here.

// Links the app crate, whose islands export their hydration functions to
// the JavaScript loader; nothing here names them.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
