use leptos::prelude::*;

use super::account_exams::ExamsSection;
use super::passkeys::PasskeysSection;
use crate::api::{
    AccountView, ChangeEmail, ChangePassword, DeleteAccount, DownloadMyData, SetUpdates,
    SignOutEverywhere, account,
};
use crate::components::{
    DocumentTitle, FormField, FormKind, Loaded, PasswordAgainField, PasswordStrength, action_error,
    field_message, refusal_alert, value_sent_back,
};
use crate::domain::Field;
use crate::i18n::{t, t_string, use_i18n};

/// The signed-in candidate's account: password, email address, updates,
/// and signing out everywhere. Every form also works without JavaScript.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    // Blocking: a failure to load answers 5xx (see the results page).
    let details = Resource::new_blocking(|| (), |()| account());
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, account.title).to_string()) />
        <h1>{t!(i18n, account.title)}</h1>
        <Loaded data=details login=crate::routes::LOGIN
            show=|view: AccountView| view! { <Done pending=view.pending_email.clone() /> <AccountForms view /> } />
    }
}

/// The confirmation of the last change (`?done=` after the redirect). A new
/// address is named as the server has it (`pending`), never from the URL,
/// so no link can make this page say it sent mail to an address of its choosing.
#[component]
fn Done(pending: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let done = value_sent_back("done");
    move || {
        let text = match (done.get().as_str(), pending.clone()) {
            ("password", _) => t!(i18n, account.password_done).into_any(),
            ("email", Some(new_email)) => t!(
                i18n,
                account.email_sent,
                email = move || view! { <strong>{new_email.clone()}</strong> }
            )
            .into_any(),
            ("email", None) => t!(i18n, account.email_sent_generic).into_any(),
            ("updates", _) => t!(i18n, account.updates_done).into_any(),
            ("passkey_added", _) => t!(i18n, passkeys.done_added).into_any(),
            ("passkey_renamed", _) => t!(i18n, passkeys.done_renamed).into_any(),
            ("passkey_removed", _) => t!(i18n, passkeys.done_removed).into_any(),
            ("exam_added", _) => t!(i18n, account.exam_added).into_any(),
            ("exam_joined", _) => t!(i18n, account.exam_joined).into_any(),
            ("exam_removed", _) => t!(i18n, account.exam_removed).into_any(),
            _ => return None,
        };
        Some(
            view! { <div class="alert alert-success" role="status" id="account-done"><p>{text}</p></div> },
        )
    }
}

#[component]
fn AccountForms(view: AccountView) -> impl IntoView {
    let i18n = use_i18n();
    let AccountView {
        id_number,
        exams,
        email,
        pending_email,
        wants_updates,
        passkeys,
        passkey_needs_password,
    } = view;
    view! {
        <section class="account-section" aria-labelledby="details-title">
            <h2 id="details-title">{t!(i18n, account.details)}</h2>
            <dl class="entry-details">
                <dt>{t!(i18n, fields.id_number)}</dt><dd id="account-id">{id_number.clone()}</dd>
                <dt>{t!(i18n, account.email)}</dt><dd id="account-email">{email.clone()}</dd>
            </dl>
            {pending_email.map(|p| view! { <p class="hint" id="pending-email">{t!(i18n, account.pending, email = move || p.clone())}</p> })}
        </section>
        <ExamsSection exams />
        <PasswordForm id_number=id_number.clone() email=email.clone() />
        <PasskeysSection passkeys needs_password=passkey_needs_password />
        <EmailForm current=email />
        <UpdatesForm wants_updates />
        <DevicesForm />
        <DataForm />
        <DeleteForm />
    }
}

