use leptos::prelude::*;

use super::portal::PortalNav;
use crate::api::{AppError, InviteAnswer, centre_staff};
use crate::components::{DocumentTitle, ErrorAlert, FormField, Loaded, validation_message};
use crate::domain::{Field, StaffRole, StaffView};
use crate::i18n::{t, t_string, use_i18n};

/// `/centre`: the portal's home for a signed-in staff member.
#[component]
pub fn CentreHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let staff = Resource::new_blocking(|| (), |()| centre_staff());
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, centre.home_title).to_string()) />
        <Loaded data=staff login=crate::routes::centre::LOGIN show={move |staff: StaffView| {
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
                            {(staff.role == StaffRole::Admin).then(|| view! { <InviteColleague /> })}
                            <ul class="portal-tasks">
                                <li><a href=crate::routes::centre::UPLOAD>{t!(i18n, centre.task_upload)}</a></li>
                                <li><a href=crate::routes::centre::CANDIDATES>{t!(i18n, centre.task_candidates)}</a></li>
                                <li><a href=crate::routes::centre::RELEASE>{t!(i18n, centre.task_release)}</a></li>
                                <li><a href=crate::routes::centre::AUDIT>{t!(i18n, centre.task_audit)}</a></li>
                            </ul>
                        }
        }} />
    }
    .into_any()
}

/// An admin's form to invite a colleague as an officer.
#[component]
fn InviteColleague() -> impl IntoView {
    let i18n = use_i18n();
    let answer = use_context::<InviteAnswer>();
    let (email, error, done, failed) = match &answer {
        Some(InviteAnswer {
            outcome: Ok(sent), ..
        }) => (String::new(), None, Some(sent.clone()), None),
        Some(InviteAnswer {
            outcome: Err(AppError::Invalid(errors)),
            email,
        }) => (
            email.clone(),
            errors
                .get(Field::Email)
                .map(|e| validation_message(i18n, e)),
            None,
            None,
        ),
        Some(InviteAnswer {
            outcome: Err(e),
            email,
        }) => (email.clone(), None, None, Some(e.clone())),
        None => (String::new(), None, None, None),
    };
    view! {
        <section class="account-section" aria-labelledby="invite-title">
            <h2 id="invite-title">{t!(i18n, centre.invite_title)}</h2>
            {done.map(|sent| view! { <p class="alert alert-success" role="status" id="invite-done">{t!(i18n, centre.invite_done, email = move || sent.clone())}</p> })}
            {failed.map(|e| view! { <ErrorAlert error=e /> })}
            <p>{t!(i18n, centre.invite_intro)}</p>
            <form method="post" action=crate::routes::centre::INVITE class="form" novalidate=true>
                <FormField name="email" input_type="email" autocomplete="off"
                    label=Signal::derive(move || t_string!(i18n, centre.email).to_string())
                    error=Signal::stored(error) value=Signal::stored(email) />
                <div class="field">
                    <label for="language">{t!(i18n, centre.invite_language)}</label>
                    <select id="language" name="language">
                        <option value="fr">{t!(i18n, centre.lang_fr)}</option>
                        <option value="en">{t!(i18n, centre.lang_en)}</option>
                    </select>
                </div>
                <button type="submit" class="button">{t!(i18n, centre.invite_send)}</button>
            </form>
        </section>
    }
    .into_any()
}
