use app::server::throttle::{self, Guess};
use app::server::{Caller, ServiceError};

use super::support::{caller, services, services_with};
use crate::helpers::Backend;
use crate::on_both_backends;

on_both_backends!(
    the_sixth_wrong_secret_number_of_an_hour_waits_for_the_first_to_age,
    a_client_address_is_limited_across_id_numbers_and_others_are_not,
);

async fn the_sixth_wrong_secret_number_of_an_hour_waits_for_the_first_to_age(backend: Backend) {
    let s = services(backend).await;
    for _ in 0..5 {
        assert!(matches!(
            s.register("SIR094701", "0000", "resultats69").await,
            Err(ServiceError::EntryNotMatched)
        ));
        s.state.settings.clock.advance(chrono::Duration::minutes(1));
    }
    // The right Secret Number too: the limit is reached before it is checked.
    let refused = s.register("SIR094701", "4821", "resultats69").await;
    let Err(ServiceError::TooManyAttempts {
        retry_after_seconds,
    }) = refused
    else {
        panic!("{refused:?}")
    };
    assert!(
        (55 * 60..=56 * 60).contains(&retry_after_seconds),
        "{retry_after_seconds}"
    );
    s.state
        .settings
        .clock
        .advance(chrono::Duration::seconds(retry_after_seconds));
    assert!(s.register("SIR094701", "4821", "resultats69").await.is_ok());
}

async fn a_client_address_is_limited_across_id_numbers_and_others_are_not(backend: Backend) {
    let s = services_with(backend, |c| c.attempts_per_ip_per_hour = 3).await;
    for n in 0..3 {
        let attempt = throttle::attempt(
            &s.state,
            Guess::Password,
            &format!("SIR10000{n}"),
            caller().ip.as_deref(),
        )
        .await
        .expect("counted");
        attempt.failed(&s.state).await.expect("recorded");
    }
    let refused = throttle::attempt(
        &s.state,
        Guess::Password,
        "SIR200000",
        caller().ip.as_deref(),
    )
    .await;
    assert!(
        matches!(refused, Err(ServiceError::TooManyAttempts { .. })),
        "{:?}",
        refused.err()
    );
    let elsewhere = Caller::from_ip("198.51.100.20");
    assert!(
        throttle::attempt(
            &s.state,
            Guess::Password,
            "SIR200000",
            elsewhere.ip.as_deref()
        )
        .await
        .is_ok()
    );
}
