use leptos::prelude::*;

use crate::domain::{Strength, estimate_strength};
use crate::i18n::{t, use_i18n};

/// "Password strength: weak — …" under a new-password field, updated as the
/// candidate types (announced politely, never blocking). Only a hint: the
/// server's common-password check decides.
#[component]
pub fn PasswordStrength(
    /// What the password field holds now.
    #[prop(into)]
    password: Signal<String>,
    /// The id the field's `aria-describedby` can point at.
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let strength = Memo::new(move |_| password.with(|p| (!p.is_empty()).then(|| estimate_strength(p))));
    view! {
        <p class="strength" id=id aria-live="polite" data-strength=move || strength.get().map(|s| format!("{s:?}").to_lowercase())>
            {move || strength.get().map(|s| view! {
                <span class="strength-label">{t!(i18n, password_strength.label)}</span>
                " "
                <span class="strength-value">{match s {
                    Strength::Weak => t!(i18n, password_strength.weak).into_any(),
                    Strength::Fair => t!(i18n, password_strength.fair).into_any(),
                    Strength::Strong => t!(i18n, password_strength.strong).into_any(),
                }}</span>
            })}
        </p>
    }
}
