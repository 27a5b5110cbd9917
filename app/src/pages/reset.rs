use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{AppError, ResetPassword, TokenProblem, reset_link};
use crate::components::{
    DocumentTitle, ErrorSummary, FormField, FormKind, PasswordStrength, action_error,
    app_error_message, field_message, summary_items,
};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

const KIND: FormKind = FormKind::Reset;

/// Opened from the link in a reset email: the link is checked while the
/// page renders (so a dead link says so at once), then the new password is
/// chosen under the same rules as at registration.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let owner = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        reset_link,
    );
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, reset.title).to_string()) />
        <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match owner.await {
                        Ok(id_number) => view! { <ResetForm token id_number /> }.into_any(),
                        Err(e) => view! { <DeadLink error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn DeadLink(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match &error {
        AppError::TokenInvalid(TokenProblem::Expired) => t!(i18n, reset.token_expired).into_any(),
        AppError::TokenInvalid(TokenProblem::Used) => t!(i18n, reset.token_used).into_any(),
        AppError::TokenInvalid(TokenProblem::Superseded) => {
            t!(i18n, reset.token_superseded).into_any()
        }
        AppError::TokenInvalid(TokenProblem::Unknown) => t!(i18n, reset.token_unknown).into_any(),
        other => app_error_message(i18n, other).into_any(),
    };
    view! {
        <h1>{t!(i18n, confirm.failed_title)}</h1>
        <div class="alert alert-error" role="alert"><p>{text}</p></div>
        <p><A href=crate::routes::FORGOT attr:class="button">{t!(i18n, reset.ask_again)}</A></p>
    }
}

#[component]
fn ResetForm(token: String, id_number: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let server_error = action_error(action);
    let message = move |field: Field| field_message(server_error, field);
    let form_error = move || {
        server_error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| match e {
            AppError::TokenInvalid(_) => view! { <DeadLink error=e /> }.into_any(),
            e => view! { <div class="alert alert-error" role="alert" id="form-error"><p>{app_error_message(i18n, &e)}</p></div> }.into_any(),
        })
    };
    let (intro_id, checked_id) = (id_number.clone(), id_number.clone());
    view! {
        <h1>{t!(i18n, reset.title)}</h1>
        <ErrorSummary items=summary_items(server_error, KIND.fields()) />
        <p class="lead">{t!(i18n, reset.intro, id = move || view! { <strong>{intro_id.clone()}</strong> })}</p>
        {form_error}
        <ActionForm action attr:novalidate=true attr:class="form" attr:data-check=KIND.name() attr:data-busy=KIND.busy_words(i18n.get_locale_untracked()) attr:data-id-number=checked_id>
            <input type="hidden" name="token" value=token />
            // Lets password managers file the new password under the right account.
            <input type="text" name="username" autocomplete="username" value=id_number hidden=true readonly=true />
            <FormField name="password" input_type="password" autocomplete="new-password"
                label=Signal::derive(move || t_string!(i18n, reset.password).to_string())
                hint=Signal::derive(move || t_string!(i18n, register.password_hint).to_string())
                error=message(Field::Password) described_by="password-strength" />
            <PasswordStrength id="password-strength" />
            <FormField name="confirm_password" input_type="password" autocomplete="new-password"
                label=Signal::derive(move || t_string!(i18n, reset.confirm_password).to_string())
                error=message(Field::ConfirmPassword) />
            <button type="submit" class="button">{t!(i18n, reset.submit)}</button>
        </ActionForm>
    }
}
