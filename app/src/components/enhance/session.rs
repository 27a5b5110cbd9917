//! The warning before an idle session ends, once the browser runs. The
//! server renders the dialog hidden, for a signed-in candidate only, with
//! the idle timeout; the server's timeout stays the authority.
//!
//! On a page waiting for the release, the warning's moment asks the server
//! to keep the candidate signed in instead (`keep_waiting`): the server
//! agrees only while the results are due within a few hours, and then the
//! count simply starts again. Otherwise the warning shows as on any page.

use std::cell::Cell;
use std::rc::Rc;

use server_fn::ServerFn;

use super::dom::{after, attr, by_id, cancel, focus, go_to, on};
use crate::api::{KeepAlive, KeepWaiting, Logout};

use super::markers::WARN_BEFORE_SECONDS;

/// The idle timeout and the two timers counting it.
struct Idle {
    seconds: i64,
    timers: Cell<(Option<i32>, Option<i32>)>,
}

thread_local! {
    static IDLE: std::cell::RefCell<Option<Rc<Idle>>> = const { std::cell::RefCell::new(None) };
}

pub fn start() {
    let Some(dialog) = by_id("session-warning") else {
        return;
    };
    let Some(seconds) = attr(&dialog, "data-idle-seconds").and_then(|s| s.parse::<i64>().ok())
    else {
        return;
    };
    let idle = Rc::new(Idle {
        seconds,
        timers: Cell::new((None, None)),
    });
    IDLE.with(|cell| *cell.borrow_mut() = Some(idle.clone()));
    restart(&idle);
    if let Some(stay) = by_id("stay-signed-in") {
        let idle = idle.clone();
        on(&stay, "click", move |_| {
            let idle = idle.clone();
            leptos::task::spawn_local(async move {
                // The request is activity: the server restarts its own clock.
                match super::send::post_nothing(KeepAlive::PATH).await {
                    Some(status) if (200..300).contains(&status) => restart(&idle),
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
                go_to(crate::routes::LOGIN);
            });
        });
    }
}

/// The page made a request the server counts as activity: count again.
pub fn activity() {
    if let Some(idle) = IDLE.with(|cell| cell.borrow().clone()) {
        restart(&idle);
    }
}

fn restart(idle: &Rc<Idle>) {
    let (warn, end) = idle.timers.take();
    cancel(warn);
    cancel(end);
    set_hidden(true);
    let again = idle.clone();
    let warn = after(
        (idle.seconds - WARN_BEFORE_SECONDS).max(0) * 1000,
        move || warn_or_keep_waiting(again),
    );
    idle.timers.set((warn, after(idle.seconds * 1000, ended)));
}

fn warn_or_keep_waiting(idle: Rc<Idle>) {
    let waiting = leptos::prelude::document()
        .query_selector("[data-left-ms]")
        .ok()
        .flatten()
        .is_some();
    if !waiting {
        return warn();
    }
    leptos::task::spawn_local(async move {
        match super::send::post_empty(KeepWaiting::PATH).await {
            Some((200, kept)) if kept.trim() == "true" => restart(&idle),
            Some((401, _)) => ended(),
            _ => warn(),
        }
    });
}

fn warn() {
    set_hidden(false);
    focus("stay-signed-in");
}

fn set_hidden(hidden: bool) {
    if let Some(dialog) = by_id("session-warning") {
        let _ = if hidden {
            dialog.set_attribute("hidden", "")
        } else {
            dialog.remove_attribute("hidden")
        };
    }
}

/// The session has ended: a full page load of the login page, which says
/// why, so nothing of the signed-in page stays on screen.
fn ended() {
    go_to(&format!("{}?session=idle", crate::routes::LOGIN));
}
