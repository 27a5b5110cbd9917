use leptos::prelude::*;

/// Where "Password strength: weak — …" appears under a new-password field
/// as the candidate types (announced politely, never blocking): drawn
/// empty by the server, filled in by the browser (`enhance`). Only a hint:
/// the server's common-password check decides.
#[component]
pub fn PasswordStrength(
    /// The id the field's `aria-describedby` points at.
    id: &'static str,
) -> impl IntoView {
    view! { <p class="strength" id=id aria-live="polite"></p> }
}
