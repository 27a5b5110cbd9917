//! What the portal's pages share: the navigation, and a refused post's
//! words beside its fields.

use leptos::prelude::*;

use crate::api::{AppError, PostedRefusal};
use crate::components::app_error_message;
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

/// The portal's own navigation, at the top of each signed-in page.
#[component]
pub(super) fn PortalNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="portal-nav" aria-label=move || t_string!(i18n, centre.nav_label).to_string()>
            <a href=crate::routes::centre::HOME>{t!(i18n, centre.nav_home)}</a>
            <a href=crate::routes::centre::UPLOAD>{t!(i18n, centre.nav_upload)}</a>
            <a href=crate::routes::centre::CANDIDATES>{t!(i18n, centre.nav_candidates)}</a>
            <a href=crate::routes::centre::RELEASE>{t!(i18n, centre.nav_release)}</a>
            <a href=crate::routes::centre::AUDIT>{t!(i18n, centre.nav_audit)}</a>
            <form method="post" action=crate::routes::centre::SIGN_OUT class="inline-form">
                <button type="submit" class="link-button">{t!(i18n, centre.sign_out)}</button>
            </form>
        </nav>
    }
}

/// The refusal of the post this page answers, if it is one.
pub(super) fn posted_refusal() -> Option<PostedRefusal> {
    use_context::<PostedRefusal>()
}

/// The words beside `field` after a refused post.
pub(super) fn field_error(refusal: &Option<PostedRefusal>, field: Field) -> Signal<Option<String>> {
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
pub(super) fn form_alert(refusal: &Option<PostedRefusal>) -> Option<AnyView> {
    let i18n = use_i18n();
    refusal.as_ref().map(|r| match &r.error {
        AppError::Invalid(_) => view! { <p class="alert alert-error" role="alert">{t!(i18n, errors.invalid)}</p> }.into_any(),
        AppError::CredentialsRejected => view! { <p class="alert alert-error" role="alert">{t!(i18n, centre.credentials_rejected)}</p> }.into_any(),
        e => view! { <p class="alert alert-error" role="alert">{app_error_message(i18n, e)}</p> }.into_any(),
    })
}