#[component]
fn PasswordForm(id_number: String, email: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePassword>::new();
    let server_error = action_error(action);
    let message = move |field: Field| field_message(server_error, field);
    let checked_id = id_number.clone();
    view! {
        <section class="account-section" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, account.password_title)}</h2>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:novalidate=true attr:class="form" attr:id="password-form"
                attr:data-check=FormKind::PasswordChange.name() attr:data-busy=FormKind::PasswordChange.busy_words(i18n.get_locale_untracked()) attr:data-id-number=checked_id attr:data-email=email>
                <input type="text" name="username" autocomplete="username" value=id_number hidden=true readonly=true />
                <FormField name="current_password" input_type="password" autocomplete="current-password"
                    label=Signal::derive(move || t_string!(i18n, account.current_password).to_string())
                    error=message(Field::CurrentPassword) />
                <FormField name="password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, account.new_password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.password_hint).to_string())
                    error=message(Field::Password) described_by="password-strength" />
                <PasswordStrength id="password-strength" />
                <FormField name="confirm_password" input_type="password" autocomplete="new-password"
                    label=Signal::derive(move || t_string!(i18n, account.confirm_password).to_string())
                    error=message(Field::ConfirmPassword) />
                <button type="submit" class="button">{t!(i18n, account.password_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn EmailForm(current: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangeEmail>::new();
    let server_error = action_error(action);
    let message = move |field: Field| field_message(server_error, field);
    view! {
        <section class="account-section" aria-labelledby="email-title">
            <h2 id="email-title">{t!(i18n, account.email_title)}</h2>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:novalidate=true attr:class="form" attr:id="email-form"
                attr:data-check=FormKind::EmailChange.name() attr:data-busy=FormKind::EmailChange.busy_words(i18n.get_locale_untracked()) attr:data-current-email=current>
                <FormField name="email" input_type="email" autocomplete="email"
                    label=Signal::derive(move || t_string!(i18n, account.new_email).to_string())
                    hint=Signal::derive(move || t_string!(i18n, account.email_hint).to_string())
                    error=message(Field::Email) value=value_sent_back("email") />
                <PasswordAgainField id="email_current_password" hint=Signal::derive(move || t_string!(i18n, account.email_password_hint).to_string())
                    error=message(Field::CurrentPassword) />
                <button type="submit" class="button">{t!(i18n, account.email_submit)}</button>
            </ActionForm>
        </section>
    }
}

/// "Download my data": a JSON file of everything kept about the candidate.
/// A plain form: the answer is the file.
#[component]
fn DataForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DownloadMyData>::new();
    let server_error = action_error(action);
    view! {
        <section class="account-section" aria-labelledby="data-title">
            <h2 id="data-title">{t!(i18n, account.data_title)}</h2>
            <p>{t!(i18n, account.data_text)}</p>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:class="form" attr:id="data-form">
                <PasswordAgainField id="data_current_password" hint=Signal::derive(move || t_string!(i18n, account.password_again_hint).to_string())
                    error=field_message(server_error, Field::CurrentPassword) />
                <button type="submit" class="button secondary">{t!(i18n, account.data_submit)}</button>
            </ActionForm>
        </section>
    }
}

/// "Delete my account": what goes, what stays, and the password again.
#[component]
fn DeleteForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DeleteAccount>::new();
    let server_error = action_error(action);
    view! {
        <section class="account-section" aria-labelledby="delete-title">
            <h2 id="delete-title">{t!(i18n, account.delete_title)}</h2>
            <p>{t!(i18n, account.delete_text)}</p>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:class="form" attr:id="delete-form">
                <PasswordAgainField id="delete_current_password" hint=Signal::derive(move || t_string!(i18n, account.password_again_hint).to_string())
                    error=field_message(server_error, Field::CurrentPassword) />
                <button type="submit" class="button danger">{t!(i18n, account.delete_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn UpdatesForm(wants_updates: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetUpdates>::new();
    let server_error = action_error(action);
    view! {
        <section class="account-section" aria-labelledby="updates-title">
            <h2 id="updates-title">{t!(i18n, account.updates_title)}</h2>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:class="form" attr:id="updates-form">
                <div class="field checkbox">
                    <input type="checkbox" id="updates" name="updates" value="on" checked=wants_updates />
                    <label for="updates">{t!(i18n, account.updates_label)}</label>
                </div>
                <button type="submit" class="button secondary">{t!(i18n, account.updates_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DevicesForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignOutEverywhere>::new();
    let server_error = action_error(action);
    view! {
        <section class="account-section" aria-labelledby="devices-title">
            <h2 id="devices-title">{t!(i18n, account.devices_title)}</h2>
            <p>{t!(i18n, account.devices_text)}</p>
            {refusal_alert(i18n, server_error)}
            <ActionForm action attr:class="form">
                <button type="submit" class="button secondary">{t!(i18n, account.devices_submit)}</button>
            </ActionForm>
        </section>
    }
}
