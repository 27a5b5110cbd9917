use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::PortalNav;
use crate::api::{AppError, centre_audit};
use crate::components::{DocumentTitle, app_error_message};
use crate::domain::{CENTRE_AUDIT_CSV_PATH, CENTRE_LOGIN_PATH};
use crate::i18n::{t, t_string, use_i18n};

/// `/centre/audit`: every staff action at the centre, newest first.
#[component]
pub fn CentreAuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let log = Resource::new_blocking(|| (), |()| centre_audit());
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.audit_title).to_string()) />
        <PortalNav />
        <h1>{t!(i18n, centre.audit_title)}</h1>
        <p>{t!(i18n, centre.audit_intro)}</p>
        <p><a href=CENTRE_AUDIT_CSV_PATH download="">{t!(i18n, centre.audit_csv)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(entries) => view! {
                        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="audit-caption">
                            <table class="data-table" id="audit-log">
                                <caption id="audit-caption">{t!(i18n, centre.audit_caption)}</caption>
                                <thead><tr>
                                    <th scope="col">{t!(i18n, centre.audit_when)}</th>
                                    <th scope="col">{t!(i18n, centre.audit_who)}</th>
                                    <th scope="col">{t!(i18n, centre.audit_what)}</th>
                                    <th scope="col">{t!(i18n, centre.audit_detail)}</th>
                                    <th scope="col">{t!(i18n, centre.audit_from)}</th>
                                </tr></thead>
                                <tbody>
                                    {entries.into_iter().map(|e| view! {
                                        <tr><td>{e.at}</td><td>{e.staff}</td><td>{e.action}</td><td>{e.detail}</td><td>{e.address}</td></tr>
                                    }.into_any()).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(AppError::NotSignedIn) => view! { <Redirect path=CENTRE_LOGIN_PATH /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{app_error_message(i18n, &e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}
