use leptos::prelude::*;

use super::portal::PortalNav;
use crate::api::{AppError, ImportDone, UploadAnswer};
use crate::components::{DocumentTitle, ErrorAlert, validation_message};
use crate::domain::{Field, RowChange, UploadKind, UploadPreview, UploadSummary};
use crate::i18n::{t, t_string, use_i18n};

/// `/centre/upload`: a CSV file of entries or results, checked and shown
/// row by row before anything is written; Import then writes all of it or
/// nothing. Plain posts: it works without JavaScript.
#[component]
pub fn CentreUploadPage() -> impl IntoView {
    let i18n = use_i18n();
    let answer = use_context::<UploadAnswer>().map(|a| a.0);
    let done = use_context::<ImportDone>().map(|d| d.0);
    let file_error = match &answer {
        Some(Err(AppError::Invalid(errors))) => {
            errors.get(Field::File).map(|e| validation_message(i18n, e))
        }
        _ => None,
    };
    let chosen = match &answer {
        Some(Ok(preview)) => preview.kind,
        _ => UploadKind::Entries,
    };
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.upload_title).to_string()) />
        <PortalNav />
        <h1>{t!(i18n, centre.upload_title)}</h1>
        {done.map(|summary| view! { <p class="alert alert-success" role="status" id="imported">{summary_text(i18n, &summary, true)}</p> })}
        {match answer {
            Some(Ok(preview)) => view! { <Preview preview /> }.into_any(),
            Some(Err(AppError::Invalid(_))) | None => ().into_any(),
            Some(Err(e)) => view! { <ErrorAlert error=e /> }.into_any(),
        }}
        <form method="post" action=crate::routes::centre::UPLOAD enctype="multipart/form-data" class="form" novalidate=true>
            <fieldset class="field">
                <legend>{t!(i18n, centre.upload_kind)}</legend>
                <label class="choice"><input type="radio" name="kind" value="entries" checked=chosen == UploadKind::Entries />" "{t!(i18n, centre.kind_entries)}</label>
                <label class="choice"><input type="radio" name="kind" value="results" checked=chosen == UploadKind::Results />" "{t!(i18n, centre.kind_results)}</label>
            </fieldset>
            <div class="field" class:field-invalid=file_error.is_some()>
                <label for="file">{t!(i18n, centre.upload_file)}</label>
                <p class="hint" id="file-hint">{t!(i18n, centre.upload_hint)}</p>
                <p class="error" id="file-error" aria-live="polite">{file_error.clone()}</p>
                <input type="file" id="file" name="file" accept=".csv,text/csv"
                    aria-describedby=if file_error.is_some() { "file-hint file-error" } else { "file-hint" }
                    aria-invalid=if file_error.is_some() { "true" } else { "false" } />
            </div>
            <button type="submit" class="button">{t!(i18n, centre.upload_check)}</button>
        </form>
        <details>
            <summary>{t!(i18n, centre.columns_title)}</summary>
            <p>{t!(i18n, centre.columns_entries)}</p>
            <p><code>{UploadKind::Entries.header()}</code></p>
            <p>{t!(i18n, centre.columns_results)}</p>
            <p><code>{UploadKind::Results.header()}</code></p>
        </details>
    }
    .into_any()
}

/// "148 rows: 145 new, 2 updated, 1 with problems" (or, once imported,
/// what was written).
fn summary_text(
    i18n: leptos_i18n::I18nContext<crate::i18n::Locale>,
    s: &UploadSummary,
    imported: bool,
) -> String {
    let mut parts = vec![
        format!("{} {}", s.new, t_string!(i18n, centre.count_new)),
        format!("{} {}", s.updated, t_string!(i18n, centre.count_updated)),
    ];
    if s.unchanged > 0 {
        parts.push(format!(
            "{} {}",
            s.unchanged,
            t_string!(i18n, centre.count_unchanged)
        ));
    }
    if !imported {
        parts.push(format!(
            "{} {}",
            s.with_problems,
            t_string!(i18n, centre.count_problems)
        ));
    }
    let head = if imported {
        t_string!(i18n, centre.imported_rows).to_string()
    } else {
        t_string!(i18n, centre.rows).to_string()
    };
    format!("{} {head}: {}", s.rows, parts.join(", "))
}

#[component]
fn Preview(preview: UploadPreview) -> impl IntoView {
    let i18n = use_i18n();
    let can_import = preview.can_import();
    let shown_all = preview.rows.len() >= preview.summary.rows;
    let file_name = preview.file_name.clone();
    let summary = summary_text(i18n, &preview.summary, false);
    let problems = preview
        .file_problems
        .into_iter()
        .map(|p| view! { <p class="alert alert-error" role="alert">{p}</p> }.into_any())
        .collect_view();
    let action = if can_import {
        view! {
            <form method="post" action=crate::routes::centre::IMPORT class="form">
                <input type="hidden" name="upload" value=preview.upload />
                <p>{t!(i18n, centre.import_intro)}</p>
                <button type="submit" class="button">{t!(i18n, centre.import)}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <p>{t!(i18n, centre.fix_and_retry)}</p> }.into_any()
    };
    view! {
        <section aria-labelledby="preview-title" id="preview">
            <h2 id="preview-title">{t!(i18n, centre.preview_title, file = move || file_name.clone())}</h2>
            <p id="preview-summary" class=if can_import { "alert alert-success" } else { "alert alert-error" } role="status">{summary}</p>
            {problems}
            {(!shown_all).then(|| view! { <p>{t!(i18n, centre.preview_partial)}</p> })}
            <PreviewTable kind=preview.kind rows=preview.rows />
            {action}
        </section>
    }
    .into_any()
}

/// The rows of the file, each with what importing it would do.
#[component]
fn PreviewTable(kind: UploadKind, rows: Vec<crate::domain::PreviewRow>) -> impl IntoView {
    let i18n = use_i18n();
    let columns = kind.columns();
    let change = move |c: RowChange| match c {
        RowChange::New => t_string!(i18n, centre.change_new),
        RowChange::Updated => t_string!(i18n, centre.change_updated),
        RowChange::Unchanged => t_string!(i18n, centre.change_unchanged),
        RowChange::Problem => t_string!(i18n, centre.change_problem),
    };
    let head = columns
        .iter()
        .map(|c| view! { <th scope="col">{c.name()}</th> }.into_any())
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let problem = row.change == RowChange::Problem;
            let cells = (0..columns.len()).map(|i| view! { <td>{row.values.get(i).cloned().unwrap_or_default()}</td> }.into_any()).collect_view();
            let problems = (!row.problems.is_empty()).then(|| {
                view! { <ul class="row-problems">{row.problems.into_iter().map(|p| view! { <li>{p}</li> }.into_any()).collect_view()}</ul> }.into_any()
            });
            view! {
                <tr class:row-problem=problem>
                    <th scope="row">{row.line}</th>
                    <td>{change(row.change)}{problems}</td>
                    {cells}
                </tr>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="preview-caption">
            <table class="data-table" id="preview-table">
                <caption id="preview-caption">{t!(i18n, centre.preview_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, centre.line)}</th>
                    // What the row would do comes first: a wide file's
                    // problems are seen without scrolling.
                    <th scope="col">{t!(i18n, centre.status)}</th>
                    {head}
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}
