use leptos::prelude::*;

use crate::api::{
    AppError, CreatedShareCode, NewShareCode, RevokeShareCode, ShareCodeView, my_share_codes,
};
use crate::components::{
    DayOf, DocumentTitle, ErrorAlert, Loaded, MomentUtc, validation_message, value_sent_back,
};
use crate::domain::{Field, ValidFor};
use crate::i18n::{t, t_string, use_i18n};

/// The candidate's share codes: the one just created (after the post that
/// created it, the only time it is shown), the list with each code's
/// successful checks and a Revoke button, and the form for another.
#[component]
pub fn ShareCodesPage() -> impl IntoView {
    let i18n = use_i18n();
    // Only a page drawn in answer to the creating post has one.
    let created = use_context::<CreatedShareCode>().map(|c| c.0);
    let codes = Resource::new_blocking(|| (), |()| my_share_codes());
    let form_error = match &created {
        Some(Err(AppError::Invalid(errors))) => errors.get(Field::ValidFor),
        _ => None,
    };
    let url = crate::routes::VERIFY;
    view! {
        <DocumentTitle text=Signal::derive(move || t_string!(i18n, share.title).to_string()) />
        <h1>{t!(i18n, share.title)}</h1>
        {created.map(|outcome| view! { <Created outcome /> })}
        <RevokedNotice />
        <p>{t!(i18n, share.intro, url = move || view! { <a href=crate::routes::VERIFY>{crate::api::site_facts::public_address(url)}</a> })}</p>
        <Loaded data=codes login=crate::routes::LOGIN show=|codes| view! { <CodeList codes /> } />
        <section class="account-section" aria-labelledby="create-title">
            <h2 id="create-title">{t!(i18n, share.create_title)}</h2>
            <CreateShareCodeForm error=form_error />
        </section>
        <p><a href=crate::routes::RESULTS>{t!(i18n, share.back)}</a></p>
    }
}

/// The code just created, or why it was not.
#[component]
fn Created(outcome: Result<NewShareCode, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        Ok(NewShareCode { code, expires_at_ms }) => view! {
            <div class="alert alert-success new-share-code" role="status" aria-labelledby="new-code-title">
                <h2 id="new-code-title">{t!(i18n, share.new_title)}</h2>
                <p class="share-code" id="share-code">{code}</p>
                <p>{t!(i18n, share.new_text, until = move || view! { <DayOf ms=expires_at_ms /> })}</p>
            </div>
        }
        .into_any(),
        // Shown beside the form's field.
        Err(AppError::Invalid(_)) => ().into_any(),
        Err(AppError::NotFound) => view! { <p class="alert alert-error" role="alert">{t!(i18n, share.not_released)}</p> }.into_any(),
        Err(e) => view! { <ErrorAlert error=e /> }.into_any(),
    }
}

/// "The code was revoked" after the Revoke button's post (`?done=revoked`).
#[component]
fn RevokedNotice() -> impl IntoView {
    let i18n = use_i18n();
    let done = value_sent_back("done");
    move || {
        (done.get() == "revoked").then(|| view! { <p class="alert alert-success" role="status" id="revoked">{t!(i18n, share.revoked_done)}</p> })
    }
}

#[component]
fn CodeList(codes: Vec<ShareCodeView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="account-section" aria-labelledby="codes-title">
            <h2 id="codes-title">{t!(i18n, share.list_title)}</h2>
            {if codes.is_empty() {
                view! { <p id="no-codes">{t!(i18n, share.none)}</p> }.into_any()
            } else {
                view! { <ul class="share-codes">{codes.into_iter().map(|code| view! { <CodeItem code /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn CodeItem(code: ShareCodeView) -> impl IntoView {
    let i18n = use_i18n();
    let ShareCodeView {
        id,
        created_at_ms,
        expires_at_ms,
        revoked_at_ms,
        live,
        checks,
    } = code;
    let title_id = format!("code-{id}");
    let state = match revoked_at_ms {
        Some(at) => t!(
            i18n,
            share.revoked,
            date = move || view! { <DayOf ms=at /> }
        )
        .into_any(),
        None if live => t!(
            i18n,
            share.valid_until,
            date = move || view! { <DayOf ms=expires_at_ms /> }
        )
        .into_any(),
        None => t!(
            i18n,
            share.expired,
            date = move || view! { <DayOf ms=expires_at_ms /> }
        )
        .into_any(),
    };
    let uses = match checks.first() {
        None => t!(i18n, share.not_used).into_any(),
        Some(last) => {
            let (count, last_ms) = (checks.len().to_string(), last.at_ms);
            t!(
                i18n,
                share.used,
                count = count,
                date = move || view! { <MomentUtc ms=last_ms /> }
            )
            .into_any()
        }
    };
    view! {
        <li class="share-code-item" class:share-code-dead=!live aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{t!(i18n, share.code_created, date = move || view! { <DayOf ms=created_at_ms /> })}</h3>
            <p class="share-code-state">{state}</p>
            <p class="share-code-uses">{uses}</p>
            {(!checks.is_empty()).then(|| view! {
                <ul class="share-checks">
                    {checks.into_iter().map(|check| {
                        let at = check.at_ms;
                        match check.organisation {
                            Some(organisation) => view! { <li>{t!(i18n, share.checked_by, date = move || view! { <MomentUtc ms=at /> }, organisation = move || organisation.clone())}</li> }.into_any(),
                            None => view! { <li>{t!(i18n, share.checked_by_unnamed, date = move || view! { <MomentUtc ms=at /> })}</li> }.into_any(),
                        }
                    }).collect_view()}
                </ul>
            })}
            {live.then(|| view! { <RevokeButton id title_id=title_id.clone() /> })}
        </li>
    }
}

/// A plain form posting to the revoke function, with or without JavaScript.
#[component]
fn RevokeButton(id: i64, title_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RevokeShareCode>::new();
    view! {
        <ActionForm action attr:class="form revoke-form">
            <input type="hidden" name="code" value=id.to_string() />
            <button type="submit" class="button danger" aria-describedby=title_id>{t!(i18n, share.revoke)}</button>
        </ActionForm>
    }
}

/// "How long should the code work?" and the button: a plain post to the
/// share-codes page, which answers with the new code.
#[component]
pub fn CreateShareCodeForm(error: Option<crate::domain::ValidationError>) -> impl IntoView {
    let i18n = use_i18n();
    let message = error.map(|e| validation_message(i18n, e));
    let invalid = message.is_some();
    view! {
        <form method="post" action=crate::routes::SHARE_CODES class="form" id="share-form">
            <fieldset class="field" class:field-invalid=invalid aria-describedby=invalid.then_some("valid_for-error")>
                <legend>{t!(i18n, share.valid_for)}</legend>
                <p class="error" id="valid_for-error">{message}</p>
                {<ValidFor as strum::IntoEnumIterator>::iter().map(|v| {
                    let id = format!("valid_for_{}", v.days());
                    let days = v.days().to_string();
                    view! {
                        <div class="field checkbox">
                            <input type="radio" id=id.clone() name="valid_for" value=days.clone() checked=v == ValidFor::Month />
                            <label for=id>{t!(i18n, share.days, days = days.clone())}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">{t!(i18n, share.create)}</button>
        </form>
    }
}
