use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// The warning before an idle session ends, for a signed-in candidate:
/// drawn hidden by the server, shown by the browser two minutes before the
/// idle timeout (`enhance`), with one button to stay signed in. The
/// server's idle timeout is the authority; this only makes it visible.
#[component]
pub fn SessionTimeout(idle_timeout_seconds: i64) -> impl IntoView {
    let i18n = use_i18n();
    let minutes = (super::enhance::WARN_BEFORE_SECONDS / 60).to_string();
    view! {
        <div class="session-warning" id="session-warning" role="alertdialog" aria-labelledby="session-warning-title"
            aria-describedby="session-warning-text" hidden=true data-idle-seconds=idle_timeout_seconds.to_string()>
            <h2 id="session-warning-title">{t!(i18n, session.warning_title)}</h2>
            <p id="session-warning-text">{t!(i18n, session.warning, minutes = minutes)}</p>
            <button type="button" class="button" id="stay-signed-in">{t!(i18n, session.stay)}</button>
            " "
            <button type="button" class="button secondary" id="leave-now">{t!(i18n, session.leave)}</button>
        </div>
    }
}
