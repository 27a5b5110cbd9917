//! The account page's exams: the list, "Add another exam" and "Remove an
//! exam". Both forms work without JavaScript.

use leptos::prelude::*;

use crate::api::{AddExam, ExamInAccount, RemoveExam};
use crate::components::{
    DateText, FormField, FormKind, PasswordAgainField, action_error, field_message, refusal_alert,
    value_sent_back,
};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

#[component]
pub fn ExamsSection(exams: Vec<ExamInAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let removable = (exams.len() > 1).then(|| exams.clone());
    view! {
        <section class="account-section" aria-labelledby="exams-title">
            <h2 id="exams-title">{t!(i18n, account.exams_title)}</h2>
            <ul class="exam-list" id="account-exams">
                {exams.into_iter().map(|e| view! {
                    <li>
                        <strong>{e.exam}</strong>", "<DateText iso=e.exam_date />
                        " ("{t!(i18n, fields.id_number)}" "{e.id_number}")"
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <AddExamForm />
        {removable.map(|exams| view! { <RemoveExamForm exams /> })}
    }
}

#[component]
fn AddExamForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AddExam>::new();
    let server_error = action_error(action);
    let message = move |field: Field| field_message(server_error, field);
    let kind = FormKind::AddExam;
    view! {
        <section class="account-section" aria-labelledby="add-exam-title" id="add-exam">
            <h2 id="add-exam-title">{t!(i18n, account.add_exam_title)}</h2>
            <p>{t!(i18n, account.add_exam_text)}</p>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:novalidate=true attr:class="form" attr:id="add-exam-form"
                attr:data-check=kind.name() attr:data-busy=kind.busy_words(i18n.get_locale_untracked())>
                <FormField name="id_number" label=Signal::derive(move || t_string!(i18n, fields.id_number).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.id_number_hint).to_string())
                    error=message(Field::IdNumber) value=value_sent_back("id_number") />
                <FormField name="secret_number" label=Signal::derive(move || t_string!(i18n, fields.secret_number).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.secret_number_hint).to_string())
                    inputmode="numeric" error=message(Field::SecretNumber) />
                <FormField name="other_password" input_type="password" autocomplete="off"
                    label=Signal::derive(move || t_string!(i18n, account.other_password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, account.other_password_hint).to_string())
                    error=message(Field::OtherPassword) />
                <button type="submit" class="button">{t!(i18n, account.add_exam_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RemoveExamForm(exams: Vec<ExamInAccount>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RemoveExam>::new();
    let server_error = action_error(action);
    let exam_error = field_message(server_error, Field::IdNumber);
    let described = move || {
        if exam_error.get().is_some() {
            "remove_exam-error"
        } else {
            "remove_exam-hint"
        }
    };
    view! {
        <section class="account-section" aria-labelledby="remove-exam-title">
            <h2 id="remove-exam-title">{t!(i18n, account.remove_exam_title)}</h2>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:class="form" attr:id="remove-exam-form">
                <div class="field" class:field-invalid=move || exam_error.get().is_some()>
                    <label for="remove_exam">{t!(i18n, account.remove_exam_label)}</label>
                    <p class="hint" id="remove_exam-hint">{t!(i18n, account.remove_exam_text)}</p>
                    <p class="error" id="remove_exam-error" aria-live="polite">{move || exam_error.get()}</p>
                    <select id="remove_exam" name="exam" aria-describedby=described
                        aria-invalid=move || if exam_error.get().is_some() { "true" } else { "false" }>
                        {exams.into_iter().map(|e| {
                            let label = format!("{} ({})", e.exam, e.id_number);
                            view! { <option value=e.id_number>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <PasswordAgainField id="remove_current_password" hint=Signal::derive(move || t_string!(i18n, account.password_again_hint).to_string())
                    error=field_message(server_error, Field::CurrentPassword) />
                <button type="submit" class="button danger">{t!(i18n, account.remove_exam_submit)}</button>
            </ActionForm>
        </section>
    }
}
