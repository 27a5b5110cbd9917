//! The centre portal's answers. Its pages read what they show through the
//! server functions below; its forms are plain posts (they work without
//! JavaScript) to the handlers in `ssr`, which answer with a redirect or
//! with the page drawn again around the outcome.

use leptos::prelude::*;

use super::AppError;
use crate::domain::{
    AuditView, CandidateView, ExamSessionView, ReissuedSecret, ReleaseChanged, SecondStepView,
    StaffView, UploadPreview, UploadSummary,
};

/// A refused post, for the page drawn in answer: the error and the
/// values typed that may be shown again (never a password or a code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedRefusal {
    pub error: AppError,
    pub email: String,
}

/// The recovery codes of an app just added: shown this once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRecoveryCodes(pub Vec<String>);

/// The preview of a file just uploaded (or refused at Import), or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadAnswer(pub Result<UploadPreview, AppError>);

/// A file just imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDone(pub UploadSummary);

/// The signed-in staff member and their centre.
#[server(endpoint = "centre_staff")]
pub async fn centre_staff() -> Result<StaffView, AppError> {
    super::adapter::call(async |state, caller| {
        Ok(crate::server::staff::sessions::require_staff(state, caller)
            .await?
            .view())
    })
    .await
}

/// The second step's page: the app to add, if none yet.
#[server(endpoint = "centre_second_step")]
pub async fn centre_second_step() -> Result<SecondStepView, AppError> {
    super::adapter::call(async |state, caller| ssr::second_step_view(state, caller).await).await
}

/// The address an invitation link is for.
#[server(endpoint = "staff_invitation")]
pub async fn staff_invitation(token: String) -> Result<String, AppError> {
    super::adapter::call(async |state, _| {
        crate::server::staff::invitations::invitation_for(state, &token).await
    })
    .await
}

/// The centre's audit log, newest first.
#[server(endpoint = "centre_audit")]
pub async fn centre_audit() -> Result<Vec<AuditView>, AppError> {
    super::adapter::call(async |state, caller| ssr::audit_view(state, caller).await).await
}

/// The centre's candidates matching `q` (ID Number or name).
#[server(endpoint = "centre_candidates")]
pub async fn centre_candidates(q: String) -> Result<Vec<CandidateView>, AppError> {
    super::adapter::call(async |state, caller| {
        crate::server::staff::candidates::search(state, caller, &q).await
    })
    .await
}

/// The centre's exam sessions and their release times.
#[server(endpoint = "centre_sessions")]
pub async fn centre_sessions() -> Result<Vec<ExamSessionView>, AppError> {
    super::adapter::call(crate::server::staff::release_times::sessions).await
}

/// A Secret Number just re-issued, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretAnswer(pub Result<ReissuedSecret, AppError>);

/// A colleague just invited (their address), or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteAnswer {
    pub outcome: Result<String, AppError>,
    pub email: String,
}

/// A release time just changed, or why not, for the session the form named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseAnswer {
    pub outcome: Result<ReleaseChanged, AppError>,
    /// The session's exam, date and release time as the form sent them.
    pub session: (String, String, String),
    pub typed: String,
}

#[cfg(feature = "ssr")]
pub use ssr::{
    audit_csv, import_posted, invitation_posted, invite_posted, login_posted, release_posted,
    second_step_posted, secret_posted, sign_out_posted, upload_posted,
};

#[cfg(feature = "ssr")]
mod ssr {
    use axum::body::Body;
    use axum::extract::{FromRequest, Multipart, Request, State};
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::{IntoResponse, Redirect, Response};

