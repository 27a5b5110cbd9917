//! `/results/statement.pdf`: the signed-in candidate's Statement of
//! Results. A plain route: a file fetched by a link.

use axum::extract::{Request, State};
use axum::response::Response;

use super::adapter::caller_from;
use super::files::{file, refusal};
use crate::server::AppState;
use crate::server::statement::statement;

/// The address the results page links to.
pub const PATH: &str = crate::domain::STATEMENT_PATH;

/// Answers the signed-in candidate with their statement, or 404 before the release.
pub async fn statement_pdf(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let caller = caller_from(&state, &parts);
    match statement(&state, &caller).await {
        Ok(statement) => file("application/pdf", &statement.file_name, statement.pdf),
        Err(error) => refusal(error, caller.locale),
    }
}
