//! The second factor: each code once, recovery codes for a lost phone,
//! wrong passwords and codes limited without saying which addresses
//! exist, and the secret kept encrypted and the recovery codes keyed.

use app::domain::StaffRole;
use app::server::ServiceError;
use app::server::entities::staff;
use app::server::staff::{invitations, second_factor, sessions};
use chrono::Duration;
use sea_orm::EntityTrait;

use super::{audit_actions, code, invite, lyon, password_step, signed_in_staff, wrong_code};
use crate::helpers::{Backend, STAFF_PASSWORD};
use crate::on_both_backends;
use crate::services::support::{caller, services};

on_both_backends!(
    each_code_works_once_and_recovery_codes_stand_in_for_a_lost_phone,
    wrong_passwords_and_codes_are_limited_and_the_answer_never_says_which_addresses_exist,
    the_totp_secret_is_kept_encrypted_and_recovery_codes_keyed,
);

async fn each_code_works_once_and_recovery_codes_stand_in_for_a_lost_phone(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let email = "claire@lycee-ampere.fr";
    let token = invite(&s, &centre, email, StaffRole::Admin).await;
    invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD)
        .await
        .expect("accepted");
    let first = password_step(&s, email).await;
    let secret = second_factor::enrolment(&s.state, &first)
        .await
        .expect("enrolment")
        .secret;
    let used = code(&s, &secret, 0);
    let done = second_factor::second_step(&s.state, &first, &used)
        .await
        .expect("app added");

    // The same code, seen over a shoulder, does not sign in again.
    let second = password_step(&s, email).await;
    assert!(wrong_code(
        second_factor::second_step(&s.state, &second, &used)
            .await
            .expect_err("replayed code")
    ));
    // The next one does, also from a phone half a minute ahead.
    second_factor::second_step(&s.state, &second, &code(&s, &secret, 1))
        .await
        .expect("next code");

    let third = password_step(&s, email).await;
    let recovery = done.recovery_codes[3].to_lowercase().replace('-', " ");
    second_factor::second_step(&s.state, &third, &recovery)
        .await
        .expect("a recovery code, typed loosely");
    let fourth = password_step(&s, email).await;
    assert!(wrong_code(
        second_factor::second_step(&s.state, &fourth, &done.recovery_codes[3])
            .await
            .expect_err("used once")
    ));
    second_factor::second_step(&s.state, &fourth, &done.recovery_codes[4])
        .await
        .expect("another recovery code");
    assert!(
        audit_actions(&s)
            .await
            .iter()
            .filter(|a| *a == "recovery-code-used")
            .count()
            == 2
    );
}

async fn wrong_passwords_and_codes_are_limited_and_the_answer_never_says_which_addresses_exist(
    backend: Backend,
) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let (_, secret) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    for email in ["claire@lycee-ampere.fr", "nobody@lycee-ampere.fr"] {
        let wrong =
            sessions::sign_in(&s.state, &caller(), email, "not-the-password-00".to_owned()).await;
        assert!(
            matches!(wrong, Err(ServiceError::CredentialsRejected)),
            "{email}: {wrong:?}"
        );
    }
    let first = password_step(&s, "claire@lycee-ampere.fr").await;
    for _ in 0..5 {
        assert!(wrong_code(
            second_factor::second_step(&s.state, &first, "000000")
                .await
                .expect_err("wrong")
        ));
    }
    let limited = second_factor::second_step(&s.state, &first, &code(&s, &secret, 1)).await;
    assert!(
        matches!(limited, Err(ServiceError::TooManyAttempts { .. })),
        "even the right code waits: {limited:?}"
    );
    s.state.settings.clock.advance(Duration::minutes(61));
    let again = password_step(&s, "claire@lycee-ampere.fr").await;
    second_factor::second_step(&s.state, &again, &code(&s, &secret, 0))
        .await
        .expect("after the hour");
}

async fn the_totp_secret_is_kept_encrypted_and_recovery_codes_keyed(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let (_, secret) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    let member = staff::Entity::find()
        .one(&s.state.db)
        .await
        .expect("loaded")
        .expect("a staff member");
    let stored = member.totp_secret.expect("a secret");
    let raw = hex::encode(
        totp_rs::Secret::Encoded(secret.clone())
            .to_bytes()
            .expect("base 32"),
    );
    assert!(
        !stored.contains(&raw) && !stored.contains(&secret),
        "not in clear"
    );
    assert!(
        member
            .password_hash
            .expect("hash")
            .starts_with("$argon2id$")
    );
    let codes: Vec<String> = app::server::entities::staff_recovery_code::Entity::find()
        .all(&s.state.db)
        .await
        .expect("codes")
        .into_iter()
        .map(|c| c.code_hash)
        .collect();
    assert_eq!(codes.len(), 10);
    assert!(codes.iter().all(|h| h.len() == 64));
}
