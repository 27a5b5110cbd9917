//! `/results/statement.pdf`: the signed-in candidate's Statement of
//! Results. A plain route: a file fetched by a link.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::files::file;
use super::refusal::Refused;
use crate::server::statement::statement;
use crate::server::{AppState, Caller};

/// Answers the signed-in candidate with their statement, or 404 before the release.
pub async fn statement_pdf(State(state): State<AppState>, caller: Caller) -> Response {
    match statement(&state, &caller).await {
        Ok(statement) => file("application/pdf", &statement.file_name, statement.pdf),
        Err(error) => Refused::new(error, &caller, crate::routes::LOGIN).into_response(),
    }
}
