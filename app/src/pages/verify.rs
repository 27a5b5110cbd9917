use leptos::prelude::*;

use crate::api::{AppError, VerifiedResult, VerifyAnswer};
use crate::components::{
    DateText, DayOf, DocumentTitle, ErrorAlert, FormField, MomentUtc, validation_message,
};
use crate::domain::{Field, Skill};
use crate::i18n::{t, t_string, use_i18n};

/// `/verify`: an institution types a share code and the candidate's family
/// name and sees the result, or one refusal whatever was wrong. A plain
/// form: the post is answered with this page (`api::verify`), so the code
/// never appears in an address, and it works without JavaScript.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    set_private_page_headers();
    // Only a page drawn in answer to a post has one.
    let answer = use_context::<VerifyAnswer>();
    let (family_name, organisation) = answer
        .as_ref()
        .map(|a| (a.family_name.clone(), a.organisation.clone()))
        .unwrap_or_default();
    let outcome = answer.map(|a| a.outcome);
    let errors = match &outcome {
        Some(Err(AppError::Invalid(errors))) => errors.clone(),
        _ => Default::default(),
    };
    let message =
        move |field: Field| Signal::stored(errors.get(field).map(|e| validation_message(i18n, e)));
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, verify.title).to_string()) />
        <h1>{t!(i18n, verify.title)}</h1>
        {outcome.map(|outcome| match outcome {
            Ok(result) => view! { <Verified result /> }.into_any(),
            Err(AppError::Invalid(_)) => view! { <p class="alert alert-error" role="alert">{t!(i18n, errors.invalid)}</p> }.into_any(),
            Err(AppError::NotVerified) => view! { <p class="alert alert-error" role="alert" id="verify-refused">{t!(i18n, verify.refused)}</p> }.into_any(),
            Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
        })}
        <p>{t!(i18n, verify.intro)}</p>
        <form method="post" action=crate::routes::VERIFY class="form" id="verify-form" novalidate=true>
            <FormField name="share_code" autocomplete="off"
                label=Signal::derive(move || t_string!(i18n, verify.code).to_string())
                hint=Signal::derive(move || t_string!(i18n, verify.code_hint).to_string())
                error=message(Field::ShareCode) />
            <FormField name="family_name" autocomplete="off"
                label=Signal::derive(move || t_string!(i18n, verify.family_name).to_string())
                hint=Signal::derive(move || t_string!(i18n, verify.family_name_hint).to_string())
                error=message(Field::FamilyName) value=Signal::stored(family_name) />
            <FormField name="organisation" autocomplete="organization"
                label=Signal::derive(move || t_string!(i18n, verify.organisation).to_string())
                hint=Signal::derive(move || t_string!(i18n, verify.organisation_hint).to_string())
                error=message(Field::Organisation) value=Signal::stored(organisation) />
            <button type="submit" class="button">{t!(i18n, verify.submit)}</button>
        </form>
    }
}

/// The page shows a candidate's result to whoever holds the code: no cache
/// keeps it, no link from it tells the next site where the reader was, and
/// no search engine lists it.
fn set_private_page_headers() {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        use axum::http::{HeaderName, HeaderValue, header};
        res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res.insert_header(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        res.insert_header(
            HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex"),
        );
    }
}

#[component]
fn Verified(result: VerifiedResult) -> impl IntoView {
    let i18n = use_i18n();
    let VerifiedResult {
        candidate_name,
        exam,
        exam_date,
        scores,
        checked_at_ms,
        valid_until_ms,
    } = result;
    let skill_name = move |s: Skill| match s {
        Skill::Reading => t_string!(i18n, skills.reading),
        Skill::Writing => t_string!(i18n, skills.writing),
        Skill::Listening => t_string!(i18n, skills.listening),
        Skill::Speaking => t_string!(i18n, skills.speaking),
        Skill::UseOfEnglish => t_string!(i18n, skills.use_of_english),
    };
    view! {
        <section class="alert alert-success verified" aria-labelledby="verified-title" id="verified">
            <h2 id="verified-title">{t!(i18n, verify.verified_title)}</h2>
            <dl class="entry-details">
                <dt>{t!(i18n, results.candidate)}</dt><dd id="verified-name">{candidate_name}</dd>
                <dt>{t!(i18n, results.exam)}</dt><dd>{exam}</dd>
                <dt>{t!(i18n, results.exam_date)}</dt><dd><DateText iso=exam_date /></dd>
                <dt>{t!(i18n, results.overall)}</dt><dd id="verified-overall">{scores.overall}</dd>
                <dt>{t!(i18n, results.grade)}</dt><dd>{scores.grade}</dd>
                <dt>{t!(i18n, results.cefr)}</dt><dd>{scores.cefr_level}</dd>
                {scores.skills.into_iter().map(|s| view! { <dt>{skill_name(s.skill)}</dt><dd>{s.score}</dd> }).collect_view()}
            </dl>
            <p id="verified-when">{t!(i18n, verify.checked, when = move || view! { <MomentUtc ms=checked_at_ms /> }, until = move || view! { <DayOf ms=valid_until_ms /> })}</p>
            <p><a href=crate::routes::VERIFY>{t!(i18n, verify.again)}</a></p>
        </section>
    }
}
