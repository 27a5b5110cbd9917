use app::domain::{Field, ValidationError};
use app::server::links::{self, Purpose};
use app::server::{ServiceError, ServiceResult, account_settings, recovery};

use super::support::services;
use crate::helpers::{Backend, PASSWORD};
use crate::on_both_backends;

on_both_backends!(registration_reset_and_change_refuse_the_same_passwords);

/// What the rules said of a password: accepted, or the problem beside the
/// password field.
fn verdict<T>(outcome: ServiceResult<T>) -> Result<(), ValidationError> {
    match outcome {
        Ok(_) => Ok(()),
        Err(ServiceError::Invalid(errors)) => Err(errors
            .get(Field::Password)
            .unwrap_or_else(|| panic!("not a password problem: {errors:?}"))),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

async fn registration_reset_and_change_refuse_the_same_passwords(backend: Backend) {
    let s = services(backend).await;
    // SIR094701 (Marie Lefebvre) changes and resets its password while
    // SIR094702 (Thomas Moreau) registers: each line is the same kind of
    // password for each owner.
    s.confirmed_account("SIR094701", "4821").await;
    let signed_in = s.signed_in("SIR094701").await;
    let now = s.state.settings.clock.now();
    let cases: [(&str, &str, Result<(), ValidationError>); 5] = [
        // (for SIR094701, for SIR094702, expected)
        (
            "lefebvre2026",
            "moreau2026",
            Err(ValidationError::PasswordTooCommon),
        ),
        // Common only because it is built on the family name.
        (
            "Lefebvre!42",
            "Moreau!42",
            Err(ValidationError::PasswordTooCommon),
        ),
        (
            "azerty123",
            "azerty123",
            Err(ValidationError::PasswordTooCommon),
        ),
        (
            "sir094701ab",
            "sir094702ab",
            Err(ValidationError::PasswordContainsIdNumber),
        ),
        ("tulipe-ocre-48", "vague lente 37", Ok(())),
    ];
    for (mine, theirs, expected) in cases {
        let registered = verdict(s.register("SIR094702", "1907", theirs).await);
        // A change before the reset: an accepted reset ends every session.
        let changed = verdict(
            account_settings::change_password(
                &s.state,
                &signed_in,
                PASSWORD.to_owned(),
                mine,
                mine,
            )
            .await,
        );
        let token = links::issue(
            &s.state.db,
            s.account_of("SIR094701").await.id,
            Purpose::ResetPassword,
            None,
            now,
            chrono::Duration::hours(1),
        )
        .await
        .expect("link");
        let reset = verdict(recovery::reset_password(&s.state, &token, mine, mine).await);
        assert_eq!(
            (registered, changed, reset),
            (expected, expected, expected),
            "{mine} / {theirs}"
        );
        if expected.is_ok() {
            break;
        }
    }
}
