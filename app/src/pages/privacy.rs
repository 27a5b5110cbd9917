use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::privacy_periods;
use crate::components::{ErrorAlert, PageTitle};
use crate::domain::RetentionPeriods;
use crate::i18n::{t, t_string, use_i18n};

/// What is kept, why, for how long, who sees it, and the candidate's
/// rights. The periods come from the server's own settings, so the page
/// cannot drift from what the code does.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    // Blocking: a failure to load answers 5xx (see the results page).
    let periods = Resource::new_blocking(|| (), |()| privacy_periods());
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, privacy.title).to_string()) />
        <p class="lead">{t!(i18n, privacy.intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match periods.await {
                    Ok(p) => view! { <Periods p /> }.into_any(),
                    Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <h2>{t!(i18n, privacy.who_title)}</h2>
        <p>{t!(i18n, privacy.who)}</p>
        <h2>{t!(i18n, privacy.rights_title)}</h2>
        <ul>
            <li>{t!(i18n, privacy.right_access)}</li>
            <li>{t!(i18n, privacy.right_correct)}</li>
            <li>{t!(i18n, privacy.right_delete)}</li>
            <li>{t!(i18n, privacy.right_contact)}</li>
        </ul>
        <p><A href=crate::routes::ACCOUNT>{t!(i18n, privacy.account_link)}</A></p>
    }
}

#[component]
fn Periods(p: RetentionPeriods) -> impl IntoView {
    let i18n = use_i18n();
    let n = |v: i64| move || v.to_string();
    view! {
        <h2>{t!(i18n, privacy.what_title)}</h2>
        <h3>{t!(i18n, privacy.entry_title)}</h3>
        <p>{t!(i18n, privacy.entry)}</p>
        <h3>{t!(i18n, privacy.account_title)}</h3>
        <p id="privacy-account">{t!(i18n, privacy.account, days = n(p.unconfirmed_account_days))}</p>
        <h3>{t!(i18n, privacy.sessions_title)}</h3>
        <p id="privacy-sessions">{t!(i18n, privacy.sessions, minutes = n(p.session_idle_minutes), hours = n(p.session_hours))}</p>
        <h3>{t!(i18n, privacy.guesses_title)}</h3>
        <p>{t!(i18n, privacy.guesses, hours = n(p.guess_hours))}</p>
        <h3>{t!(i18n, privacy.links_title)}</h3>
        <p>{t!(i18n, privacy.links, confirm_hours = n(p.confirmation_link_hours), reset_minutes = n(p.reset_link_minutes), days = n(p.dead_link_days))}</p>
        <h3>{t!(i18n, privacy.emails_title)}</h3>
        <p>{t!(i18n, privacy.emails, days = n(p.sent_email_days))}</p>
        <h3>{t!(i18n, privacy.shares_title)}</h3>
        <p>{t!(i18n, privacy.shares, hours = n(p.guess_hours))}</p>
        <h3>{t!(i18n, privacy.passkeys_title)}</h3>
        <p>{t!(i18n, privacy.passkeys)}</p>
        <h3>{t!(i18n, privacy.centre_title)}</h3>
        <p id="privacy-centre">{t!(i18n, privacy.centre, upload_minutes = n(p.upload_minutes), minutes = n(p.staff_idle_minutes), hours = n(p.staff_session_hours), days = n(p.dead_link_days))}</p>
    }
}
