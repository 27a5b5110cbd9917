//! What the password reset tests share: asking for a reset, using the
//! link, and the new password.

pub const NEW_PASSWORD: &str = "tulipe-ocre-48";

pub const RESET: &str = "/reset-password?token=";

pub async fn forgot(app: &crate::helpers::TestApp, id: &str) -> reqwest::Response {
    app.post("/api/forgot_password", &[("id_number", id)], None)
        .await
}

pub async fn reset(
    app: &crate::helpers::TestApp,
    token: &str,
    password: &str,
    confirmation: &str,
) -> reqwest::Response {
    app.post(
        "/api/reset_password",
        &[
            ("token", token),
            ("password", password),
            ("confirm_password", confirmation),
        ],
        None,
    )
    .await
}
