//! The warning before an idle session ends, once the browser runs. The
//! server renders the dialog hidden, for a signed-in candidate only, with
//! the idle timeout; the server's timeout stays the authority.

use std::cell::Cell;
use std::rc::Rc;

use server_fn::ServerFn;

use super::dom::{after, attr, by_id, cancel, focus, go_to, on};
use crate::api::{KeepAlive, Logout};

use super::WARN_BEFORE_SECONDS;

pub fn start() {
    let Some(dialog) = by_id("session-warning") else { return };
    let Some(idle) = attr(&dialog, "data-idle-seconds").and_then(|s| s.parse::<i64>().ok()) else { return };
    let timers = Rc::new(Cell::new((None, None)));
    let restart = {
        let timers = timers.clone();
        move || {
            let (warn, end) = timers.take();
            cancel(warn);
            cancel(end);
            set_hidden(true);
            let warn = after((idle - WARN_BEFORE_SECONDS).max(0) * 1000, || {
                set_hidden(false);
                focus("stay-signed-in");
            });
            timers.set((warn, after(idle * 1000, ended)));
        }
    };
    restart();
    if let Some(stay) = by_id("stay-signed-in") {
        let restart = Rc::new(restart);
        on(&stay, "click", move |_| {
            let restart = restart.clone();
            leptos::task::spawn_local(async move {
                // The request is activity: the server restarts its own clock.
                match super::send::post_nothing(KeepAlive::PATH).await {
                    Some(status) if (200..300).contains(&status) => restart(),
                    Some(401) => ended(),
                    _ => {}
                }
            });
        });
    }
    if let Some(leave) = by_id("leave-now") {
        on(&leave, "click", move |_| {
            leptos::task::spawn_local(async move {
                let _ = super::send::post_nothing(Logout::PATH).await;
                go_to("/login");
            });
        });
    }
}

fn set_hidden(hidden: bool) {
    if let Some(dialog) = by_id("session-warning") {
        let _ = if hidden { dialog.set_attribute("hidden", "") } else { dialog.remove_attribute("hidden") };
    }
}

/// The session has ended: a full page load of the login page, which says
/// why, so nothing of the signed-in page stays on screen.
fn ended() {
    go_to("/login?session=idle");
}
