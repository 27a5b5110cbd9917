//! The centre portal's staff: invitations, the second factor, sessions,
//! and the audit log of it all.

use app::domain::{CentreCode, Email, Field, StaffRole, TokenProblem, ValidationError};
use app::i18n::Locale;
use app::server::entities::{audit_entry, staff};
use app::server::staff::audit::Actor;
use app::server::staff::{invitations, second_factor, sessions};
use app::server::{Caller, ServiceError};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::support::{Services, caller, services};
use crate::helpers::Backend;
use crate::on_both_backends;

on_both_backends!(
    an_invited_officer_chooses_a_password_once_then_must_add_an_app_before_any_portal_page,
    each_code_works_once_and_recovery_codes_stand_in_for_a_lost_phone,
    an_invitation_works_for_seventy_two_hours_for_one_address_at_one_centre,
    wrong_passwords_and_codes_are_limited_and_the_answer_never_says_which_addresses_exist,
    a_staff_session_ends_after_fifteen_idle_minutes,
    the_totp_secret_is_kept_encrypted_and_recovery_codes_keyed,
);

pub const STAFF_PASSWORD: &str = "portail-2026-centre";

pub async fn lyon(s: &Services) -> CentreCode {
    crate::helpers::add_centre(&s.state.db, "FR-LYON-02").await
}

/// Invites `email` to `centre` and returns the invitation link's token.
pub async fn invite(s: &Services, centre: &CentreCode, email: &str, role: StaffRole) -> String {
    let email = Email::parse(email).expect("email");
    invitations::invite(
        &s.state,
        centre,
        &email,
        role,
        Locale::fr,
        &Actor::operator(),
    )
    .await
    .expect("invited");
    s.last_link("/centre/invitation?token=").await
}

/// The code the app shows for `secret` (base 32) at the services' time,
/// `steps` steps of 30 s away.
pub fn code(s: &Services, secret: &str, steps: i64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_owned())
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
    let at = s.state.settings.clock.now().timestamp() + steps * 30;
    totp.generate(u64::try_from(at).expect("after 1970"))
}

/// A staff member invited, with a password, signed in with the password only.
pub async fn password_step(s: &Services, email: &str) -> Caller {
    let session = sessions::sign_in(&s.state, &caller(), email, STAFF_PASSWORD.to_owned())
        .await
        .expect("password accepted");
    caller().with_staff_session(&session.token)
}

/// A staff member of `centre` past both factors; returns them and their app's secret.
pub async fn signed_in_staff(s: &Services, centre: &CentreCode, email: &str) -> (Caller, String) {
    let token = invite(s, centre, email, StaffRole::Officer).await;
    invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD)
        .await
        .expect("accepted");
    let first = password_step(s, email).await;
    let secret = second_factor::enrolment(&s.state, &first)
        .await
        .expect("enrolment")
        .secret;
    let done = second_factor::second_step(&s.state, &first, &code(s, &secret, 0))
        .await
        .expect("app added");
    (caller().with_staff_session(&done.session.token), secret)
}

/// Lyon's log, oldest first.
async fn audit_actions(s: &Services) -> Vec<String> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::CentreCode.eq("FR-LYON-02"))
        .order_by_asc(audit_entry::Column::Id)
        .all(&s.state.db)
        .await
        .expect("log")
        .into_iter()
        .map(|e| e.action.name())
        .collect()
}

fn wrong_code(e: ServiceError) -> bool {
    matches!(e, ServiceError::Invalid(errors) if errors.0 == vec![(Field::Code, ValidationError::WrongCode)])
}

