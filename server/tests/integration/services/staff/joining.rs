//! Invitations: a password chosen once, then an app added before any
//! portal page; seventy-two hours, one address, one centre.

use app::domain::{CentreCode, Email, Field, StaffRole, TokenProblem, ValidationError};
use app::i18n::Locale;
use app::server::ServiceError;
use app::server::staff::audit::Actor;
use app::server::staff::{invitations, second_factor, sessions};
use chrono::Duration;

use super::{audit_actions, code, invite, lyon, password_step, wrong_code};
use crate::helpers::{Backend, STAFF_PASSWORD};
use crate::on_both_backends;
use crate::services::support::{caller, services};

on_both_backends!(
    an_invited_officer_chooses_a_password_once_then_must_add_an_app_before_any_portal_page,
    an_invitation_works_for_seventy_two_hours_for_one_address_at_one_centre,
);

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
