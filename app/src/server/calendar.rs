//! The release time as a calendar event, for the candidate's own calendar.

use icalendar::{Calendar, Component, Event, EventLike};

use super::accounts::entry_of;
use super::sessions::require_candidate;
use super::{AppState, Caller, ServiceResult, tokens};
use crate::i18n::td_string;

/// The signed-in caller's release as an `.ics` file: one event at the
/// release time, in UTC (every calendar shows it in its own zone), in the
/// candidate's language. Its UID is the same for the same entry every
/// time, so adding it again after a change of release time updates it
/// rather than adding a second one; it is derived from the ID Number
/// without showing it.
///
/// # Errors
/// [`crate::server::ServiceError::NotSignedIn`] or
/// [`crate::server::ServiceError::Unexpected`].
pub async fn release_calendar(state: &AppState, caller: &Caller) -> ServiceResult<String> {
    let account = require_candidate(state, caller).await?;
    let id_number = crate::server::exams::first_of(&state.db, account).await?;
    let entry = entry_of(&state.db, &id_number).await?;
    let locale = caller.locale;
    let link = state.settings.link(crate::routes::RESULTS);
    let host = url::Url::parse(&state.settings.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let summary = td_string!(locale, calendar.summary, exam = &entry.exam);
    let description = td_string!(locale, calendar.description, id = &id_number, link = &link);
    let uid = format!("release-{}@{host}", &tokens::hash(&id_number)[..32]);
    let event = Event::new()
        .uid(&uid)
        .summary(&summary)
        .description(&description)
        .url(&link)
        .starts(entry.results_release_at)
        .ends(entry.results_release_at + chrono::Duration::minutes(30))
        .done();
    Ok(Calendar::new()
        .name(td_string!(locale, site.name))
        .push(event)
        .done()
        .to_string())
}
