use leptos::prelude::*;

use super::AppError;
use crate::domain::ResultsView;

/// The signed-in candidate's results, or [`AppError::NotSignedIn`].
#[server(endpoint = "my_results")]
pub async fn my_results() -> Result<ResultsView, AppError> {
    super::adapter::call(crate::server::results::my_results).await
}
