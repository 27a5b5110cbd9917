use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::ResendForm;
use crate::api::{AppError, Confirmed, TokenProblem, confirm_email};
use crate::components::{DocumentTitle, app_error_message};
use crate::i18n::{t, t_string, use_i18n};

/// Opened from the link in the confirmation email. The token is checked on
/// the server while the page renders, so it works without JavaScript.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Read once: a link is opened, not edited.
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let outcome = Resource::new(move || token.clone(), confirm_email);
    // The title does not depend on the outcome; only the body waits for it.
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, confirm.page_title).to_string()) />
        <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match outcome.await {
                    Ok(Confirmed::Account) => view! {
                        <h1>{t!(i18n, confirm.done_title)}</h1>
                        <div class="alert alert-success" role="status"><p>{t!(i18n, confirm.done_text)}</p></div>
                        <p><A href=crate::routes::LOGIN attr:class="button">{t!(i18n, login.submit)}</A></p>
                    }.into_any(),
                    Ok(Confirmed::NewEmail) => view! {
                        <h1>{t!(i18n, confirm.done_title)}</h1>
                        <div class="alert alert-success" role="status"><p>{t!(i18n, confirm.changed_text)}</p></div>
                        <p><A href=crate::routes::ACCOUNT>{t!(i18n, nav.account)}</A></p>
                    }.into_any(),
                    Err(e) => {
                        let used = e == AppError::TokenInvalid(TokenProblem::Used);
                        view! {
                            <h1>{t!(i18n, confirm.failed_title)}</h1>
                            <div class="alert alert-error" role="alert"><p>{app_error_message(i18n, &e)}</p></div>
                            {used.then(|| view! { <p><A href=crate::routes::LOGIN>{t!(i18n, confirm.try_login)}</A></p> })}
                            <h2>{t!(i18n, confirm.resend_title)}</h2>
                            <ResendForm id_number=Signal::derive(|| None::<String>) />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
