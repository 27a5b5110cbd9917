use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::portal::{field_error, form_alert, posted_refusal};
use crate::api::{
    AppError, SecondStepView, ShownRecoveryCodes, centre_second_step, staff_invitation,
};
use crate::components::{DocumentTitle, ErrorAlert, FormField, Loaded};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

/// `/centre/login`: a staff member's email and password (the first step).
#[component]
pub fn CentreLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let refusal = posted_refusal();
    let email = refusal
        .as_ref()
        .map(|r| r.email.clone())
        .unwrap_or_default();
    let notice = query.with_untracked(|q| {
        if q.get_str("invited").is_some() {
            Some(t_string!(i18n, centre.invited_done).to_string())
        } else if q.get_str("signed_out").is_some() {
            Some(t_string!(i18n, centre.signed_out).to_string())
        } else {
            None
        }
    });
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.login_title).to_string()) />
        <h1>{t!(i18n, centre.login_title)}</h1>
        {notice.map(|n| view! { <p class="alert alert-success" role="status">{n}</p> })}
        {form_alert(&refusal)}
        <p>{t!(i18n, centre.login_intro)}</p>
        <form method="post" action=crate::routes::centre::LOGIN class="form" novalidate=true>
            <FormField name="email" input_type="email" autocomplete="username"
                label=Signal::derive(move || t_string!(i18n, centre.email).to_string())
                error=field_error(&refusal, Field::Email) value=Signal::stored(email) />
            <FormField name="password" input_type="password" autocomplete="current-password"
                label=Signal::derive(move || t_string!(i18n, centre.password).to_string())
                error=field_error(&refusal, Field::Password) />
            <button type="submit" class="button">{t!(i18n, centre.sign_in)}</button>
        </form>
        <p class="hint">{t!(i18n, centre.candidates_elsewhere)}</p>
    }
    .into_any()
}

/// `/centre/invitation?token=…`: the invited staff member chooses a password.
#[component]
pub fn StaffInvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token =
        use_query_map().with_untracked(|q| q.get_str("token").unwrap_or_default().to_owned());
    let refusal = posted_refusal();
    let invitation = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        staff_invitation,
    );
    let action = format!("{}?token={token}", crate::routes::centre::INVITATION);
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.invitation_title).to_string()) />
        <h1>{t!(i18n, centre.invitation_title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
            {move || {
                let (refusal, action, token) = (refusal.clone(), action.clone(), token.clone());
                Suspend::new(async move {
                    match invitation.await {
                        Ok(email) => view! {
                            {form_alert(&refusal)}
                            <p>{t!(i18n, centre.invitation_intro, email = move || email.clone())}</p>
                            <form method="post" action=action class="form" novalidate=true>
                                <input type="hidden" name="token" value=token />
                                <FormField name="password" input_type="password" autocomplete="new-password"
                                    label=Signal::derive(move || t_string!(i18n, centre.new_password).to_string())
                                    hint=Signal::derive(move || t_string!(i18n, register.password_hint).to_string())
                                    error=field_error(&refusal, Field::Password) />
                                <FormField name="confirm_password" input_type="password" autocomplete="new-password"
                                    label=Signal::derive(move || t_string!(i18n, fields.confirm_password).to_string())
                                    error=field_error(&refusal, Field::ConfirmPassword) />
                                <button type="submit" class="button">{t!(i18n, centre.set_password)}</button>
                            </form>
                        }.into_any(),
                        Err(AppError::TokenInvalid(_)) => view! {
                            <p class="alert alert-error" role="alert">{t!(i18n, centre.invitation_unusable)}</p>
                        }.into_any(),
                        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// `/centre/second-factor`: adds an authenticator app on the first sign-in
/// (then shows the recovery codes, once), asks for its code afterwards.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    if let Some(ShownRecoveryCodes(codes)) = use_context::<ShownRecoveryCodes>() {
        return view! { <RecoveryCodes codes /> }.into_any();
    }
    let refusal = posted_refusal();
    let step = Resource::new_blocking(|| (), |()| centre_second_step());
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.second_title).to_string()) />
        <h1>{t!(i18n, centre.second_title)}</h1>
        {form_alert(&refusal).filter(|_| !matches!(refusal, Some(crate::api::PostedRefusal { error: AppError::Invalid(_), .. })))}
        <Loaded data=step login=crate::routes::centre::LOGIN show={move |step: SecondStepView| {
            let refusal = refusal.clone();
            match step {
                SecondStepView { enrolment: Some(enrolment), .. } => view! {
                            <p>{t!(i18n, centre.enrol_intro)}</p>
                            <ol class="steps">
                                <li>{t!(i18n, centre.enrol_app)}</li>
                                <li>
                                    {t!(i18n, centre.enrol_scan)}
                                    <div class="qr" role="img" aria-label=move || t_string!(i18n, centre.qr_label).to_string() inner_html=enrolment.qr_svg></div>
                                    <p>{t!(i18n, centre.enrol_type)}</p>
                                    <p><code id="totp-secret" class="secret">{enrolment.secret}</code></p>
                                </li>
                                <li>{t!(i18n, centre.enrol_code)}</li>
                            </ol>
                            <CodeForm refusal button=Signal::derive(move || t_string!(i18n, centre.add_app).to_string()) />
                        }.into_any(),
                _ => view! {
                            <p>{t!(i18n, centre.code_intro)}</p>
                            <CodeForm refusal button=Signal::derive(move || t_string!(i18n, centre.continue_button).to_string()) />
                        }.into_any(),
            }
        }} />
    }
    .into_any()
}

#[component]
fn CodeForm(refusal: Option<crate::api::PostedRefusal>, button: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="post" action=crate::routes::centre::SECOND_FACTOR class="form" novalidate=true>
            <FormField name="code" autocomplete="one-time-code" inputmode="numeric"
                label=Signal::derive(move || t_string!(i18n, centre.code).to_string())
                hint=Signal::derive(move || t_string!(i18n, centre.code_hint).to_string())
                error=field_error(&refusal, Field::Code) />
            <button type="submit" class="button">{button}</button>
        </form>
    }
}

/// The ten recovery codes, shown once, right after the app was added.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.recovery_title).to_string()) />
        <h1>{t!(i18n, centre.recovery_title)}</h1>
        <p class="alert alert-success" role="status">{t!(i18n, centre.app_added)}</p>
        <p>{t!(i18n, centre.recovery_intro)}</p>
        <ul class="recovery-codes" id="recovery-codes">
            {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ul>
        <p><a class="button" href=crate::routes::centre::HOME>{t!(i18n, centre.to_portal)}</a></p>
    }
}
