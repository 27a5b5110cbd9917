//! The results page's list of the account's other exams: each with its
//! date and either its scores or when they come out.

use leptos::prelude::*;

use crate::api::{ExamOutcome, Outcome};
use crate::components::{DateText, ReleaseTime};
use crate::i18n::{t, use_i18n};

#[component]
pub fn OtherExams(exams: Vec<ExamOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    (!exams.is_empty()).then(|| {
        view! {
            <section class="account-section" aria-labelledby="other-exams-title">
                <h2 id="other-exams-title">{t!(i18n, results.other_exams_title)}</h2>
                <ul class="exam-list" id="other-exams">
                    {exams.into_iter().map(|e| view! { <OtherExam exam=e /> }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn OtherExam(exam: ExamOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let ExamOutcome {
        id_number,
        exam,
        exam_date,
        outcome,
    } = exam;
    let status = match outcome {
        Outcome::Pending { release_at_ms } => t!(
            i18n,
            results.pending,
            when = move || view! { <ReleaseTime when_ms=release_at_ms /> }
        )
        .into_any(),
        Outcome::NotYetLoaded => t!(i18n, results.not_loaded).into_any(),
        Outcome::Released(scores) => t!(
            i18n,
            results.other_released,
            score = scores.overall.to_string(),
            grade = scores.grade,
            level = scores.cefr_level
        )
        .into_any(),
    };
    view! {
        <li>
            <strong>{exam}</strong>", "<DateText iso=exam_date />
            " ("{t!(i18n, fields.id_number)}" "{id_number}")"
            <p>{status}</p>
        </li>
    }
}
