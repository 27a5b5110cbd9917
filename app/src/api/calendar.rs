//! `/results/release.ics`: the release time as a calendar event, to add to
//! the candidate's own calendar. A plain route, not a server function: a
//! calendar file is fetched by a link, with a name and type of its own.

use axum::extract::{Request, State};
use axum::response::Response;
use icalendar::{Calendar, Component, Event, EventLike};

use super::adapter::caller_from;
use super::files::{file, refusal};
use crate::i18n::td_string;
use crate::server::release::{Reminder, reminder};
use crate::server::{AppState, texts::plain, tokens};

/// The address the results page links to.
pub const PATH: &str = crate::domain::RELEASE_CALENDAR_PATH;

/// Answers the signed-in candidate with their release as an `.ics` file.
pub async fn release_calendar(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let caller = caller_from(&state, &parts);
    match reminder(&state, &caller).await {
        Ok(reminder) => {
            let host = url::Url::parse(&state.settings.public_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            file(
                "text/calendar; charset=utf-8",
                "results-release.ics",
                calendar(&reminder, &host),
            )
        }
        Err(error) => refusal(error, caller.locale),
    }
}

/// One event at the release time, in UTC (every calendar shows it in its
/// own zone). Its UID is the same for the same entry every time, so adding
/// it again after a change of release time updates it rather than adding a
/// second one; it is derived from the ID Number without showing it.
pub fn calendar(reminder: &Reminder, host: &str) -> String {
    let locale = reminder.locale;
    let exam = reminder.exam.clone();
    let (id, link) = (reminder.id_number.clone(), reminder.link.clone());
    let summary = plain(crate::i18n::td!(
        locale,
        calendar.summary,
        exam = move || exam.clone()
    )());
    let description = plain(crate::i18n::td!(
        locale,
        calendar.description,
        id = move || id.clone(),
        link = move || link.clone()
    )());
    let uid = format!(
        "release-{}@{host}",
        &tokens::hash(&reminder.id_number)[..32]
    );
    let event = Event::new()
        .uid(&uid)
        .summary(&summary)
        .description(&description)
        .url(&reminder.link)
        .starts(reminder.release_at)
        .ends(reminder.release_at + chrono::Duration::minutes(30))
        .done();
    Calendar::new()
        .name(td_string!(locale, site.name))
        .push(event)
        .done()
        .to_string()
}
