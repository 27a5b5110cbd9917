use leptos::prelude::*;

use super::portal::PortalNav;
use crate::api::centre_audit;
use crate::components::{DocumentTitle, Loaded};
use crate::domain::AuditView;

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
        <p><a href=crate::routes::centre::AUDIT_CSV download="">{t!(i18n, centre.audit_csv)}</a></p>
        <Loaded data=log login=crate::routes::centre::LOGIN show={move |entries: Vec<AuditView>| view! {
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
        }} />
    }
    .into_any()
}
