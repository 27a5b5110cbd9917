use leptos::prelude::*;

use super::other_exams::OtherExams;
use crate::api::{AccountResults, Outcome, ResultsView, Scores, Skill, my_results};
use crate::components::{Countdown, DateText, DocumentTitle, Loaded, ReleaseTime};
use crate::domain::ExamScale;
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Blocking: the answer's status waits for the data, so a page whose
    // data could not be loaded says so with a 5xx, not a 200.
    let results = Resource::new_blocking(|| (), |()| my_results());
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, results.title).to_string()) />
        <Loaded data=results login=crate::routes::LOGIN show=|all: AccountResults| view! {
            <ResultsCard view=all.shown />
            <OtherExams exams=all.others />
        } />
    }
}

#[component]
fn ResultsCard(view: ResultsView) -> impl IntoView {
    let i18n = use_i18n();
    let ResultsView {
        candidate_name,
        id_number,
        exam,
        exam_date,
        outcome,
        asking,
    } = view;
    view! {
        <h1>{t!(i18n, results.title)}</h1>
        <dl class="entry-details">
            <dt>{t!(i18n, results.candidate)}</dt><dd id="candidate-name">{candidate_name}</dd>
            <dt>{t!(i18n, fields.id_number)}</dt><dd>{id_number}</dd>
            <dt>{t!(i18n, results.exam)}</dt><dd id="exam">{exam}</dd>
            <dt>{t!(i18n, results.exam_date)}</dt><dd id="exam-date"><DateText iso=exam_date /></dd>
        </dl>
        {match outcome {
            Outcome::Pending { release_at_ms } => view! {
                <section class="pending" aria-labelledby="pending-title">
                    <h2 id="pending-title">{t!(i18n, results.pending_title)}</h2>
                    <p id="release-time">{t!(i18n, results.pending, when = move || view! { <ReleaseTime when_ms=release_at_ms /> })}</p>
                    <Countdown until_ms=release_at_ms asking />
                    <p><a href=crate::routes::RELEASE_CALENDAR download="results-release.ics">{t!(i18n, results.add_to_calendar)}</a></p>
                </section>
            }.into_any(),
            Outcome::NotYetLoaded => view! {
                <p class="alert" role="status">{t!(i18n, results.not_loaded)}</p>
            }.into_any(),
            Outcome::Released(scores) => view! { <ScoreCard scores /> <ProveResult /> }.into_any(),
        }}
    }
}

#[component]
fn ScoreCard(scores: Scores) -> impl IntoView {
    let i18n = use_i18n();
    let Scores {
        overall,
        grade,
        cefr_level,
        scale,
        skills,
    } = scores;
    let level = cefr_level.clone();
    let skill_name = move |s: Skill| match s {
        Skill::Reading => t_string!(i18n, skills.reading).to_string(),
        Skill::Writing => t_string!(i18n, skills.writing).to_string(),
        Skill::Listening => t_string!(i18n, skills.listening).to_string(),
        Skill::Speaking => t_string!(i18n, skills.speaking).to_string(),
        Skill::UseOfEnglish => t_string!(i18n, skills.use_of_english).to_string(),
    };
    let bar = move |label: String, score: u16| {
        let pct = scale.percent(score);
        view! {
            <div class="score-row">
                <span class="score-label">{label.clone()}</span>
                <span class="score-bar" role="img" aria-label=format!("{label}: {score} ({} – {})", scale.min, scale.max)>
                    <span class="score-fill" style=format!("width: {pct}%")></span>
                </span>
                <span class="score-value">{score}</span>
            </div>
        }
    };
    view! {
        <section class="score-card" aria-labelledby="scores-title">
            <h2 id="scores-title">{t!(i18n, results.your_results)}</h2>
            <div class="headline">
                <div><span class="big" id="overall-score">{overall}</span><span class="caption">{t!(i18n, results.overall)}</span></div>
                <div><span class="big" id="grade">{grade}</span><span class="caption">{t!(i18n, results.grade)}</span></div>
                <div><span class="big" id="cefr-level">{cefr_level}</span><span class="caption">{t!(i18n, results.cefr)}</span></div>
            </div>
            {bar(t_string!(i18n, results.overall).to_string(), overall)}
            <CefrBands scale level />
            <h3>{t!(i18n, results.skills)}</h3>
            {skills.into_iter().map(|s| bar(skill_name(s.skill), s.score)).collect_view()}
            <p class="scale-note">{t!(i18n, results.scale_note, min = scale.min.to_string(), max = scale.max.to_string())}</p>
        </section>
    }
}

/// The CEFR levels laid along the exam's scale under the overall bar, with
/// the candidate's level marked (`aria-current`, bold and filled, not only colour).
#[component]
fn CefrBands(scale: ExamScale, level: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="score-row bands-row">
            <span class="score-label"></span>
            <ol class="cefr-bands" aria-label=move || t_string!(i18n, results.cefr_band).to_string()>
                {scale.cefr_bands().into_iter().map(|(band, start, width)| {
                    let here = band == level;
                    view! {
                        <li class="cefr-band" class:reached=here aria-current=here.then_some("true")
                            style=format!("left: {start}%; width: {width}%")>
                            {band}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <span></span>
        </div>
    }
}

/// The statement to download and a share code to create: what the
/// candidate needs to show their result to an institution.
#[component]
fn ProveResult() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="account-section prove" aria-labelledby="prove-title">
            <h2 id="prove-title">{t!(i18n, results.prove_title)}</h2>
            <p><a href=crate::routes::STATEMENT id="statement-link">{t!(i18n, results.statement_link)}</a></p>
            <p>{t!(i18n, results.prove_text)}</p>
            <super::share_codes::CreateShareCodeForm error=None />
            <p><a href=crate::routes::SHARE_CODES>{t!(i18n, share.manage)}</a></p>
        </section>
    }
}
