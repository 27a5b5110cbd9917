//! Passkeys on the account page (the list, renaming, removing, adding) and
//! the login page's "Sign in with a passkey". Listing, renaming and removing
//! are plain forms. Adding and signing in need the browser's WebAuthn API:
//! their blocks are drawn hidden, and `passkey.js` (loaded by these two
//! blocks only) shows them where the browser has it.

use leptos::prelude::*;

use crate::api::site_facts::passkeys_offered;
use crate::api::{AppError, PasskeyView, RemovePasskey, RenamePasskey};
use crate::components::{DayOf, ErrorAlert, PasswordAgainField, action_error, value_sent_back};
use crate::domain::{Field, MAX_PASSKEY_NAME_CHARS};
use crate::i18n::{t, t_string, use_i18n};

/// The account page's section: what a passkey is, the candidate's
/// passkeys, and the button to add one.
#[component]
pub fn PasskeysSection(passkeys: Vec<PasskeyView>, needs_password: bool) -> impl IntoView {
    let i18n = use_i18n();
    let offered = passkeys_offered();
    let empty = passkeys.is_empty();
    view! {
        <section class="account-section" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title">{t!(i18n, passkeys.title)}</h2>
            <p>{t!(i18n, passkeys.intro)}</p>
            {empty.then(|| view! { <p id="no-passkeys">{t!(i18n, passkeys.none)}</p> })}
            {(!empty).then(|| view! {
                <ul class="passkeys" id="passkey-list">
                    {passkeys.into_iter().map(|p| view! { <PasskeyItem passkey=p /> }).collect_view()}
                </ul>
            })}
            {offered.then(|| view! {
                <div class="passkey-add" hidden=true data-passkey="add" data-options=crate::routes::passkeys::ADD_OPTIONS data-finish=crate::routes::passkeys::ADD
                    data-cancelled=move || t_string!(i18n, passkeys.cancelled_add).to_string()
                    data-failed=move || t_string!(i18n, errors.request).to_string()>
                    <p class="alert alert-error" role="alert" data-passkey-message hidden=true></p>
                    {needs_password.then(|| view! {
                        <PasswordAgainField id="passkey_current_password"
                            hint=Signal::derive(move || t_string!(i18n, passkeys.password_hint).to_string()) error=Signal::derive(|| None) />
                    })}
                    <button type="button" class="button" id="passkey-add">{t!(i18n, passkeys.add)}</button>
                    <p class="hint" role="status" data-passkey-busy hidden=true>{t!(i18n, passkeys.waiting)}</p>
                </div>
                <script type="module" src=crate::routes::passkeys::SCRIPT></script>
            })}
        </section>
    }
    // Erased: the account page's type would otherwise grow past the
    // compiler's depth limit in release builds.
    .into_any()
}

/// One passkey: its name, when it was added and last used, a form to
/// rename it and a button to remove it.
#[component]
fn PasskeyItem(passkey: PasskeyView) -> impl IntoView {
    let i18n = use_i18n();
    let PasskeyView {
        id,
        name,
        created_at_ms,
        last_used_at_ms,
    } = passkey;
    let rename = ServerAction::<RenamePasskey>::new();
    let remove = ServerAction::<RemovePasskey>::new();
    // After a post without JavaScript, the error belongs to the passkey it names.
    let this_one = Signal::derive(move || value_sent_back("passkey").get() == id.to_string());
    let rename_error = action_error(rename);
    let name_error = Signal::derive(move || match rename_error.get() {
        Some(AppError::Invalid(errors)) if this_one.get() => errors
            .get(Field::PasskeyName)
            .map(|e| crate::components::validation_message(i18n, e)),
        _ => None,
    });
    let remove_error = action_error(remove);
    let other_error = move || {
        let error = remove_error.get().or_else(|| {
            rename_error
                .get()
                .filter(|e| !matches!(e, AppError::Invalid(_)))
        });
        error
            .filter(|_| this_one.get())
            .map(|e| view! { <ErrorAlert error=e /> })
    };
    let typed = value_sent_back("name");
    let shown_name = name.clone();
    let value = move || {
        if this_one.get() && !typed.get().is_empty() {
            typed.get()
        } else {
            shown_name.clone()
        }
    };
    let (title_id, input_id, error_id) = (
        format!("passkey-{id}-name"),
        format!("passkey-{id}-rename"),
        format!("passkey-{id}-rename-error"),
    );
    let described = {
        let (title_id, error_id) = (title_id.clone(), error_id.clone());
        move || {
            if name_error.get().is_some() {
                format!("{title_id} {error_id}")
            } else {
                title_id.clone()
            }
        }
    };
    view! {
        <li class="passkey" id=format!("passkey-{id}")>
            <h3 id=title_id.clone()>{name}</h3>
            <p class="hint">
                {t!(i18n, passkeys.added, date = move || view! { <DayOf ms=created_at_ms /> })}
                " · "
                {match last_used_at_ms {
                    Some(ms) => t!(i18n, passkeys.last_used, date = move || view! { <DayOf ms=ms /> }).into_any(),
                    None => t!(i18n, passkeys.never_used).into_any(),
                }}
            </p>
            {other_error}
            <ActionForm action=rename attr:class="form passkey-rename">
                <input type="hidden" name="passkey" value=id.to_string() />
                <div class="field" class:field-invalid=move || name_error.get().is_some()>
                    <label for=input_id.clone()>{t!(i18n, passkeys.name_label)}</label>
                    <p class="error" id=error_id.clone() aria-live="polite">{move || name_error.get()}</p>
                    <input type="text" id=input_id.clone() name="name" autocomplete="off" maxlength=MAX_PASSKEY_NAME_CHARS.to_string() value=value
                        aria-invalid=move || if name_error.get().is_some() { "true" } else { "false" } aria-describedby=described />
                </div>
                <button type="submit" class="button secondary">{t!(i18n, passkeys.rename)}</button>
            </ActionForm>
            <ActionForm action=remove attr:class="form passkey-remove">
                <input type="hidden" name="passkey" value=id.to_string() />
                <button type="submit" class="button danger" aria-describedby=title_id>{t!(i18n, passkeys.remove)}</button>
            </ActionForm>
        </li>
    }
    .into_any()
}

/// The login page's "Sign in with a passkey", beside the password form.
#[component]
pub fn PasskeySignIn() -> impl IntoView {
    let i18n = use_i18n();
    passkeys_offered().then(|| {
        view! {
            <section class="passkey-sign-in" aria-labelledby="passkey-sign-in-title" hidden=true data-passkey="sign-in"
                data-options=crate::routes::passkeys::SIGN_IN_OPTIONS data-finish=crate::routes::passkeys::SIGN_IN
                data-cancelled=move || t_string!(i18n, passkeys.cancelled).to_string()
                data-failed=move || t_string!(i18n, errors.request).to_string()>
                <h2 id="passkey-sign-in-title">{t!(i18n, passkeys.title)}</h2>
                <p class="hint">{t!(i18n, passkeys.sign_in_hint)}</p>
                <p class="alert alert-error" role="alert" data-passkey-message hidden=true></p>
                <button type="button" class="button secondary" id="passkey-sign-in">{t!(i18n, passkeys.sign_in)}</button>
                <p class="hint" role="status" data-passkey-busy hidden=true>{t!(i18n, passkeys.waiting)}</p>
            </section>
            <script type="module" src=crate::routes::passkeys::SCRIPT></script>
        }
        .into_any()
    })
}
