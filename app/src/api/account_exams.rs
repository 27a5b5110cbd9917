//! Adding an exam to the signed-in candidate's account, and removing one.

use leptos::prelude::*;

use super::AppError;
use crate::domain::ExamAdded;

/// Adds the exam these numbers prove to the account; `other_password` is
/// that of the exam's own account, when it has one (the two then join).
#[server(endpoint = "add_exam")]
pub async fn add_exam(
    id_number: String,
    secret_number: String,
    other_password: String,
) -> Result<ExamAdded, AppError> {
    use super::adapter::{Form, redirect};
    use crate::domain::ExamToAdd;
    use crate::server::ServiceError;
    let form = Form::<AddExam>::back_to(crate::routes::ACCOUNT).keep("id_number", &id_number);
    let added = form
        .call(async |state, caller| {
            let exam =
                ExamToAdd::parse(&id_number, &secret_number).map_err(ServiceError::Invalid)?;
            crate::server::account_exams::add_exam(state, caller, exam, other_password).await
        })
        .await?;
    let done = if added.joined {
        "exam_joined"
    } else {
        "exam_added"
    };
    redirect(&format!("{}?done={done}", crate::routes::ACCOUNT));
    Ok(added)
}

/// Removes the exam `exam` (its ID Number) from the account; the current
/// password is asked again.
#[server(endpoint = "remove_exam")]
pub async fn remove_exam(exam: String, current_password: String) -> Result<(), AppError> {
    use super::adapter::{Form, redirect};
    Form::<RemoveExam>::back_to(crate::routes::ACCOUNT)
        .call(async |state, caller| {
            crate::server::account_exams::remove_exam(state, caller, &exam, current_password).await
        })
        .await?;
    redirect(&format!("{}?done=exam_removed", crate::routes::ACCOUNT));
    Ok(())
}
