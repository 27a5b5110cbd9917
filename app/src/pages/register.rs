use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{AppError, Register};
use crate::components::{
    ErrorSummary, FormField, FormKind, PageTitle, action_error, app_error_message, field_message,
    summary_items, value_sent_back,
};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

const KIND: FormKind = FormKind::Register;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let updates_sent_back = value_sent_back("updates");
    let action = ServerAction::<Register>::new();
    let server_error = action_error(action);
    let message = move |field: Field| field_message(server_error, field);
    let form_error = move || {
        server_error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| {
            let already = e == AppError::AlreadyRegistered;
            view! {
                <div class="alert alert-error" role="alert" id="form-error">
                    <p>{app_error_message(i18n, &e)}</p>
                    {already.then(|| view! { <p><A href=crate::routes::LOGIN>{t!(i18n, register.go_to_login)}</A></p> })}
                </div>
            }
        })
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, register.title).to_string()) />
        <ErrorSummary items=summary_items(server_error, KIND.fields()) />
        <p class="lead">{t!(i18n, register.intro)}</p>
        {form_error}
        <ActionForm action attr:id="register-form" attr:novalidate=true attr:class="form" attr:data-check=KIND.name() attr:data-busy=KIND.busy_words(i18n.get_locale_untracked())>
            <fieldset>
                <legend>{t!(i18n, register.id_details)}</legend>
                <FormField name="id_number" label=Signal::derive(move || t_string!(i18n, fields.id_number).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.id_number_hint).to_string())
                    autocomplete="username" error=message(Field::IdNumber) value=value_sent_back("id_number") />
                <FormField name="secret_number" label=Signal::derive(move || t_string!(i18n, fields.secret_number).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.secret_number_hint).to_string())
                    inputmode="numeric" error=message(Field::SecretNumber) />
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, register.contact_details)}</legend>
                <FormField name="email" input_type="email" autocomplete="email"
                    label=Signal::derive(move || t_string!(i18n, fields.email).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.email_hint).to_string())
                    error=message(Field::Email) value=value_sent_back("email") />
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, register.password_details)}</legend>
                <FormField name="password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, fields.password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.password_hint).to_string())
                    error=message(Field::Password) />
                <FormField name="confirm_password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, fields.confirm_password).to_string())
                    error=message(Field::ConfirmPassword) />
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, register.terms_legend)}</legend>
                <div class="field checkbox" class:field-invalid=move || message(Field::Terms).get().is_some()>
                    <p class="error" id="terms-error" aria-live="polite">{move || message(Field::Terms).get()}</p>
                    <input type="checkbox" id="terms" name="terms" value="on" aria-describedby="terms-error" />
                    <label for="terms">{t!(i18n, register.terms_label)}</label>
                    <a href=crate::routes::TERMS target="_blank" rel="noopener">{t!(i18n, register.read_terms)}</a>
                    " · "
                    <a href=crate::routes::PRIVACY target="_blank" rel="noopener">{t!(i18n, register.read_privacy)}</a>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="updates" name="updates" value="on" checked=move || !updates_sent_back.get().is_empty() />
                    <label for="updates">{t!(i18n, register.updates_label)}</label>
                </div>
            </fieldset>
            <button type="submit" class="button">{t!(i18n, register.submit)}</button>
        </ActionForm>
        <p>{t!(i18n, register.have_account)} " " <A href=crate::routes::LOGIN>{t!(i18n, nav.login)}</A></p>
    }
}
