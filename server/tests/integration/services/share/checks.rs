//! Checks by institutions: one and the same answer for every refusal,
//! failed checks limited per address, and the candidate sees each
//! successful one.

use app::domain::ValidFor;
use app::server::entities::{failed_attempt, share_check};
use app::server::{ServiceError, share_codes, verification};
use chrono::Duration;
use sea_orm::{ActiveEnum, ColumnTrait, EntityTrait, QueryFilter};

use super::{input, institution, zoe};
use crate::helpers::Backend;
use crate::on_both_backends;
use crate::services::support::services;

on_both_backends!(
    a_wrong_name_an_unknown_code_an_expired_code_and_a_revoked_code_get_one_and_the_same_answer,
    failed_checks_from_one_address_are_limited_and_right_ones_are_not_counted,
    the_candidate_sees_each_successful_check_with_the_organisation_typed_and_nothing_of_failed_ones,
);

async fn a_wrong_name_an_unknown_code_an_expired_code_and_a_revoked_code_get_one_and_the_same_answer(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let week = share_codes::create(&s.state, &candidate, ValidFor::Week)
        .await
        .expect("created");
    let revoked = share_codes::create(&s.state, &candidate, ValidFor::Quarter)
        .await
        .expect("created");
    let revoked_id = share_codes::list(&s.state, &candidate).await.expect("list")[0].id;
    share_codes::revoke(&s.state, &candidate, revoked_id)
        .await
        .expect("revoked");
    let unknown = if week.code.starts_with('0') {
        "1111111111"
    } else {
        "0000000000"
    };
    let refusals = [
        verification::verify(&s.state, &institution(2), input(&week.code, "Lefebvre", "")).await,
        verification::verify(
            &s.state,
            &institution(2),
            input(unknown, "Lefèvre-Çelik", ""),
        )
        .await,
        verification::verify(
            &s.state,
            &institution(2),
            input(&revoked.code, "Lefèvre-Çelik", ""),
        )
        .await,
    ];
    s.state
        .settings
        .clock
        .advance(Duration::days(7) + Duration::seconds(1));
    let expired = verification::verify(
        &s.state,
        &institution(2),
        input(&week.code, "Lefèvre-Çelik", ""),
    )
    .await;
    for refusal in refusals.into_iter().chain([expired]) {
        assert!(
            matches!(refusal, Err(ServiceError::NotVerified)),
            "{refusal:?}"
        );
    }
    let outcomes: Vec<String> = share_check::Entity::find()
        .all(&s.state.db)
        .await
        .expect("checks")
        .into_iter()
        .map(|c| c.outcome.to_value())
        .collect();
    assert_eq!(
        outcomes,
        ["wrong_name", "unknown", "revoked", "expired"],
        "each check is recorded with why it failed"
    );
}

async fn failed_checks_from_one_address_are_limited_and_right_ones_are_not_counted(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let code = share_codes::create(&s.state, &candidate, ValidFor::Month)
        .await
        .expect("created")
        .code;
    let limit = s.state.settings.attempts_per_ip_per_hour;
    for _ in 0..3 {
        verification::verify(&s.state, &institution(3), input(&code, "Lefèvre-Çelik", ""))
            .await
            .expect("a right check");
    }
    for _ in 0..limit {
        let wrong =
            verification::verify(&s.state, &institution(3), input(&code, "Martin", "")).await;
        assert!(matches!(wrong, Err(ServiceError::NotVerified)), "{wrong:?}");
    }
    let counted = failed_attempt::Entity::find()
        .filter(failed_attempt::Column::Kind.eq("share"))
        .all(&s.state.db)
        .await
        .expect("counters");
    assert_eq!(counted.len(), limit, "only the wrong checks count");
    let refused =
        verification::verify(&s.state, &institution(3), input(&code, "Lefèvre-Çelik", "")).await;
    assert!(
        matches!(refused, Err(ServiceError::TooManyAttempts { retry_after_seconds }) if retry_after_seconds > 0),
        "{refused:?}"
    );
    // Another address is not held up.
    verification::verify(&s.state, &institution(4), input(&code, "Lefèvre-Çelik", ""))
        .await
        .expect("another address");
    s.state
        .settings
        .clock
        .advance(Duration::hours(1) + Duration::seconds(1));
    verification::verify(&s.state, &institution(3), input(&code, "Lefèvre-Çelik", ""))
        .await
        .expect("after an hour");
}

async fn the_candidate_sees_each_successful_check_with_the_organisation_typed_and_nothing_of_failed_ones(
    backend: Backend,
) {
    let s = services(backend).await;
    let candidate = zoe(&s).await;
    let code = share_codes::create(&s.state, &candidate, ValidFor::Month)
        .await
        .expect("created")
        .code;
    verification::verify(
        &s.state,
        &institution(5),
        input(&code, "Lefèvre-Çelik", "Université de Lyon"),
    )
    .await
    .expect("verified");
    let _ = verification::verify(
        &s.state,
        &institution(5),
        input(&code, "Moreau", "Someone guessing"),
    )
    .await;
    verification::verify(&s.state, &institution(6), input(&code, "LEFEVRE-CELIK", ""))
        .await
        .expect("verified");
    let codes = share_codes::list(&s.state, &candidate).await.expect("list");
    assert_eq!(codes.len(), 1);
    let organisations: Vec<Option<&str>> = codes[0]
        .checks
        .iter()
        .map(|c| c.organisation.as_deref())
        .collect();
    assert_eq!(
        organisations,
        [None, Some("Université de Lyon")],
        "newest first, failed checks left out"
    );
    assert!(codes[0].live);
    let stored = share_check::Entity::find()
        .all(&s.state.db)
        .await
        .expect("checks");
    assert!(
        stored.iter().all(|c| c
            .client_hash
            .as_deref()
            .is_some_and(|h| h.len() == 64 && !h.contains("198.51"))),
        "addresses kept only as keyed hashes"
    );
}
