use leptos::prelude::*;

use super::AppError;
use crate::domain::AccountResults;

/// The signed-in candidate's results, or [`AppError::NotSignedIn`].
#[server(endpoint = "my_results")]
pub async fn my_results() -> Result<AccountResults, AppError> {
    super::adapter::call(crate::server::results::my_results).await
}

/// The waiting page, instead of warning that the session will end: keeps
/// the candidate signed in while their results are due soon (`true`), or
/// leaves the session alone (`false`).
#[server(endpoint = "keep_waiting")]
pub async fn keep_waiting() -> Result<bool, AppError> {
    super::adapter::call(crate::server::release::keep_waiting).await
}
