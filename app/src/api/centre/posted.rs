//! The portal's form posts. Each reads its fields, asks its service and
//! answers through [`PostedPage`]: the page again around the outcome, or
//! a redirect once signed in or out.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::upload_form::UploadForm;
use super::{
    ImportDone, InviteAnswer, PostedRefusal, ReleaseAnswer, SecretAnswer, ShownRecoveryCodes,
    UploadAnswer,
};
use crate::api::cookies::{Holder, with_session};
use crate::api::files::file;
use crate::api::posted::PostedPage;
use crate::api::refusal::Refused;
use crate::routes::centre;
use crate::server::sessions::NewSession;
use crate::server::staff::release_times::ExamSession;
use crate::server::staff::uploads::{self, Imported};
use crate::server::staff::{candidates, invitations, log, release_times, second_factor, sessions};
use crate::server::{AppState, Caller, ServiceError};

#[derive(Deserialize)]
pub struct LoginFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /centre/login`: the password step.
pub async fn login(page: PostedPage, Form(f): Form<LoginFields>) -> Response {
    match sessions::sign_in(page.state(), &page.caller, &f.email, f.password).await {
        Ok(session) => signed_in(page.state(), session, centre::SECOND_FACTOR),
        Err(e) => {
            page.refuse(e, |error| PostedRefusal {
                error,
                email: f.email,
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct CodeFields {
    #[serde(default)]
    code: String,
}

/// `POST /centre/second-factor`: a code from the app or a recovery code.
/// The first time, the answer shows the recovery codes.
pub async fn second_step(page: PostedPage, Form(f): Form<CodeFields>) -> Response {
    let state = page.state().clone();
    match second_factor::second_step(&state, &page.caller, &f.code).await {
        Ok(done) if done.recovery_codes.is_empty() => signed_in(&state, done.session, centre::HOME),
        Ok(done) => {
            let res = page
                .render(ShownRecoveryCodes(done.recovery_codes), StatusCode::OK)
                .await;
            with_session(&state.settings, Holder::Staff, res, done.session)
        }
        Err(e) => {
            page.refuse(e, |error| PostedRefusal {
                error,
                email: String::new(),
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct InvitationFields {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm_password: String,
}

/// `POST /centre/invitation`: the password chosen through the link.
pub async fn invitation(page: PostedPage, Form(f): Form<InvitationFields>) -> Response {
    let accepted = invitations::accept(
        page.state(),
        &page.caller,
        &f.token,
        &f.password,
        &f.confirm_password,
    )
    .await;
    match accepted {
        Ok(()) => Redirect::to(&format!("{}?invited=done", centre::LOGIN)).into_response(),
        Err(e) => {
            page.refuse(e, |error| PostedRefusal {
                error,
                email: String::new(),
            })
            .await
        }
    }
}

/// `POST /centre/sign-out`.
pub async fn sign_out(State(state): State<AppState>, caller: Caller) -> Response {
    if let Err(e) = sessions::sign_out(&state, &caller).await {
        return Refused::new(e, &caller, centre::LOGIN).into_response();
    }
    let ended = NewSession {
        token: String::new(),
        lifetime: chrono::Duration::zero(),
    };
    let to = Redirect::to(&format!("{}?signed_out=done", centre::LOGIN)).into_response();
    with_session(&state.settings, Holder::Staff, to, ended)
}

/// `POST /centre/upload`: a file and its kind, answered with its preview.
/// Writes no entry or result.
pub async fn upload(page: PostedPage, UploadForm(form): UploadForm) -> Response {
    let outcome = match form {
        Ok(f) => uploads::check_upload(page.state(), &page.caller, f.kind, &f.name, f.data).await,
        Err(problem) => Err(problem),
    };
    let importable = |p: &crate::domain::UploadPreview| {
        if p.can_import() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        }
    };
    page.answer_with(outcome, importable, UploadAnswer).await
}

#[derive(Deserialize)]
pub struct ImportFields {
    #[serde(default)]
    upload: String,
}

/// `POST /centre/import`: imports the file previewed, all or nothing; the
/// answer is the upload page with what was imported, or why not.
pub async fn import(page: PostedPage, Form(f): Form<ImportFields>) -> Response {
    let page = page.at(centre::UPLOAD);
    match uploads::import_upload(page.state(), &page.caller, &f.upload).await {
        Ok(Imported::Done(summary)) => page.render(ImportDone(summary), StatusCode::OK).await,
        Ok(Imported::Refused(preview)) => {
            page.render(UploadAnswer(Ok(preview)), StatusCode::CONFLICT)
                .await
        }
        Err(e) => page.answer(Err(e), UploadAnswer).await,
    }
}

#[derive(Deserialize)]
pub struct SecretFields {
    #[serde(default)]
    id_number: String,
}

/// `POST /centre/candidates/secret`: a new Secret Number, shown once on
/// the candidates page.
pub async fn secret(page: PostedPage, Form(f): Form<SecretFields>) -> Response {
    let page = page.at(centre::CANDIDATES);
    let outcome = candidates::reissue_secret(page.state(), &page.caller, &f.id_number).await;
    page.answer(outcome, SecretAnswer).await
}

#[derive(Deserialize)]
pub struct ReleaseFields {
    #[serde(default)]
    exam: String,
    #[serde(default)]
    exam_date: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    release_at: String,
}

/// `POST /centre/release`: moves one exam session's release time.
pub async fn release(page: PostedPage, Form(f): Form<ReleaseFields>) -> Response {
    let outcome = match ExamSession::parse(&f.exam, &f.exam_date, &f.current) {
        Some(session) => {
            release_times::change(page.state(), &page.caller, &session, &f.release_at).await
        }
        None => Err(ServiceError::NotFound),
    };
    let session = (f.exam, f.exam_date, f.current);
    page.answer(outcome, |outcome| ReleaseAnswer {
        outcome,
        session,
        typed: f.release_at,
    })
    .await
}

#[derive(Deserialize)]
pub struct InviteFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
}

/// `POST /centre/invite`: an admin invites a colleague; the answer is
/// the portal's home page.
pub async fn invite(page: PostedPage, Form(f): Form<InviteFields>) -> Response {
    let page = page.at(centre::HOME);
    let invited = invitations::invite_colleague(page.state(), &page.caller, &f.email, &f.language)
        .await
        .map(|i| i.email);
    page.answer(invited, |outcome| InviteAnswer {
        outcome,
        email: f.email,
    })
    .await
}

/// `GET /centre/audit.csv`: the centre's whole log, oldest first.
pub async fn audit_csv(State(state): State<AppState>, caller: Caller) -> Response {
    match log::csv(&state, &caller).await {
        Ok(export) => file("text/csv; charset=utf-8", &export.file_name, export.csv),
        Err(e) => Refused::new(e, &caller, centre::LOGIN).into_response(),
    }
}

/// A session just started: its cookie, and on to `to`.
fn signed_in(state: &AppState, session: NewSession, to: &str) -> Response {
    with_session(
        &state.settings,
        Holder::Staff,
        Redirect::to(to).into_response(),
        session,
    )
}
