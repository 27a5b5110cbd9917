//! A signed-in page's data: what every such page does around it once.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::ErrorAlert;
use crate::api::AppError;
use crate::i18n::{t, use_i18n};

/// Shows `data` through `show` once it has loaded; a visitor whose session
/// ended meanwhile goes to `login`, and a failure is shown with its
/// reference. The data's resource is blocking (the page's status waits for
/// it), so a page whose data failed answers 5xx, not 200.
#[component]
pub fn Loaded<T, F, V>(
    data: Resource<Result<T, AppError>>,
    login: &'static str,
    show: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => show(value).into_any(),
                        Err(AppError::NotSignedIn) => view! { <Redirect path=login /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
