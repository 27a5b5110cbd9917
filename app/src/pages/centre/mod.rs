//! The centre portal's pages (`/centre/…`): staff sign in with a password
//! and a code from their authenticator app, upload their centre's files
//! with a preview, and read the audit log. Every form is a plain post.

mod audit;
mod candidates;
mod home;
mod release;
mod sign_in;
mod upload;

pub use audit::CentreAuditPage;
pub use candidates::CentreCandidatesPage;
pub use home::CentreHomePage;
pub use release::CentreReleasePage;
pub use sign_in::{CentreLoginPage, SecondFactorPage, StaffInvitationPage};
pub use upload::CentreUploadPage;

use leptos::prelude::*;

use crate::api::{AppError, PostedRefusal};
use crate::components::app_error_message;
use crate::domain::{
    CENTRE_AUDIT_PATH, CENTRE_CANDIDATES_PATH, CENTRE_HOME_PATH, CENTRE_RELEASE_PATH,
    CENTRE_SIGN_OUT_PATH, CENTRE_UPLOAD_PATH, Field,
};
use crate::i18n::{t, t_string, use_i18n};

/// The portal's own navigation, at the top of each signed-in page.
#[component]
fn PortalNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="portal-nav" aria-label=move || t_string!(i18n, centre.nav_label).to_string()>
            <a href=CENTRE_HOME_PATH>{t!(i18n, centre.nav_home)}</a>
            <a href=CENTRE_UPLOAD_PATH>{t!(i18n, centre.nav_upload)}</a>
            <a href=CENTRE_CANDIDATES_PATH>{t!(i18n, centre.nav_candidates)}</a>
            <a href=CENTRE_RELEASE_PATH>{t!(i18n, centre.nav_release)}</a>
            <a href=CENTRE_AUDIT_PATH>{t!(i18n, centre.nav_audit)}</a>
            <form method="post" action=CENTRE_SIGN_OUT_PATH class="inline-form">
                <button type="submit" class="link-button">{t!(i18n, centre.sign_out)}</button>
            </form>
        </nav>
    }
}

/// The refusal of the post this page answers, if it is one.
fn posted_refusal() -> Option<PostedRefusal> {
    use_context::<PostedRefusal>()
}

/// The words beside `field` after a refused post.
fn field_error(refusal: &Option<PostedRefusal>, field: Field) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let message = match refusal {
        Some(PostedRefusal {
            error: AppError::Invalid(errors),
            ..
        }) => errors
            .get(field)
            .map(|e| crate::components::validation_message(i18n, e)),
        _ => None,
    };
    Signal::stored(message)
}

/// A refusal that is not about one field, as an alert.
fn form_alert(refusal: &Option<PostedRefusal>) -> Option<AnyView> {
    let i18n = use_i18n();
    refusal.as_ref().map(|r| match &r.error {
        AppError::Invalid(_) => view! { <p class="alert alert-error" role="alert">{t!(i18n, errors.invalid)}</p> }.into_any(),
        AppError::CredentialsRejected => view! { <p class="alert alert-error" role="alert">{t!(i18n, centre.credentials_rejected)}</p> }.into_any(),
        e => view! { <p class="alert alert-error" role="alert">{app_error_message(i18n, e)}</p> }.into_any(),
    })
}
