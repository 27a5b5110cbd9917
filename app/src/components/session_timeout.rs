use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::{AppError, KeepAlive, Logout, SessionState};
use crate::i18n::{t, use_i18n};

/// How long before the idle timeout the warning appears: time enough to
/// read it and answer (WCAG 2.2.1 asks for at least 20 seconds).
const WARN_BEFORE_SECONDS: i64 = 120;

/// Warns a signed-in candidate before an idle session ends and lets them
/// stay signed in with one button; when it has ended, takes them to the
/// login page, which says why. The server's idle timeout is the authority;
/// this only makes it visible.
#[component]
pub fn SessionTimeout(#[prop(into)] session: Signal<Option<SessionState>>) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let warning = RwSignal::new(false);
    let keep_alive = ServerAction::<KeepAlive>::new();
    let logout = ServerAction::<Logout>::new();
    // Restarted by every page the candidate opens and by "stay signed in":
    // both are requests the server counts as activity.
    let restarts = RwSignal::new(0u32);
    Effect::new(move |_| {
        location.pathname.track();
        restarts.track();
        let Some(SessionState { signed_in: true, idle_timeout_seconds }) = session.get() else { return };
        warning.set(false);
        let warn_after = (idle_timeout_seconds - WARN_BEFORE_SECONDS).max(0);
        let secs = |s: i64| Duration::from_secs(u64::try_from(s).unwrap_or_default());
        let warn = set_timeout_with_handle(
            move || {
                warning.set(true);
                request_animation_frame(|| super::focus("stay-signed-in"));
            },
            secs(warn_after),
        );
        let end = set_timeout_with_handle(ended, secs(idle_timeout_seconds));
        on_cleanup(move || {
            if let Ok(h) = warn {
                h.clear();
            }
            if let Ok(h) = end {
                h.clear();
            }
        });
    });
    Effect::new(move |_| match keep_alive.value().get() {
        Some(Ok(())) => restarts.update(|n| *n += 1),
        Some(Err(AppError::NotSignedIn)) => ended(),
        _ => {}
    });
    let minutes = (WARN_BEFORE_SECONDS / 60).to_string();
    move || {
        warning.get().then(|| {
            let minutes = minutes.clone();
            view! {
                <div class="session-warning" role="alertdialog" aria-labelledby="session-warning-title" aria-describedby="session-warning-text">
                    <h2 id="session-warning-title">{t!(i18n, session.warning_title)}</h2>
                    <p id="session-warning-text">{t!(i18n, session.warning, minutes = minutes)}</p>
                    <button type="button" class="button" id="stay-signed-in" on:click=move |_| {
                        keep_alive.dispatch(KeepAlive {});
                    }>{t!(i18n, session.stay)}</button>
                    " "
                    <button type="button" class="button secondary" on:click=move |_| {
                        logout.dispatch(Logout {});
                    }>{t!(i18n, session.leave)}</button>
                </div>
            }
        })
    }
}

/// The session has ended: a full page
/// load of the login page, so nothing of the signed-in page stays on screen.
fn ended() {
    let _ = window().location().set_href("/login?session=idle");
}
