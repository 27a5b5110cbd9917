use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;
use server_fn::error::ServerFnUrlError;

use crate::api::{AppError, TokenProblem};
use crate::domain::ValidationError;
use crate::i18n::{Locale, t, t_string};

type I18n = leptos_i18n::I18nContext<Locale>;

/// [`ValidationError::text`] in the page's current language (tracked, so
/// the message follows a language switch).
pub fn validation_message(i18n: I18n, e: ValidationError) -> String {
    e.text(i18n.get_locale()).to_owned()
}

/// The words for a failed request; field errors are shown beside their fields.
pub fn app_error_message(i18n: I18n, e: &AppError) -> AnyView {
    if let AppError::Internal { reference } = e {
        let reference = reference.clone();
        return view! { {t!(i18n, errors.internal, reference = move || reference.clone())} }
            .into_any();
    }
    if let AppError::TooManyAttempts {
        retry_after_seconds,
    } = e
    {
        let minutes = ((retry_after_seconds + 59) / 60).max(1).to_string();
        return view! { {t!(i18n, errors.too_many_attempts, minutes = minutes)} }.into_any();
    }
    if let AppError::Busy {
        retry_after_seconds,
    } = e
    {
        let seconds = retry_after_seconds.to_string();
        return view! { {t!(i18n, errors.busy, seconds = seconds)} }.into_any();
    }
    let text = match e {
        AppError::Invalid(_) => t_string!(i18n, errors.invalid).to_string(),
        AppError::EntryNotMatched => t_string!(i18n, errors.entry_not_matched).to_string(),
        AppError::AlreadyRegistered => t_string!(i18n, errors.already_registered).to_string(),
        AppError::CredentialsRejected => t_string!(i18n, errors.credentials_rejected).to_string(),
        AppError::EmailNotConfirmed => t_string!(i18n, errors.email_not_confirmed).to_string(),
        AppError::TokenInvalid(TokenProblem::Unknown) => {
            t_string!(i18n, errors.token_unknown).to_string()
        }
        AppError::TokenInvalid(TokenProblem::Expired) => {
            t_string!(i18n, errors.token_expired).to_string()
        }
        AppError::TokenInvalid(TokenProblem::Used) => {
            t_string!(i18n, errors.token_used).to_string()
        }
        AppError::TokenInvalid(TokenProblem::Superseded) => {
            t_string!(i18n, errors.token_superseded).to_string()
        }
        AppError::NotSignedIn => t_string!(i18n, errors.not_signed_in).to_string(),
        AppError::NotFound => t_string!(i18n, errors.not_found).to_string(),
        AppError::NotVerified => t_string!(i18n, verify.refused).to_string(),
        AppError::Internal { .. }
        | AppError::Request(_)
        | AppError::TooManyAttempts { .. }
        | AppError::Busy { .. } => t_string!(i18n, errors.request).to_string(),
    };
    text.into_any()
}

/// The error of server function `F` carried in the URL after a plain form
/// post (no JavaScript): the server redirects back with `__path` and `__err`.
pub fn error_from_url<F: ServerFn<Error = AppError>>() -> Memo<Option<AppError>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let path = q.get_str("__path")?;
            // Paths are compared without any leading slash or prefix difference.
            if path.trim_start_matches('/') != F::PATH.trim_start_matches('/') {
                return None;
            }
            q.get_str("__err")
                .map(ServerFnUrlError::<AppError>::decode_err)
        })
    })
}

/// A translated message with placeholders left as `{name}`, for the browser
/// to fill in (`enhance`): the words stay in the locale files, and the
/// WebAssembly carries none of them. Rendered on the server only.
pub fn template(message: impl IntoView) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::server::texts::plain(message)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = message;
        String::new()
    }
}
