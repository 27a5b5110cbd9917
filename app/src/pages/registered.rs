use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{AppError, ResendConfirmation, registered_address};
use crate::components::{
    ErrorAlert, FormField, PageTitle, action_error, validation_message, value_sent_back,
};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

/// Shown after registering: where the email went and what to do next. The
/// address comes from the server (the cookie the registration set), never
/// from the page's URL, so no link can make this page name another one.
#[component]
pub fn RegisteredPage() -> impl IntoView {
    let i18n = use_i18n();
    let address = Resource::new(|| (), |()| registered_address());
    let sent_id = value_sent_back("id");
    let id = Signal::derive(move || Some(sent_id.get()).filter(|id| !id.is_empty()));
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, registered.title).to_string()) />
        <div class="alert alert-success" role="status">
            <p>
                <Transition fallback=move || t!(i18n, registered.sent_generic)>
                    {move || match address.get().and_then(Result::ok).flatten() {
                        Some(address) => t!(i18n, registered.sent, email = move || view! { <strong id="sent-to">{address.clone()}</strong> }).into_any(),
                        None => t!(i18n, registered.sent_generic).into_any(),
                    }}
                </Transition>
            </p>
        </div>
        <p>{t!(i18n, registered.follow_link)}</p>
        <p>{t!(i18n, registered.check_spam)}</p>
        <p>{t!(i18n, registered.wrong_address)} " " <A href=crate::routes::REGISTER>{t!(i18n, nav.register)}</A></p>
        <h2>{t!(i18n, registered.no_email_title)}</h2>
        <ResendForm id_number=id />
    }
}

/// "Resend confirmation email": with the ID Number known it is one button,
/// otherwise it asks for the ID Number.
#[component]
pub fn ResendForm(#[prop(into)] id_number: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResendConfirmation>::new();
    let error = action_error(action);
    let field_message = Signal::derive(move || match error.get() {
        Some(AppError::Invalid(errors)) => errors
            .get(Field::IdNumber)
            .map(|e| validation_message(i18n, e)),
        _ => None,
    });
    let other_error = move || {
        error
            .get()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| view! { <ErrorAlert error=e /> })
    };
    view! {
        {other_error}
        <ActionForm action attr:class="form inline-form">
            {move || match id_number.get() {
                Some(id) => view! { <input type="hidden" name="id_number" value=id /> }.into_any(),
                None => view! {
                    <FormField name="id_number" autocomplete="username"
                        label=Signal::derive(move || t_string!(i18n, fields.id_number).to_string())
                        error=field_message />
                }.into_any(),
            }}
            <button type="submit" class="button secondary" disabled=move || action.pending().get()>
                {t!(i18n, registered.resend)}
            </button>
        </ActionForm>
    }
}

/// Shown after a resend request, whatever the ID Number: the answer must not
/// reveal whether an account exists.
#[component]
pub fn ResentPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, resent.title).to_string()) />
        <div class="alert alert-success" role="status"><p>{t!(i18n, resent.text)}</p></div>
        <p>{t!(i18n, registered.check_spam)}</p>
        <p><A href=crate::routes::LOGIN>{t!(i18n, nav.login)}</A></p>
    }
}