async fn an_invited_officer_chooses_a_password_once_then_must_add_an_app_before_any_portal_page(
    backend: Backend,
) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let token = invite(
        &s,
        &centre,
        "Claire.Dupont@Lycee-Ampere.fr",
        StaffRole::Officer,
    )
    .await;
    let mail = s.last_email().await;
    assert_eq!(mail.recipient, "claire.dupont@lycee-ampere.fr");
    assert!(
        mail.text_body.contains("Lycée Ampère") && mail.text_body.contains("72 heures"),
        "in the language asked:\n{}",
        mail.text_body
    );
    assert_eq!(
        invitations::invitation_for(&s.state, &token)
            .await
            .expect("live"),
        "claire.dupont@lycee-ampere.fr"
    );

    let weak = invitations::accept(&s.state, &caller(), &token, "short1", "short1").await;
    assert!(
        matches!(weak, Err(ServiceError::Invalid(ref e)) if e.get(Field::Password) == Some(ValidationError::PasswordTooShort)),
        "{weak:?}"
    );
    let before = sessions::sign_in(
        &s.state,
        &caller(),
        "claire.dupont@lycee-ampere.fr",
        STAFF_PASSWORD.to_owned(),
    )
    .await;
    assert!(
        matches!(before, Err(ServiceError::CredentialsRejected)),
        "no password before the invitation is accepted"
    );
    invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD)
        .await
        .expect("accepted");
    let again =
        invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD).await;
    assert!(
        matches!(again, Err(ServiceError::TokenInvalid(TokenProblem::Used))),
        "{again:?}"
    );

    // The password alone opens nothing but the second step.
    let first = password_step(&s, "CLAIRE.DUPONT@lycee-ampere.fr").await;
    assert!(matches!(
        sessions::require_staff(&s.state, &first).await,
        Err(ServiceError::NotSignedIn)
    ));
    let enrolment = second_factor::enrolment(&s.state, &first)
        .await
        .expect("enrolment");
    assert!(
        enrolment
            .otpauth_url
            .starts_with("otpauth://totp/Results%20Online:claire.dupont%40lycee-ampere.fr?secret="),
        "{}",
        enrolment.otpauth_url
    );
    assert_eq!(
        second_factor::enrolment(&s.state, &first)
            .await
            .expect("again")
            .secret,
        enrolment.secret,
        "a reloaded page shows the app it scanned"
    );
    assert!(wrong_code(
        second_factor::second_step(&s.state, &first, &code(&s, &enrolment.secret, 5))
            .await
            .expect_err("a code from the future")
    ));
    let done = second_factor::second_step(&s.state, &first, &code(&s, &enrolment.secret, 0))
        .await
        .expect("app added");
    assert_eq!(done.recovery_codes.len(), 10);
    assert!(
        done.recovery_codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'),
        "{:?}",
        done.recovery_codes
    );

    // A new session id past the second factor; the password-only one is gone.
    assert!(
        sessions::current(&s.state, &first)
            .await
            .expect("looked up")
            .is_none()
    );
    let portal = caller().with_staff_session(&done.session.token);
    let signed_in = sessions::require_staff(&s.state, &portal)
        .await
        .expect("signed in");
    let view = signed_in.view();
    assert_eq!(
        (
            view.centre_code.as_str(),
            view.centre_name.as_str(),
            view.role
        ),
        ("FR-LYON-02", "Lycée Ampère", StaffRole::Officer)
    );
    assert!(
        matches!(
            second_factor::enrolment(&s.state, &portal).await,
            Err(ServiceError::NotFound)
        ),
        "the app is added once"
    );
    assert_eq!(
        audit_actions(&s).await,
        [
            "centre-added",
            "invitation",
            "invitation-accepted",
            "second-factor-added",
            "sign-in"
        ]
    );
    sessions::sign_out(&s.state, &portal)
        .await
        .expect("signed out");
    assert_eq!(
        audit_actions(&s).await.last().map(String::as_str),
        Some("sign-out")
    );
    assert!(matches!(
        sessions::require_staff(&s.state, &portal).await,
        Err(ServiceError::NotSignedIn)
    ));
}

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

async fn an_invitation_works_for_seventy_two_hours_for_one_address_at_one_centre(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let old = invite(&s, &centre, "paul@lycee-ampere.fr", StaffRole::Officer).await;
    let token = invite(&s, &centre, "paul@lycee-ampere.fr", StaffRole::Admin).await;
    assert!(
        matches!(
            invitations::invitation_for(&s.state, &old).await,
            Err(ServiceError::TokenInvalid(TokenProblem::Unknown))
        ),
        "a new link replaces the old"
    );
    s.state.settings.clock.advance(Duration::hours(72));
    let late =
        invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD).await;
    assert!(
        matches!(late, Err(ServiceError::TokenInvalid(TokenProblem::Expired))),
        "{late:?}"
    );
    let token = invite(&s, &centre, "paul@lycee-ampere.fr", StaffRole::Admin).await;
    invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD)
        .await
        .expect("accepted");

    let paul = Email::parse("paul@lycee-ampere.fr").expect("email");
    let twice = invitations::invite(
        &s.state,
        &centre,
        &paul,
        StaffRole::Officer,
        Locale::en,
        &Actor::operator(),
    )
    .await;
    assert!(
        matches!(twice, Err(ServiceError::AlreadyRegistered)),
        "{twice:?}"
    );
    let elsewhere = invitations::invite(
        &s.state,
        &CentreCode::default_centre(),
        &paul,
        StaffRole::Officer,
        Locale::en,
        &Actor::operator(),
    )
    .await;
    assert!(
        matches!(elsewhere, Err(ServiceError::AlreadyRegistered)),
        "one address, one centre"
    );
    let nowhere = invitations::invite(
        &s.state,
        &CentreCode::parse("FR-NOWHERE").expect("code"),
        &paul,
        StaffRole::Officer,
        Locale::en,
        &Actor::operator(),
    )
    .await;
    assert!(matches!(nowhere, Err(ServiceError::NotFound)));
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

async fn a_staff_session_ends_after_fifteen_idle_minutes(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let (portal, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    s.state.settings.clock.advance(Duration::minutes(14));
    sessions::require_staff(&s.state, &portal)
        .await
        .expect("14 idle minutes: still signed in");
    s.state.settings.clock.advance(Duration::minutes(14));
    sessions::require_staff(&s.state, &portal)
        .await
        .expect("the last request counted as activity");
    s.state.settings.clock.advance(Duration::minutes(15));
    assert!(matches!(
        sessions::require_staff(&s.state, &portal).await,
        Err(ServiceError::NotSignedIn)
    ));
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
