//! A staff member's sign-in: a right password forgives the typos before
//! it, and a row whose role cannot be read opens nothing.

use app::domain::StaffRole;
use app::server::ServiceError;
use app::server::staff::{invitations, sessions};
use sea_orm::ConnectionTrait;

use super::failed;
use crate::helpers::{Backend, STAFF_PASSWORD};
use crate::on_both_backends;
use crate::services::staff::{invite, lyon, signed_in_staff};
use crate::services::support::{caller, services};

on_both_backends!(
    a_right_staff_password_forgives_the_typos_before_it,
    a_staff_row_whose_role_cannot_be_read_opens_nothing,
);

async fn a_right_staff_password_forgives_the_typos_before_it(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let token = invite(&s, &centre, "claire@lycee-ampere.fr", StaffRole::Officer).await;
    invitations::accept(&s.state, &caller(), &token, STAFF_PASSWORD, STAFF_PASSWORD)
        .await
        .expect("accepted");
    let browser = caller();
    let sign_in = |password: &'static str| {
        sessions::sign_in(
            &s.state,
            &browser,
            "claire@lycee-ampere.fr",
            password.to_owned(),
        )
    };
    // Four typos at a time, each time followed by the right password: a
    // day of ordinary sign-ins. None of them may ever have to wait.
    for round in 0..3 {
        for _ in 0..4 {
            let typo = sign_in("portail-2026-centr").await;
            assert!(
                matches!(typo, Err(ServiceError::CredentialsRejected)),
                "round {round}: {typo:?}"
            );
        }
        sign_in(STAFF_PASSWORD).await.expect("the right password");
    }
    // The fifth typo in a row is where the wait begins.
    for _ in 0..5 {
        assert!(matches!(
            sign_in("x-portail-2026").await,
            Err(ServiceError::CredentialsRejected)
        ));
    }
    assert!(matches!(
        sign_in(STAFF_PASSWORD).await,
        Err(ServiceError::TooManyAttempts { .. })
    ));
}

async fn a_staff_row_whose_role_cannot_be_read_opens_nothing(backend: Backend) {
    let s = services(backend).await;
    let centre = lyon(&s).await;
    let (staff, _) = signed_in_staff(&s, &centre, "claire@lycee-ampere.fr").await;
    s.state
        .db
        .execute_unprepared("UPDATE staff SET role = 'root'")
        .await
        .expect("role changed behind our back");
    let refused = sessions::require_staff(&s.state, &staff).await;
    assert!(failed(refused), "neither an officer nor an admin");
    let again = sessions::sign_in(
        &s.state,
        &caller(),
        "claire@lycee-ampere.fr",
        STAFF_PASSWORD.to_owned(),
    )
    .await;
    assert!(failed(again), "not even the password step");
}
