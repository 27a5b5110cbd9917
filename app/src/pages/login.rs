use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{ResendForm, SignInLinkForm};
use crate::api::{AppError, Login};
use crate::components::{
    ErrorSummary, FormField, FormValues, PageTitle, Submitted, action_error, app_error_message, field_message, refuse_if_invalid, summary_items,
    value_sent_back,
};
use crate::domain::{Field, FieldErrors, IdNumber, ValidationError};
use crate::i18n::{t, t_string, use_i18n};

const FIELDS: &[(Field, &str)] = &[(Field::IdNumber, "id_number"), (Field::Password, "password")];

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<Login>::new();
    let server_error = action_error(action);
    let client = RwSignal::new(FieldErrors::default());
    let submitted: Submitted = RwSignal::new(Vec::new());
    // The ID typed, so "resend" after "confirm your email first" needs no retyping.
    let typed_id = RwSignal::new(Some(value_sent_back("id_number").get_untracked()).filter(|id| !id.is_empty()));
    // What was last sent, to send again by itself when the server is busy.
    let last_sent = StoredValue::new(None::<Login>);
    let on_submit = move |ev: SubmitEvent| {
        let Some(values) = FormValues::from_event(&ev) else { return };
        last_sent.set_value(Some(Login { id_number: values.get("id_number"), password: values.get("password") }));
        let mut errors = FieldErrors::default();
        let id = errors.check(Field::IdNumber, IdNumber::parse(&values.get("id_number")));
        if values.get("password").is_empty() {
            errors.push(Field::Password, ValidationError::Required);
        }
        typed_id.set(id.map(|i| i.to_string()));
        refuse_if_invalid(&ev, errors, client, submitted, FIELDS);
    };
    // A login surge: the server asked to come back in a few seconds, so the
    // page does, instead of leaving the candidate to press the button again.
    Effect::new(move |_| {
        if let Some(Err(AppError::Busy { retry_after_seconds })) = action.value().get() {
            let again = std::time::Duration::from_secs(u64::try_from(retry_after_seconds).unwrap_or(1));
            set_timeout(
                move || {
                    if let Some(input) = last_sent.get_value() {
                        action.dispatch(input);
                    }
                },
                again,
            );
        }
    });
    let message = move |field: Field| field_message(client, server_error, field);
    let summary = summary_items(submitted, server_error, FIELDS);
    let form_error = move || {
        server_error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| {
            let unconfirmed = e == AppError::EmailNotConfirmed;
            let waiting = matches!(e, AppError::TooManyAttempts { .. });
            let text = match &e {
                // Retried by the Effect above (only with JavaScript, hence only for the action's own answer).
                AppError::Busy { retry_after_seconds } if action.value().with(Option::is_some) => {
                    let seconds = retry_after_seconds.to_string();
                    t!(i18n, login.busy_retrying, seconds = seconds).into_any()
                }
                e => app_error_message(i18n, e),
            };
            view! {
                <div class="alert alert-error" role="alert" id="form-error">
                    <p>{text}</p>
                    {unconfirmed.then(|| view! { <ResendForm id_number=typed_id /> })}
                    {waiting.then(|| view! { <SignInLinkForm id_number=typed_id /> })}
                </div>
            }
        })
    };
    // Why the candidate is here: a finished reset, or a session that ended.
    let notice = move || {
        query.with(|q| {
            let text = match (q.get_str("reset"), q.get_str("session")) {
                (Some("done"), _) => t!(i18n, login.reset_done).into_any(),
                (_, Some("idle")) => t!(i18n, login.expired).into_any(),
                (_, Some("everywhere")) => t!(i18n, login.signed_out_everywhere).into_any(),
                (_, Some("ended")) => t!(i18n, errors.session_expired).into_any(),
                _ => return None,
            };
            Some(view! { <div class="alert alert-success" role="status" id="login-notice"><p>{text}</p></div> })
        })
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, login.title).to_string()) />
        <ErrorSummary items=summary />
        {notice}
        <p class="lead">{t!(i18n, login.intro)}</p>
        {form_error}
        <ActionForm action on:submit:capture=on_submit attr:novalidate=true attr:class="form">
            <FormField name="id_number" autocomplete="username"
                label=Signal::derive(move || t_string!(i18n, fields.id_number).to_string())
                error=message(Field::IdNumber)
                value=value_sent_back("id_number") />
            <FormField name="password" input_type="password" autocomplete="current-password"
                label=Signal::derive(move || t_string!(i18n, fields.password).to_string())
                hint=Signal::derive(move || t_string!(i18n, login.password_hint).to_string())
                error=message(Field::Password) />
            <button type="submit" class="button" disabled=move || action.pending().get()>{t!(i18n, login.submit)}</button>
        </ActionForm>
        <p><A href="/forgot-password">{t!(i18n, login.forgot_link)}</A></p>
        <p>{t!(i18n, login.no_account)} " " <A href="/register">{t!(i18n, nav.register)}</A></p>
    }
}
