use leptos::prelude::*;

use super::AppError;
use crate::domain::{MyData, RetentionPeriods};

/// How long each kind of record is kept, for the privacy page.
#[server(endpoint = "privacy_periods")]
pub async fn privacy_periods() -> Result<RetentionPeriods, AppError> {
    super::adapter::call(async |state, _| {
        Ok(crate::server::privacy::retention_periods(&state.settings))
    })
    .await
}

/// A copy of everything kept about the signed-in candidate, as a JSON file
/// (the current password is asked again).
#[server(endpoint = "download_my_data")]
pub async fn download_my_data(current_password: String) -> Result<MyData, AppError> {
    use super::adapter::{Form, attach_as_file};
    let form = Form::<DownloadMyData>::back_to(crate::routes::ACCOUNT);
    let data = form
        .call(async |state, caller| {
            crate::server::privacy::my_data(state, caller, current_password).await
        })
        .await?;
    let first = data
        .exams
        .first()
        .map_or("data", |e| e.entry.id_number.as_str());
    attach_as_file(&format!("results-online-{first}.json"));
    Ok(data)
}

/// Deletes the signed-in candidate's account (the current password is asked
/// again) and signs them out.
#[server(endpoint = "delete_account")]
pub async fn delete_account(current_password: String) -> Result<(), AppError> {
    use super::adapter::{Form, clear_session, redirect};
    Form::<DeleteAccount>::back_to(crate::routes::ACCOUNT)
        .call(async |state, caller| {
            crate::server::privacy::delete_account(state, caller, current_password).await
        })
        .await?;
    clear_session();
    redirect(&format!("{}?session=deleted", crate::routes::LOGIN));
    Ok(())
}
