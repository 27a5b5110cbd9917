//! Signing in with an emailed link, for a candidate whose ID Number must
//! wait after someone else's wrong passwords (see the service's reasons).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{AppError, EmailSignInLink, SignInWithLink};
use crate::components::{ErrorAlert, PageTitle, action_error, app_error_message, value_sent_back};
use crate::i18n::{t, t_string, use_i18n};

/// "Email me a sign-in link", under the login page's "too many attempts".
#[component]
pub fn SignInLinkForm(#[prop(into)] id_number: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<EmailSignInLink>::new();
    let error = action_error(action);
    move || {
        id_number.get().map(|id| {
            view! {
                <p>{t!(i18n, sign_in_link.offer)}</p>
                {move || error.get().map(|e| view! { <ErrorAlert error=e /> })}
                <ActionForm action attr:class="form inline-form">
                    <input type="hidden" name="id_number" value=id />
                    <button type="submit" class="button secondary" id="sign-in-link" disabled=move || action.pending().get()>
                        {t!(i18n, sign_in_link.request)}
                    </button>
                </ActionForm>
            }
        })
    }
}

/// The same answer for every ID Number: it must not reveal which have accounts.
#[component]
pub fn SignInLinkSentPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, sign_in_link.sent_title).to_string()) />
        <div class="alert alert-success" role="status"><p>{t!(i18n, sign_in_link.sent)}</p></div>
        <p>{t!(i18n, registered.check_spam)}</p>
        <p><A href=crate::routes::LOGIN>{t!(i18n, nav.login)}</A></p>
    }
}

/// What the emailed link opens: a button that signs in. Opening the link
/// uses nothing, so a mail scanner that fetches it cannot spend it.
#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignInWithLink>::new();
    let error = action_error(action);
    let token = value_sent_back("token");
    let dead = move || {
        error.get().map(|e| {
            let text = match e {
                AppError::TokenInvalid(_) => t!(i18n, sign_in_link.dead).into_any(),
                other => app_error_message(i18n, &other).into_any(),
            };
            view! { <div class="alert alert-error" role="alert" id="form-error"><p>{text}</p><p><A href=crate::routes::LOGIN>{t!(i18n, nav.login)}</A></p></div> }
        })
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, sign_in_link.title).to_string()) />
        {dead}
        <p class="lead">{t!(i18n, sign_in_link.intro)}</p>
        <ActionForm action attr:class="form">
            <input type="hidden" name="token" value=token />
            <button type="submit" class="button" disabled=move || action.pending().get()>{t!(i18n, sign_in_link.submit)}</button>
        </ActionForm>
    }
}
