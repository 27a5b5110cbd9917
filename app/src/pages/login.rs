use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::passkeys::PasskeySignIn;
use super::{ResendForm, SignInLinkForm};
use crate::api::{AppError, Login};
use crate::components::{
    ErrorSummary, FormField, FormKind, PageTitle, action_error, app_error_message, field_message,
    summary_items, value_sent_back,
};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

const KIND: FormKind = FormKind::Login;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<Login>::new();
    let server_error = action_error(action);
    // The ID typed, so "resend" after "confirm your email first" needs no retyping.
    let typed_id = Signal::derive(move || {
        Some(value_sent_back("id_number").get()).filter(|id| !id.is_empty())
    });
    let message = move |field: Field| field_message(server_error, field);
    let form_error = move || {
        server_error
            .get()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| {
                let unconfirmed = e == AppError::EmailNotConfirmed;
                let waiting = matches!(e, AppError::TooManyAttempts { .. });
                view! {
                    <div class="alert alert-error" role="alert" id="form-error">
                        <p>{app_error_message(i18n, &e)}</p>
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
                (_, Some("deleted")) => t!(i18n, login.account_deleted).into_any(),
                _ => return None,
            };
            Some(view! { <div class="alert alert-success" role="status" id="login-notice"><p>{text}</p></div> })
        })
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, login.title).to_string()) />
        <ErrorSummary items=summary_items(server_error, KIND.fields()) />
        {notice}
        <p class="lead">{t!(i18n, login.intro)}</p>
        {form_error}
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-check=KIND.name() attr:data-busy=KIND.busy_words(i18n.get_locale_untracked())>
            <FormField name="id_number" autocomplete="username"
                label=Signal::derive(move || t_string!(i18n, fields.id_number).to_string())
                error=message(Field::IdNumber)
                value=value_sent_back("id_number") />
            <FormField name="password" input_type="password" autocomplete="current-password"
                label=Signal::derive(move || t_string!(i18n, fields.password).to_string())
                hint=Signal::derive(move || t_string!(i18n, login.password_hint).to_string())
                error=message(Field::Password) />
            <button type="submit" class="button">{t!(i18n, login.submit)}</button>
        </ActionForm>
        <PasskeySignIn />
        <p><A href=crate::routes::FORGOT>{t!(i18n, login.forgot_link)}</A></p>
        <p>{t!(i18n, login.no_account)} " " <A href=crate::routes::REGISTER>{t!(i18n, nav.register)}</A></p>
    }
}
