//! `/results/release.ics`: the release time as a calendar event. A plain
//! route, not a server function: a calendar file is fetched by a link,
//! with a name and type of its own.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::files::file;
use super::refusal::Refused;
use crate::server::calendar::release_calendar;
use crate::server::{AppState, Caller};

/// Answers the signed-in candidate with their release as an `.ics` file.
pub async fn release_ics(State(state): State<AppState>, caller: Caller) -> Response {
    match release_calendar(&state, &caller).await {
        Ok(ics) => file("text/calendar; charset=utf-8", "results-release.ics", ics),
        Err(error) => Refused::new(error, &caller, crate::routes::LOGIN).into_response(),
    }
}
