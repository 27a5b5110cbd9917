use std::collections::HashSet;

use leptos::prelude::*;
use leptos::web_sys::{Event, SubmitEvent};
use leptos_router::components::A;

use crate::api::{AppError, Register};
use crate::components::{
    ErrorSummary, FormField, FormValues, PageTitle, Submitted, action_error, app_error_message, field_message, focus_error_summary, snapshot, summary_items,
    value_sent_back,
};
use crate::domain::{Field, FieldErrors, RegistrationInput};
use crate::i18n::{t, t_string, use_i18n};

const FORM_ID: &str = "register-form";

const FIELDS: &[(Field, &str)] = &[
    (Field::IdNumber, "id_number"),
    (Field::SecretNumber, "secret_number"),
    (Field::Email, "email"),
    (Field::Password, "password"),
    (Field::ConfirmPassword, "confirm_password"),
    (Field::Terms, "terms"),
];

/// The shared rules applied to what the form holds now.
fn validate(values: &FormValues) -> FieldErrors {
    let (id, secret, email, password, confirm) =
        (values.get("id_number"), values.get("secret_number"), values.get("email"), values.get("password"), values.get("confirm_password"));
    RegistrationInput {
        id_number: &id,
        secret_number: &secret,
        email: &email,
        password: &password,
        confirm_password: &confirm,
        terms_accepted: values.checked("terms"),
        wants_updates: values.checked("updates"),
    }
    .validate()
    .err()
    .unwrap_or_default()
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let updates_sent_back = value_sent_back("updates");
    let action = ServerAction::<Register>::new();
    let server_error = action_error(action);
    // Messages appear for a field once it has been left, and for all on submit.
    let client = RwSignal::new(FieldErrors::default());
    let submitted: Submitted = RwSignal::new(Vec::new());
    // While a mouse button or finger is down in the form, a message appearing
    // or vanishing would move the control being clicked away from under the
    // pointer and the click would be lost: leaving a field then waits for the
    // release (keyboard users get the message at once).
    let pointer_down = StoredValue::new(false);
    let touched = RwSignal::new(HashSet::<Field>::new());
    let revalidate = move |values: &FormValues| {
        let all = validate(values);
        client.set(touched.with(|t| FieldErrors(all.0.into_iter().filter(|(f, _)| t.contains(f)).collect())));
    };
    let blur = move |field: Field| {
        Callback::new(move |ev: Event| {
            touched.update(|t| {
                t.insert(field);
            });
            if !pointer_down.get_value()
                && let Some(values) = FormValues::from_event(&ev)
            {
                revalidate(&values);
            }
        })
    };
    let released = window_event_listener(leptos::ev::pointerup, move |_| {
        if pointer_down.get_value() {
            pointer_down.set_value(false);
            // After the click this release belongs to has been dispatched.
            set_timeout(
                move || {
                    if let Some(values) = FormValues::of_form(FORM_ID) {
                        revalidate(&values);
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    });
    on_cleanup(move || released.remove());
    let on_submit = move |ev: SubmitEvent| {
        touched.set(FIELDS.iter().map(|(f, _)| *f).collect());
        if let Some(values) = FormValues::from_event(&ev) {
            revalidate(&values);
        }
        submitted.set(client.with(|c| snapshot(c, FIELDS)));
        if client.with(|c| !c.is_empty()) {
            ev.prevent_default();
            focus_error_summary();
        }
    };
    let message = move |field: Field| field_message(client, server_error, field);
    let summary = summary_items(submitted, server_error, FIELDS);
    let form_error = move || {
        server_error.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| {
            let already = e == AppError::AlreadyRegistered;
            view! {
                <div class="alert alert-error" role="alert" id="form-error">
                    <p>{app_error_message(i18n, &e)}</p>
                    {already.then(|| view! { <p><A href="/login">{t!(i18n, register.go_to_login)}</A></p> })}
                </div>
            }
        })
    };
    view! {
        <PageTitle text=Signal::derive(move || t_string!(i18n, register.title).to_string()) />
        <ErrorSummary items=summary />
        <p class="lead">{t!(i18n, register.intro)}</p>
        {form_error}
        <ActionForm action on:submit:capture=on_submit on:pointerdown=move |_| pointer_down.set_value(true)
            attr:id=FORM_ID attr:novalidate=true attr:class="form">
            <fieldset>
                <legend>{t!(i18n, register.id_details)}</legend>
                <FormField name="id_number" label=Signal::derive(move || t_string!(i18n, fields.id_number).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.id_number_hint).to_string())
                    autocomplete="username" error=message(Field::IdNumber) on_blur=blur(Field::IdNumber) value=value_sent_back("id_number") />
                <FormField name="secret_number" label=Signal::derive(move || t_string!(i18n, fields.secret_number).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.secret_number_hint).to_string())
                    inputmode="numeric" error=message(Field::SecretNumber) on_blur=blur(Field::SecretNumber) />
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, register.contact_details)}</legend>
                <FormField name="email" input_type="email" autocomplete="email"
                    label=Signal::derive(move || t_string!(i18n, fields.email).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.email_hint).to_string())
                    error=message(Field::Email) on_blur=blur(Field::Email) value=value_sent_back("email") />
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, register.password_details)}</legend>
                <FormField name="password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, fields.password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.password_hint).to_string())
                    error=message(Field::Password) on_blur=blur(Field::Password) />
                <FormField name="confirm_password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, fields.confirm_password).to_string())
                    error=message(Field::ConfirmPassword) on_blur=blur(Field::ConfirmPassword) />
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, register.terms_legend)}</legend>
                <div class="field checkbox" class:field-invalid=move || message(Field::Terms).get().is_some()>
                    <p class="error" id="terms-error" aria-live="polite">{move || message(Field::Terms).get()}</p>
                    <input type="checkbox" id="terms" name="terms" value="on" aria-describedby="terms-error" />
                    <label for="terms">{t!(i18n, register.terms_label)}</label>
                    <a href="/terms" target="_blank" rel="noopener">{t!(i18n, register.read_terms)}</a>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="updates" name="updates" value="on" checked=move || !updates_sent_back.get().is_empty() />
                    <label for="updates">{t!(i18n, register.updates_label)}</label>
                </div>
            </fieldset>
            <button type="submit" class="button" disabled=move || action.pending().get()>{t!(i18n, register.submit)}</button>
        </ActionForm>
        <p>{t!(i18n, register.have_account)} " " <A href="/login">{t!(i18n, nav.login)}</A></p>
    }
}