    use super::{
        ImportDone, InviteAnswer, PostedRefusal, ReleaseAnswer, SecretAnswer, ShownRecoveryCodes,
        UploadAnswer,
    };
    use crate::api::AppError;
    use crate::api::adapter::{caller_from, status_of};
    use crate::api::http::staff_cookie;
    use crate::api::render::{PostedPages, read_form};
    use crate::domain::{
        AuditView, CENTRE_CANDIDATES_PATH, CENTRE_HOME_PATH, CENTRE_LOGIN_PATH,
        CENTRE_SECOND_FACTOR_PATH, CENTRE_UPLOAD_PATH, EnrolmentView, MAX_UPLOAD_BYTES,
        SecondStepView, UploadKind,
    };
    use crate::server::sessions::NewSession;
    use crate::server::staff::uploads::{self, Imported};
    use crate::server::staff::{
        audit, candidates, invitations, release_times, second_factor, sessions,
    };
    use crate::server::{AppState, Caller, ServiceError, ServiceResult};

    /// The audit log shown: the newest 500 entries.
    const AUDIT_SHOWN: u64 = 500;

    pub(super) async fn second_step_view(
        state: &AppState,
        caller: &Caller,
    ) -> ServiceResult<SecondStepView> {
        let session = sessions::current(state, caller)
            .await?
            .ok_or(ServiceError::NotSignedIn)?;
        let enrolment = if second_factor::has_second_factor(&session) {
            None
        } else {
            let e = second_factor::enrolment(state, caller).await?;
            let qr = qrcode::QrCode::new(e.otpauth_url.as_bytes())
                .map_err(|err| anyhow::anyhow!("drawing the QR code: {err}"))?;
            let svg = qr
                .render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .quiet_zone(true)
                .build();
            let grouped = e
                .secret
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" ");
            Some(EnrolmentView {
                secret: grouped,
                qr_svg: svg,
            })
        };
        Ok(SecondStepView {
            email: session.staff.email,
            enrolment,
        })
    }

    /// A time of the log in the centre's zone, as `2026-12-02 09:14:05`.
    fn local(at: chrono::DateTime<chrono::Utc>, zone: &jiff::tz::TimeZone) -> String {
        jiff::Timestamp::from_second(at.timestamp())
            .map(|t| {
                t.to_zoned_datetime(zone.clone())
                    .strftime("%Y-%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_else(|_| at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
    }

    pub(super) async fn audit_view(
        state: &AppState,
        caller: &Caller,
    ) -> ServiceResult<Vec<AuditView>> {
        let staff = sessions::require_staff(state, caller).await?;
        let zone =
            jiff::tz::TimeZone::get(&staff.centre.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
        let entries = audit::entries(&state.db, &staff.centre.code, AUDIT_SHOWN).await?;
        Ok(entries
            .into_iter()
            .map(|e| AuditView {
                at: local(e.at, &zone),
                staff: e.staff_email,
                action: e.action,
                detail: e.detail,
                address: e.address.unwrap_or_default(),
            })
            .collect())
    }

    /// The status of a refusal, and its `Retry-After`.
    fn answer_status(error: &AppError) -> (StatusCode, Option<i64>) {
        match error {
            AppError::TooManyAttempts {
                retry_after_seconds,
            }
            | AppError::Busy {
                retry_after_seconds,
            } => (status_of(error), Some(*retry_after_seconds)),
            other => (status_of(other), None),
        }
    }

    async fn refused(
        pages: &PostedPages,
        parts: http::request::Parts,
        error: AppError,
        email: String,
    ) -> Response {
        let (status, retry_after) = answer_status(&error);
        let mut res = pages
            .render(parts, PostedRefusal { error, email }, status)
            .await;
        if let Some(seconds) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok())
        {
            res.headers_mut().insert(header::RETRY_AFTER, seconds);
        }
        res
    }

    fn with_session(state: &AppState, mut res: Response, session: NewSession) -> Response {
        if let Ok(cookie) = HeaderValue::from_str(
            &staff_cookie(&state.settings, session.token, session.lifetime).to_string(),
        ) {
            res.headers_mut().append(header::SET_COOKIE, cookie);
        }
        res
    }

    #[derive(serde::Deserialize)]
    struct LoginFields {
        #[serde(default)]
        email: String,
        #[serde(default)]
        password: String,
    }

    /// `POST /centre/login`: the password step.
    pub async fn login_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (parts, fields) = match read_form::<LoginFields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        let state = &pages.state;
        match sessions::sign_in(
            state,
            &caller_from(state, &parts),
            &fields.email,
            fields.password,
        )
        .await
        {
            Ok(session) => with_session(
                state,
                Redirect::to(CENTRE_SECOND_FACTOR_PATH).into_response(),
                session,
            ),
            Err(e) => refused(&pages, parts, e.into(), fields.email).await,
        }
    }

    #[derive(serde::Deserialize)]
    struct CodeFields {
        #[serde(default)]
        code: String,
    }

    /// `POST /centre/second-factor`: a code from the app or a recovery
    /// code. The first time, the answer shows the recovery codes.
    pub async fn second_step_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (parts, fields) = match read_form::<CodeFields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        let state = &pages.state;
        match second_factor::second_step(state, &caller_from(state, &parts), &fields.code).await {
            Ok(done) if done.recovery_codes.is_empty() => with_session(
                state,
                Redirect::to(CENTRE_HOME_PATH).into_response(),
                done.session,
            ),
            Ok(done) => {
                let res = pages
                    .render(
                        parts,
                        ShownRecoveryCodes(done.recovery_codes),
                        StatusCode::OK,
                    )
                    .await;
                with_session(state, res, done.session)
            }
            Err(ServiceError::NotSignedIn) => Redirect::to(CENTRE_LOGIN_PATH).into_response(),
            Err(e) => refused(&pages, parts, e.into(), String::new()).await,
        }
    }

    #[derive(serde::Deserialize)]
    struct InvitationFields {
        #[serde(default)]
        token: String,
        #[serde(default)]
        password: String,
        #[serde(default)]
        confirm_password: String,
    }

    /// `POST /centre/invitation`: the password chosen through the link.
    pub async fn invitation_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (parts, fields) = match read_form::<InvitationFields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        match invitations::accept(
            &pages.state,
            &caller_from(&pages.state, &parts),
            &fields.token,
            &fields.password,
            &fields.confirm_password,
        )
        .await
        {
            Ok(()) => Redirect::to(&format!("{CENTRE_LOGIN_PATH}?invited=done")).into_response(),
            Err(e) => refused(&pages, parts, e.into(), String::new()).await,
        }
    }

    /// `POST /centre/sign-out`.
    pub async fn sign_out_posted(State(state): State<AppState>, req: Request) -> Response {
        let (parts, _) = req.into_parts();
        let caller = caller_from(&state, &parts);
        if let Ok(Some(session)) = sessions::current(&state, &caller).await {
            let _ = audit::record(
                &state.db,
                &session.centre.code,
                &session.actor(&caller),
                audit::AuditAction::SignedOut,
                "",
                state.settings.clock.now(),
            )
            .await;
        }
        if let Err(e) = sessions::sign_out(&state, &caller).await {
            return crate::api::adapter::internal(&anyhow::anyhow!(e)).into_page_response();
        }
        with_session(
            &state,
            Redirect::to(&format!("{CENTRE_LOGIN_PATH}?signed_out=done")).into_response(),
            NewSession {
                token: String::new(),
                lifetime: chrono::Duration::zero(),
            },
        )
    }

    /// `POST /centre/upload`: a file and its kind (multipart), answered
    /// with its preview. Writes no entry or result.
    pub async fn upload_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (parts, body) = req.into_parts();
        let state = &pages.state;
        let caller = caller_from(state, &parts);
        let form =
            match Multipart::from_request(Request::from_parts(parts.clone(), body), &()).await {
                Ok(form) => read_upload(form).await,
                Err(_) => Err(UploadProblem::Unreadable),
            };
        let outcome = match form {
            Ok((kind, name, data)) if !data.is_empty() => {
                uploads::check_upload(state, &caller, kind, &name, data)
                    .await
                    .map_err(AppError::from)
            }
            Ok(_) => Err(AppError::Invalid(crate::domain::FieldErrors(vec![(
                crate::domain::Field::File,
                crate::domain::ValidationError::Required,
            )]))),
            Err(UploadProblem::TooLarge) => {
                Err(AppError::Invalid(crate::domain::FieldErrors(vec![(
                    crate::domain::Field::File,
                    crate::domain::ValidationError::FileTooLarge,
                )])))
            }
            Err(UploadProblem::Unreadable) => {
                Err(AppError::Request("the upload could not be read".to_owned()))
            }
        };
        if matches!(outcome, Err(AppError::NotSignedIn)) {
            return Redirect::to(CENTRE_LOGIN_PATH).into_response();
        }
        let status = match &outcome {
            Ok(preview) if preview.can_import() => StatusCode::OK,
            Ok(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Err(e) => answer_status(e).0,
        };
        pages.render(parts, UploadAnswer(outcome), status).await
    }

    enum UploadProblem {
        TooLarge,
        Unreadable,
    }

    /// The form's kind and file. The body is read to its end even when the
    /// file is too large: a server that answers before the browser has sent
    /// everything closes on unread data, and the browser then shows a reset
    /// connection instead of the page saying what was wrong.
    async fn read_upload(
        mut form: Multipart,
    ) -> Result<(UploadKind, String, Vec<u8>), UploadProblem> {
        let (mut kind, mut name, mut data, mut too_large) =
            (UploadKind::Entries, String::new(), Vec::new(), false);
        while let Some(mut field) = form
            .next_field()
            .await
            .map_err(|_| UploadProblem::Unreadable)?
        {
            match field.name() {
                Some("kind") => {
                    let value = field.text().await.map_err(|_| UploadProblem::Unreadable)?;
                    kind = if value == "results" {
                        UploadKind::Results
                    } else {
                        UploadKind::Entries
                    };
                }
                Some("file") => {
                    name = field.file_name().unwrap_or("file.csv").to_owned();
                    while let Some(chunk) =
                        field.chunk().await.map_err(|_| UploadProblem::Unreadable)?
                    {
                        too_large |= data.len() + chunk.len() > MAX_UPLOAD_BYTES;
                        if !too_large {
                            data.extend_from_slice(&chunk);
                        }
                    }
                }
                _ => {
                    while field
                        .chunk()
                        .await
                        .map_err(|_| UploadProblem::Unreadable)?
                        .is_some()
                    {}
                }
            }
        }
        if too_large {
            Err(UploadProblem::TooLarge)
        } else {
            Ok((kind, name, data))
        }
    }

    #[derive(serde::Deserialize)]
    struct ImportFields {
        #[serde(default)]
        upload: String,
    }

    /// `POST /centre/import`: imports the file previewed, all or nothing.
    pub async fn import_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (mut parts, fields) = match read_form::<ImportFields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        // The answer is the upload page, with what was imported or why not.
        parts.uri = http::Uri::from_static(CENTRE_UPLOAD_PATH);
        let state = &pages.state;
        match uploads::import_upload(state, &caller_from(state, &parts), &fields.upload).await {
            Ok(Imported::Done(summary)) => {
                pages
                    .render(parts, ImportDone(summary), StatusCode::OK)
                    .await
            }
            Ok(Imported::Refused(preview)) => {
                pages
                    .render(parts, UploadAnswer(Ok(preview)), StatusCode::CONFLICT)
                    .await
            }
            Err(ServiceError::NotSignedIn) => Redirect::to(CENTRE_LOGIN_PATH).into_response(),
            Err(e) => {
                let error = AppError::from(e);
                let status = answer_status(&error).0;
                pages.render(parts, UploadAnswer(Err(error)), status).await
            }
        }
    }

    #[derive(serde::Deserialize)]
    struct SecretFields {
        #[serde(default)]
        id_number: String,
    }

    /// `POST /centre/candidates/secret`: a new Secret Number, shown once
    /// on the candidates page.
    pub async fn secret_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (mut parts, fields) = match read_form::<SecretFields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        parts.uri = http::Uri::from_static(CENTRE_CANDIDATES_PATH);
        let state = &pages.state;
        let outcome =
            candidates::reissue_secret(state, &caller_from(state, &parts), &fields.id_number)
                .await
                .map_err(AppError::from);
        if matches!(outcome, Err(AppError::NotSignedIn)) {
            return Redirect::to(CENTRE_LOGIN_PATH).into_response();
        }
        let status = outcome
            .as_ref()
            .err()
            .map_or(StatusCode::OK, |e| answer_status(e).0);
        pages.render(parts, SecretAnswer(outcome), status).await
    }

    #[derive(serde::Deserialize)]
    struct ReleaseFields {
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
    pub async fn release_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (parts, f) = match read_form::<ReleaseFields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        let state = &pages.state;
        let outcome = release_times::change(
            state,
            &caller_from(state, &parts),
            &f.exam,
            &f.exam_date,
            &f.current,
            &f.release_at,
        )
        .await
        .map_err(AppError::from);
        if matches!(outcome, Err(AppError::NotSignedIn)) {
            return Redirect::to(CENTRE_LOGIN_PATH).into_response();
        }
        let status = outcome
            .as_ref()
            .err()
            .map_or(StatusCode::OK, |e| answer_status(e).0);
        pages
            .render(
                parts,
                ReleaseAnswer {
                    outcome,
                    session: (f.exam, f.exam_date, f.current),
                    typed: f.release_at,
                },
                status,
            )
            .await
    }

    #[derive(serde::Deserialize)]
    struct InviteFields {
        #[serde(default)]
        email: String,
        #[serde(default)]
        language: String,
    }

    /// `POST /centre/invite`: an admin invites a colleague; the answer is
    /// the portal's home page.
    pub async fn invite_posted(State(pages): State<PostedPages>, req: Request) -> Response {
        let (mut parts, f) = match read_form::<InviteFields>(req).await {
            Ok(form) => form,
            Err(answer) => return answer,
        };
        parts.uri = http::Uri::from_static(CENTRE_HOME_PATH);
        let state = &pages.state;
        let outcome = invitations::invite_colleague(
            state,
            &caller_from(state, &parts),
            &f.email,
            &f.language,
        )
        .await
        .map(|i| i.email)
        .map_err(AppError::from);
        if matches!(outcome, Err(AppError::NotSignedIn)) {
            return Redirect::to(CENTRE_LOGIN_PATH).into_response();
        }
        let status = outcome
            .as_ref()
            .err()
            .map_or(StatusCode::OK, |e| answer_status(e).0);
        pages
            .render(
                parts,
                InviteAnswer {
                    outcome,
                    email: f.email,
                },
                status,
            )
            .await
    }

    /// `GET /centre/audit.csv`: the centre's whole log, oldest first.
    pub async fn audit_csv(State(state): State<AppState>, req: Request) -> Response {
        let (parts, _) = req.into_parts();
        let caller = caller_from(&state, &parts);
        let staff = match sessions::require_staff(&state, &caller).await {
            Ok(staff) => staff,
            Err(ServiceError::NotSignedIn) => {
                return Redirect::to(CENTRE_LOGIN_PATH).into_response();
            }
            Err(e) => return AppError::from(e).into_page_response(),
        };
        let entries = match audit::entries(&state.db, &staff.centre.code, u64::MAX >> 1).await {
            Ok(entries) => entries,
            Err(e) => return crate::api::adapter::internal(&e).into_page_response(),
        };
        let mut out = csv::Writer::from_writer(Vec::new());
        let _ = out.write_record(["at_utc", "staff", "action", "detail", "address"]);
        for e in entries.iter().rev() {
            let _ = out.write_record([
                e.at.to_rfc3339(),
                e.staff_email.clone(),
                e.action.clone(),
                e.detail.clone(),
                e.address.clone().unwrap_or_default(),
            ]);
        }
        let body = out.into_inner().unwrap_or_default();
        let name = format!("attachment; filename=\"audit-{}.csv\"", staff.centre.code);
        let mut res = Response::new(Body::from(body));
        let headers = res.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Ok(v) = HeaderValue::from_str(&name) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
        res
    }

    impl AppError {
        /// A plain answer with this error's status (for the few routes
        /// that are not pages).
        fn into_page_response(self) -> Response {
            (status_of(&self), self.to_string()).into_response()
        }
    }
}
