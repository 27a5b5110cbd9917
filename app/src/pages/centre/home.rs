use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::PortalNav;
use crate::api::{AppError, centre_staff};
use crate::components::{DocumentTitle, app_error_message};
use crate::domain::{CENTRE_AUDIT_PATH, CENTRE_LOGIN_PATH, CENTRE_UPLOAD_PATH, StaffRole};
use crate::i18n::{t, t_string, use_i18n};

/// `/centre`: the portal's home for a signed-in staff member.
#[component]
pub fn CentreHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let staff = Resource::new_blocking(|| (), |()| centre_staff());
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.home_title).to_string()) />
        <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(staff) => {
                        let role = match staff.role {
                            StaffRole::Officer => t_string!(i18n, centre.role_officer).to_string(),
                            StaffRole::Admin => t_string!(i18n, centre.role_admin).to_string(),
                        };
                        let (email, zone) = (staff.email.clone(), staff.time_zone.clone());
                        view! {
                            <PortalNav />
                            <h1>{staff.centre_name.clone()}</h1>
                            <p id="signed-in-as">{t!(i18n, centre.signed_in_as, email = move || email.clone(), role = move || role.clone())}</p>
                            <p>{t!(i18n, centre.time_zone, zone = move || zone.clone())}</p>
                            <ul class="portal-tasks">
                                <li><a href=CENTRE_UPLOAD_PATH>{t!(i18n, centre.task_upload)}</a></li>
                                <li><a href=CENTRE_AUDIT_PATH>{t!(i18n, centre.task_audit)}</a></li>
                            </ul>
                        }.into_any()
                    }
                    Err(AppError::NotSignedIn) => view! { <Redirect path=CENTRE_LOGIN_PATH /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{app_error_message(i18n, &e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
