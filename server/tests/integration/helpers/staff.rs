//! What the centre staff in the tests know: their password and their
//! authenticator app's codes.

/// The password the tests' centre staff choose when they accept an invitation.
pub const STAFF_PASSWORD: &str = "portail-2026-centre";

/// The 6-digit code an authenticator app shows for `secret` (base 32, as
/// shown to staff: spaces are ignored) at `at_unix` (seconds since 1970).
pub fn totp_code(secret: &str, at_unix: i64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.replace(' ', ""))
        .to_bytes()
        .expect("base 32");
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        String::new(),
    )
    .expect("totp");
    totp.generate(u64::try_from(at_unix).expect("after 1970"))
}
