use leptos::prelude::*;

use super::portal::PortalNav;
use crate::api::{AppError, ReleaseAnswer, centre_sessions};
use crate::components::{DocumentTitle, ErrorAlert, Loaded, validation_message};
use crate::domain::{ExamSessionView, ExamSessions, Field};
use crate::i18n::{t, t_string, use_i18n};

/// `/centre/release`: when each exam session's results can be seen, in
/// the centre's time zone, and a new time for a session not released yet.
#[component]
pub fn CentreReleasePage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Resource::new_blocking(|| (), |()| centre_sessions());
    let answer = use_context::<ReleaseAnswer>();
    let done = answer.as_ref().and_then(|a| a.outcome.clone().ok());
    let failed = answer.as_ref().and_then(|a| match &a.outcome {
        Err(AppError::Invalid(_)) | Ok(_) => None,
        Err(e) => Some(e.clone()),
    });
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.release_title).to_string()) />
        <PortalNav />
        <h1>{t!(i18n, centre.release_title)}</h1>
        {done.map(|d| {
            let (n, when, zone, exam) = (d.candidates.to_string(), d.release_local.clone(), d.time_zone.clone(), d.exam.clone());
            view! { <p class="alert alert-success" role="status" id="release-done">{t!(i18n, centre.release_done, exam = move || exam.clone(), count = move || n.clone(), when = move || when.clone(), zone = move || zone.clone())}</p> }
        })}
        {failed.map(|e| view! { <ErrorAlert error=e /> })}
        <Loaded data=sessions login=crate::routes::centre::LOGIN show={move |list: ExamSessions| {
            let zone = list.time_zone.clone();
            view! {
                <p>{t!(i18n, centre.release_intro, zone = move || zone.clone())}</p>
                {list.sessions.into_iter().enumerate().map(|(i, s)| view! { <SessionBlock index=i session=s zone=list.time_zone.clone() answer=answer.clone() /> }.into_any()).collect_view()}
            }
        }} />
    }
    .into_any()
}

#[component]
fn SessionBlock(
    index: usize,
    session: ExamSessionView,
    zone: String,
    answer: Option<ReleaseAnswer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let this = answer.filter(|a| {
        a.session
            == (
                session.exam.clone(),
                session.exam_date.clone(),
                session.release_at.clone(),
            )
    });
    let error = this.as_ref().and_then(|a| match &a.outcome {
        Err(AppError::Invalid(errors)) => errors
            .get(Field::ReleaseAt)
            .map(|e| validation_message(i18n, e)),
        _ => None,
    });
    let typed = this
        .map(|a| a.typed)
        .unwrap_or_else(|| session.release_local.replace(' ', "T"));
    let (title_id, field_id, error_id) = (
        format!("session-{index}"),
        format!("release_at-{index}"),
        format!("release_at-{index}-error"),
    );
    let (exam, date, count, when) = (
        session.exam.clone(),
        session.exam_date.clone(),
        session.candidates.to_string(),
        session.release_local.clone(),
    );
    let heading = format!("{} — {}", session.exam, session.exam_date);
    let zone_label = zone.clone();
    view! {
        <section class="account-section" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{heading}</h2>
            <p>{t!(i18n, centre.session_line, count = move || count.clone(), when = move || when.clone(), zone = move || zone.clone())}</p>
            {if session.released {
                view! { <p>{t!(i18n, centre.session_released)}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=crate::routes::centre::RELEASE class="form" novalidate=true>
                        <input type="hidden" name="exam" value=exam />
                        <input type="hidden" name="exam_date" value=date />
                        <input type="hidden" name="current" value=session.release_at />
                        <div class="field" class:field-invalid=error.is_some()>
                            <label for=field_id.clone()>{t!(i18n, centre.new_release, zone = move || zone_label.clone())}</label>
                            <p class="error" id=error_id.clone() aria-live="polite">{error.clone()}</p>
                            <input type="datetime-local" id=field_id name="release_at" value=typed
                                aria-invalid=if error.is_some() { "true" } else { "false" }
                                aria-describedby=error.is_some().then_some(error_id) />
                        </div>
                        <button type="submit" class="button">{t!(i18n, centre.change_release)}</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
