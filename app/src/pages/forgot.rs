use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{AppError, ForgotPassword};
use crate::components::{
    ErrorSummary, FormField, FormKind, PageTitle, action_error, app_error_message, field_message,
    summary_items, value_sent_back,
};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

const KIND: FormKind = FormKind::Forgot;

/// "Forgotten your password?": asks for the ID Number only.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ForgotPassword>::new();
    let server_error = action_error(action);
    let form_error = move || {
        server_error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| {
            view! { <div class="alert alert-error" role="alert" id="form-error"><p>{app_error_message(i18n, &e)}</p></div> }
        })
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, forgot.title).to_string()) />
        <ErrorSummary items=summary_items(server_error, KIND.fields()) />
        <p class="lead">{t!(i18n, forgot.intro)}</p>
        {form_error}
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-check=KIND.name() attr:data-busy=KIND.busy_words(i18n.get_locale_untracked())>
            <FormField name="id_number" autocomplete="username"
                label=Signal::derive(move || t_string!(i18n, fields.id_number).to_string())
                hint=Signal::derive(move || t_string!(i18n, register.id_number_hint).to_string())
                error=field_message(server_error, Field::IdNumber)
                value=value_sent_back("id_number") />
            <button type="submit" class="button">{t!(i18n, forgot.submit)}</button>
        </ActionForm>
        <p><A href=crate::routes::LOGIN>{t!(i18n, nav.login)}</A></p>
    }
}

/// The same answer for every ID Number: it must not reveal which have accounts.
#[component]
pub fn ForgotSentPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, forgot.sent_title).to_string()) />
        <div class="alert alert-success" role="status"><p>{t!(i18n, forgot.sent)}</p></div>
        <p>{t!(i18n, forgot.no_email)}</p>
        <p><A href=crate::routes::LOGIN>{t!(i18n, nav.login)}</A></p>
    }
}
